"""A per-run cache of read-model rows: preload by key in one query, write with executemany.

Writes go to the driver's ``executemany`` with SQL built once per table and column set,
and each value converted by the column type's own SQLAlchemy bind processor — the same
values SQLAlchemy Core would send, without its per-row parameter compilation.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from heapq import merge
from itertools import islice
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Dialect, Table, and_, bindparam, insert, select, tuple_

from propsvc.projections.tables.base import UTC_

Key = tuple[Any, ...]
MAX_CACHED = 20_000  # rows per table; a rebuild evicts the least recently written half
MARKS = {"qmark": "?", "format": "%s", "pyformat": "%s"}  # positional marks per paramstyle
MEMO_SIZE = 100_000  # converted UTC_ times kept per dialect
_UTC_MEMOS: dict[tuple[str, str], dict[datetime, Any]] = {}


class _Statement:
    """One INSERT or UPDATE of a table for a fixed set of columns, ready for executemany."""

    def __init__(self, table: Table, dialect: Dialect, columns: Sequence[str],
                 where: Sequence[str] = ()) -> None:
        prep = dialect.identifier_preparer
        mark = MARKS[dialect.paramstyle]
        name = prep.format_table(table)
        cols = [prep.format_column(table.c[c]) for c in columns]
        if where:
            sets = ", ".join(f"{c} = {mark}" for c in cols)
            conds = " AND ".join(f"{prep.format_column(table.c[c])} = {mark}" for c in where)
            self.sql = f"UPDATE {name} SET {sets} WHERE {conds}"
        else:
            self.sql = (f"INSERT INTO {name} ({', '.join(cols)}) "
                        f"VALUES ({', '.join([mark] * len(cols))})")
        names = [*columns, *where]
        self.get = itemgetter(*names) if len(names) > 1 else (lambda row: (row[names[0]],))
        # (position, processor, memo or None): a processor that maps None to None is
        # skipped for None; UTC_ times are memoised (rows are rewritten with the same times
        # batch after batch, and their conversion depends on the instant alone)
        self.convert: list[tuple[int, Callable[[Any], Any], dict[Any, Any] | None]] = []
        self.keeps_none: list[bool] = []
        for i, c in enumerate(names):
            column_type = table.c[c].type
            proc = column_type.dialect_impl(dialect).bind_processor(dialect)
            if proc is not None:
                memo = None
                if type(column_type) is UTC_:
                    # one memo for every UTC_ column of the dialect: an event's time shows
                    # up in several columns and tables
                    memo = _UTC_MEMOS.setdefault((dialect.name, dialect.driver), {})
                self.convert.append((i, proc, memo))
                self.keeps_none.append(proc(None) is None)

    def params(self, rows: Iterable[dict[str, Any]]) -> list[tuple[Any, ...]]:
        get, convert = self.get, self.convert
        if not convert:
            return [get(row) for row in rows]
        for _, _, memo in convert:
            if memo is not None and len(memo) > MEMO_SIZE:
                memo.clear()
        keeps_none = self.keeps_none
        out = []
        for row in rows:
            values = list(get(row))
            for n, (i, proc, memo) in enumerate(convert):
                v = values[i]
                if v is None:
                    if not keeps_none[n]:
                        values[i] = proc(v)
                elif memo is not None and type(v) is datetime and v.tzinfo is not None:
                    try:
                        values[i] = memo[v]
                    except KeyError:
                        values[i] = memo[v] = proc(v)
                else:
                    values[i] = proc(v)
            out.append(tuple(values))
        return out


class _Hashes:
    """A compact set of key hashes (8 bytes each): the keys of rows written and then
    evicted during a rebuild. A hit may be a collision, so it means "ask the database";
    a miss means the row was never written."""

    def __init__(self) -> None:
        self.sorted = array("q")
        self.pending: set[int] = set()

    def add(self, hashes: Iterable[int]) -> None:
        self.pending.update(hashes)
        if len(self.pending) > 200_000:
            self.sorted = array("q", merge(self.sorted, sorted(self.pending)))
            self.pending.clear()

    def __contains__(self, h: int) -> bool:
        if h in self.pending:
            return True
        i = bisect_left(self.sorted, h)
        return i < len(self.sorted) and self.sorted[i] == h

    def __len__(self) -> int:
        return len(self.sorted) + len(self.pending)


class RowCache:
    """Rows of one table by primary key, most recently written last.

    ``assume_empty`` (a rebuild into empty tables): a key not cached was never written,
    so nothing is read back — except keys of rows evicted to bound memory, which are
    remembered by hash and read back when touched again. Without it (incremental
    catch-up), every key not cached is looked up.
    """

    def __init__(self, table: Table, *, assume_empty: bool = False) -> None:
        self.table = table
        self.pk = [c.name for c in table.primary_key.columns]
        self.rows: dict[Key, dict[str, Any]] = {}
        self.stored: set[Key] = set()
        self.dirty: set[Key] = set()
        self.assume_empty = assume_empty
        self.evicted = _Hashes()
        self._statements: dict[tuple[Any, ...], _Statement] = {}
        pk = self.pk
        self._key: Callable[[dict[str, Any]], Key] = (
            itemgetter(*pk) if len(pk) > 1 else lambda row: (row[pk[0]],))

    def preload(self, conn: Connection, keys: Iterable[Key]) -> None:
        rows = self.rows
        missing = [k for k in set(keys) if k not in rows]
        if missing and self.assume_empty:
            evicted = self.evicted
            missing = [k for k in missing if hash(k) in evicted] if len(evicted) else []
        if not missing:
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
        key = self._key(row)
        rows = self.rows
        if key in rows:
            del rows[key]  # most recently written last: eviction takes the oldest
        rows[key] = row
        self.dirty.add(key)

    def flush(self, conn: Connection) -> None:
        new = [self.rows[k] for k in self.dirty if k not in self.stored]
        old = [self.rows[k] for k in self.dirty if k in self.stored]
        if conn.dialect.paramstyle in MARKS:
            self._write(conn, new, old)
        else:  # a driver with named parameters only: let SQLAlchemy Core bind them
            if new:
                conn.execute(insert(self.table), new)
            if old:
                where = and_(*(self.table.c[n] == bindparam(f"pk_{n}") for n in self.pk))
                params = [{**row, **{f"pk_{n}": row[n] for n in self.pk}} for row in old]
                conn.execute(self.table.update().where(where), params)
        self.stored.update(self.dirty)
        self.dirty.clear()
        if len(self.rows) > MAX_CACHED:
            self._evict(len(self.rows) - MAX_CACHED // 2)

    def _evict(self, count: int) -> None:
        """Forget the ``count`` least recently written rows (all clean, all stored)."""
        victims = list(islice(self.rows, count))
        for key in victims:
            del self.rows[key]
        self.stored.difference_update(victims)
        if self.assume_empty:
            self.evicted.add(hash(k) for k in victims)

    def _write(self, conn: Connection, new: list[dict[str, Any]],
               old: list[dict[str, Any]]) -> None:
        for rows, update in ((new, False), (old, True)):
            groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
            for row in rows:  # rows normally all have the same columns: one group
                groups.setdefault(tuple(row), []).append(row)
            for columns, group in groups.items():
                if update and all(c in self.pk for c in columns):
                    continue  # nothing but the key: nothing to change
                stmt = self._statement(conn.dialect, columns, update)
                conn.exec_driver_sql(stmt.sql, stmt.params(group))

    def _statement(self, dialect: Dialect, columns: tuple[str, ...],
                   update: bool) -> _Statement:
        cache_key = (dialect.name, dialect.paramstyle, columns, update)
        stmt = self._statements.get(cache_key)
        if stmt is None:
            if update:
                sets = [c for c in columns if c not in self.pk]
                stmt = _Statement(self.table, dialect, sets, where=self.pk)
            else:
                stmt = _Statement(self.table, dialect, columns)
            self._statements[cache_key] = stmt
        return stmt

    def reset(self) -> None:
        """Forget everything (after a rollback, or at the end of a run)."""
        self.rows.clear()
        self.stored.clear()
        self.dirty.clear()
        self.assume_empty = False
        self.evicted = _Hashes()
