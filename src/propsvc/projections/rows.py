"""A per-run cache of read-model rows: preload by key in few queries, write with executemany.

Every lookup is an index seek: a one-column key is ``pk IN (…)``; a composite key is an
OR of ``(a = ? AND b = ?)`` terms, which SQLite answers with one primary-key search per
term (``(a, b) IN (VALUES …)`` made it scan the whole table) and PostgreSQL with a bitmap
OR of index scans. Writes go to the driver's ``executemany`` with SQL built once per
table and column set; values are converted by ``codecs`` only where the driver needs it.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from heapq import merge
from itertools import islice
from operator import itemgetter
from typing import Any

from propsvc.projections.codecs import binder, reader
from propsvc.projections.db import Db
from propsvc.projections.schema import TableSpec

Key = tuple[Any, ...]
MAX_CACHED = 20_000  # rows per table; a rebuild evicts the least recently written half
SINGLE_CHUNK = 500  # keys per preload query, one-column keys
MULTI_CHUNK = 100  # keys per preload query, composite keys (SQLite's expression depth)
SHADOW = "__new"  # suffix of the tables (and their indexes) a rebuild fills
COPY_FROM = 50  # new rows from which PostgreSQL gets them by COPY instead of INSERTs


def q(name: str) -> str:
    """A quoted identifier (the same on SQLite and PostgreSQL; our names are lowercase)."""
    return f'"{name}"'


class _Statement:
    """One INSERT or UPDATE of a table for a fixed set of columns, ready for executemany."""

    def __init__(self, spec: TableSpec, target: str, db: str, mark: str,
                 columns: Sequence[str], where: Sequence[str] = ()) -> None:
        cols = [q(c) for c in columns]
        if where:
            sets = ", ".join(f"{c} = {mark}" for c in cols)
            conds = " AND ".join(f"{q(c)} = {mark}" for c in where)
            self.sql = f"UPDATE {q(target)} SET {sets} WHERE {conds}"
        else:
            self.sql = (f"INSERT INTO {q(target)} ({', '.join(cols)}) "
                        f"VALUES ({', '.join([mark] * len(cols))})")
        names = [*columns, *where]
        self.get = itemgetter(*names) if len(names) > 1 else (lambda row: (row[names[0]],))
        self.convert: list[tuple[int, Callable[[Any], Any]]] = []
        for i, c in enumerate(names):
            codec = binder(db, spec.kind(c))
            if codec is not None:
                self.convert.append((i, codec))

    def params(self, rows: Iterable[dict[str, Any]]) -> list[Sequence[Any]]:
        get, convert = self.get, self.convert
        if not convert:
            return [get(row) for row in rows]
        out: list[Sequence[Any]] = []
        for row in rows:
            values = list(get(row))
            for i, codec in convert:
                v = values[i]
                if v is not None:
                    values[i] = codec(v)
            out.append(values)
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
    catch-up), every key not cached is looked up. ``target`` is the table written (a
    rebuild writes into a new table of another name).
    """

    def __init__(self, spec: TableSpec, *, assume_empty: bool = False,
                 target: str | None = None) -> None:
        self.spec = spec
        self.table = spec  # the table this cache holds rows of (its name: ``.name``)
        self.target = target or spec.name
        self.pk = list(spec.pk)
        self.rows: dict[Key, dict[str, Any]] = {}
        self.stored: set[Key] = set()
        self.dirty: set[Key] = set()
        self.assume_empty = assume_empty
        self.evicted = _Hashes()
        # a rebuild that skips ``touches``: evicted rows are read back from here when
        # first got or put (what the preload would have read before the batch)
        self.lazy: Db | None = None
        self._statements: dict[tuple[Any, ...], _Statement] = {}
        self._selects: dict[tuple[str, str, int], str] = {}
        pk = self.pk
        self._key: Callable[[dict[str, Any]], Key] = (
            itemgetter(*pk) if len(pk) > 1 else lambda row: (row[pk[0]],))

    # -- reading ----------------------------------------------------------------------------
    def select_sql(self, mark: str, count: int) -> str:
        """The preload query for ``count`` keys: an index seek per key."""
        cached = self._selects.get((self.target, mark, count))
        if cached is not None:
            return cached
        cols = ", ".join(q(c) for c in self.spec.columns)
        if len(self.pk) == 1:
            cond = f"{q(self.pk[0])} IN ({', '.join([mark] * count)})"
        else:
            term = "(" + " AND ".join(f"{q(c)} = {mark}" for c in self.pk) + ")"
            cond = " OR ".join([term] * count)
        sql = f"SELECT {cols} FROM {q(self.target)} WHERE {cond}"
        self._selects[(self.target, mark, count)] = sql
        return sql

    def preload(self, db: Db, keys: Iterable[Key]) -> None:
        rows = self.rows
        missing = [k for k in set(keys) if k not in rows]
        if missing and self.assume_empty:
            evicted = self.evicted
            missing = [k for k in missing if hash(k) in evicted] if len(evicted) else []
        if not missing:
            return
        spec, kind = self.spec, db.kind
        key_binders = [binder(kind, spec.kind(c)) for c in self.pk]
        readers = [(i, r) for i, c in enumerate(spec.columns)
                   if (r := reader(kind, spec.kinds[i])) is not None]
        chunk_size = SINGLE_CHUNK if len(self.pk) == 1 else MULTI_CHUNK
        pk_at = [spec.columns.index(c) for c in self.pk]
        for start in range(0, len(missing), chunk_size):
            chunk = missing[start:start + chunk_size]
            params: list[Any] = []
            for key in chunk:
                for codec, v in zip(key_binders, key, strict=True):
                    params.append(codec(v) if codec is not None and v is not None else v)
            for found in db.rows(self.select_sql(db.mark, len(chunk)), params):
                values = list(found)
                for i, codec in readers:
                    v = values[i]
                    if v is not None:
                        values[i] = codec(v)
                key = tuple(values[i] for i in pk_at)
                self.rows[key] = dict(zip(spec.columns, values, strict=True))
                self.stored.add(key)

    def get(self, key: Key) -> dict[str, Any] | None:
        row = self.rows.get(key)
        if row is None and self.lazy is not None and len(self.evicted):
            self.preload(self.lazy, (key,))  # only if it was written and evicted
            row = self.rows.get(key)
        return row

    # -- writing ----------------------------------------------------------------------------
    def put(self, row: dict[str, Any]) -> None:
        key = self._key(row)
        rows = self.rows
        if key in rows:
            del rows[key]  # most recently written last: eviction takes the oldest
        elif self.lazy is not None and len(self.evicted):
            self.preload(self.lazy, (key,))  # an evicted row is updated, not inserted
            rows.pop(key, None)
        rows[key] = row
        self.dirty.add(key)

    def flush(self, db: Db) -> None:
        new = [self.rows[k] for k in self.dirty if k not in self.stored]
        old = [self.rows[k] for k in self.dirty if k in self.stored]
        self._write(db, new, old)
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

    def _write(self, db: Db, new: list[dict[str, Any]], old: list[dict[str, Any]]) -> None:
        for rows, update in ((new, False), (old, True)):
            groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
            for row in rows:  # rows normally all have the same columns: one group
                groups.setdefault(tuple(row), []).append(row)
            for columns, group in groups.items():
                if update and all(c in self.pk for c in columns):
                    continue  # nothing but the key: nothing to change
                stmt = self._statement(db, columns, update)
                if not update and db.kind == "postgresql" and len(group) >= COPY_FROM:
                    db.copy_in(self.target, columns, stmt.params(group))
                else:
                    db.many(stmt.sql, stmt.params(group))

    def _statement(self, db: Db, columns: tuple[str, ...], update: bool) -> _Statement:
        cache_key = (self.target, db.kind, columns, update)
        stmt = self._statements.get(cache_key)
        if stmt is None:
            if update:
                sets = [c for c in columns if c not in self.pk]
                stmt = _Statement(self.spec, self.target, db.kind, db.mark, sets,
                                  where=self.pk)
            else:
                stmt = _Statement(self.spec, self.target, db.kind, db.mark, columns)
            self._statements[cache_key] = stmt
        return stmt

    # -- forgetting -------------------------------------------------------------------------
    def forget(self) -> None:
        """Drop every cached row after a rollback: the database is the truth again. In a
        rebuild the dropped keys count as evicted (read back when touched)."""
        if self.assume_empty:
            self.evicted.add(hash(k) for k in (*self.rows, *self.dirty))
        self.rows.clear()
        self.stored.clear()
        self.dirty.clear()

    def reset(self) -> None:
        """Forget everything (at the end of a run)."""
        self.rows.clear()
        self.stored.clear()
        self.dirty.clear()
        self.assume_empty = False
        self.evicted = _Hashes()
        self.lazy = None
        self.target = self.spec.name
