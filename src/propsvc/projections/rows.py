"""A per-run cache of read-model rows: preload by key in one query, write with executemany."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, insert, select, tuple_

Key = tuple[Any, ...]
MAX_CACHED = 50_000


class RowCache:
    def __init__(self, table: Table, *, assume_empty: bool = False) -> None:
        self.table = table
        self.pk = [c.name for c in table.primary_key.columns]
        self.rows: dict[Key, dict[str, Any]] = {}
        self.stored: set[Key] = set()
        self.dirty: set[Key] = set()
        self.assume_empty = assume_empty

    def preload(self, conn: Connection, keys: Iterable[Key]) -> None:
        missing = [k for k in set(keys) if k not in self.rows]
        if not missing or self.assume_empty:
            return
        cols = [self.table.c[name] for name in self.pk]
        for start in range(0, len(missing), 400):
            chunk = missing[start:start + 400]
            if len(cols) == 1:
                cond = cols[0].in_([k[0] for k in chunk])
            else:
                cond = tuple_(*cols).in_(chunk)
            for row in conn.execute(select(self.table).where(cond)).mappings():
                key = tuple(row[name] for name in self.pk)
                self.rows[key] = dict(row)
                self.stored.add(key)

    def get(self, key: Key) -> dict[str, Any] | None:
        return self.rows.get(key)

    def put(self, row: dict[str, Any]) -> None:
        key = tuple(row[name] for name in self.pk)
        self.rows[key] = row
        self.dirty.add(key)

    def flush(self, conn: Connection) -> None:
        new = [self.rows[k] for k in self.dirty if k not in self.stored]
        old = [self.rows[k] for k in self.dirty if k in self.stored]
        if new:
            conn.execute(insert(self.table), new)
        if old:
            where = and_(*(self.table.c[n] == bindparam(f"pk_{n}") for n in self.pk))
            params = [{**row, **{f"pk_{n}": row[n] for n in self.pk}} for row in old]
            conn.execute(self.table.update().where(where), params)
        self.stored.update(self.dirty)
        self.dirty.clear()
        if len(self.rows) > MAX_CACHED:
            self.reset()

    def reset(self) -> None:
        """Forget everything (after a rollback, or to bound memory)."""
        self.rows.clear()
        self.stored.clear()
        self.dirty.clear()
        self.assume_empty = False
