"""DDL of the read models (through SQLAlchemy, imported only when tables change).

Catch-up creates missing tables once; a rebuild creates new tables under another name
(``<name>__new``), fills them, indexes them (secondary indexes after the replay: faster
than during it), and then — in the one short transaction that switches them in — drops
the old tables and renames the new ones.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from propsvc.projections.db import Db
from propsvc.projections.rows import SHADOW, q

if TYPE_CHECKING:
    from sqlalchemy import Table



def dialect(kind: str) -> Any:
    if kind == "sqlite":
        from sqlalchemy.dialects import sqlite

        return sqlite.dialect()
    from sqlalchemy.dialects.postgresql import psycopg

    return psycopg.dialect()  # type: ignore[no-untyped-call]


def table_of(name: str) -> Table:
    from propsvc.projections.tables import metadata

    return metadata.tables[name]


def existing_tables(db: Db) -> set[str]:
    if db.kind == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
    else:
        sql = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
    return {r[0] for r in db.rows(sql)}


def existing_indexes(db: Db) -> set[str]:
    if db.kind == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'index'"
    else:
        sql = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
    return {r[0] for r in db.rows(sql)}


def missing_columns(db: Db, wanted: dict[str, tuple[str, ...]]) -> list[str]:
    """``table.column`` for every column of ``wanted`` its table in the database lacks (a
    read model created by an earlier version of propsvc), in one query."""
    if db.kind == "sqlite":
        sql = ("SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p "
               "WHERE m.type = 'table'")
    else:
        sql = ("SELECT table_name, column_name FROM information_schema.columns "
               "WHERE table_schema = current_schema()")
    have: dict[str, set[str]] = {}
    for table, column in db.rows(sql):
        have.setdefault(table, set()).add(column)
    return [f"{table}.{column}" for table, columns in wanted.items() if table in have
            for column in columns if column not in have[table]]


def create_missing(db: Db, names: Iterable[str]) -> None:
    """CREATE TABLE / INDEX IF NOT EXISTS for the named tables (inside db's transaction),
    and each table's office-local view."""
    from sqlalchemy.schema import CreateIndex, CreateTable

    d = dialect(db.kind)
    have = existing_indexes(db)
    for name in names:
        table = table_of(name)
        db.run(str(CreateTable(table, if_not_exists=True).compile(dialect=d)))
        for index in sorted(table.indexes, key=lambda ix: str(ix.name)):
            if not index_present(str(index.name), have):  # (either of its two names)
                db.run(str(CreateIndex(index).compile(dialect=d)))
        create_local_view(db, name)


LOCAL = "_local"


def _local_time(kind: str, column: str, timezone: str) -> str:
    if kind == "sqlite":  # a fixed offset: exact for zones without summer time
        from datetime import UTC, datetime
        from zoneinfo import ZoneInfo

        offset = datetime.now(UTC).astimezone(ZoneInfo(timezone)).utcoffset()
        minutes = int(offset.total_seconds() // 60) if offset else 0
        return f"strftime('%Y-%m-%d %H:%M:%S', {q(column)}, '{minutes:+d} minutes')"
    zone = timezone.replace("'", "''")
    return f"(({q(column)} AT TIME ZONE 'UTC') AT TIME ZONE '{zone}')"


def create_local_view(db: Db, name: str) -> None:
    """``<table>_local``: the table's columns and, for each UTC time column ``x``, an
    ``x_local`` in the office's time zone, for outside readers (datasette, psql, a
    spreadsheet); tables without a time column get none (docs/read-models.md)."""
    from propsvc.calendar import office_zone
    from propsvc.projections.schema import kind_of

    table = table_of(name)
    times = [c.name for c in table.columns if kind_of(c.type) == "utc"]
    if not times:
        return
    extra = ", ".join(f"{_local_time(db.kind, c, office_zone())} AS {q(c + LOCAL)}"
                      for c in times)
    verb = "CREATE VIEW IF NOT EXISTS" if db.kind == "sqlite" else "CREATE OR REPLACE VIEW"
    db.run(f"{verb} {q(name + LOCAL)} AS SELECT *, {extra} FROM {q(name)}")


def drop_local_view(db: Db, name: str) -> None:
    db.run(f"DROP VIEW IF EXISTS {q(name + LOCAL)}")


def shadow_name(name: str) -> str:
    return name + SHADOW


def free_index_names(db: Db, names: Iterable[str]) -> dict[str, str]:
    """For each index of the named tables, the name its copy on the new table gets: the
    index name the live table does not use. Index names are global to a database (SQLite
    and PostgreSQL alike) and an index keeps its name when its table is renamed, so each
    rebuild alternates between ``<index>`` and ``<index>__new``."""
    used = existing_indexes(db)
    out = {}
    for name in names:
        for index in table_of(name).indexes:
            canonical = str(index.name)
            out[canonical] = shadow_name(canonical) if canonical in used else canonical
    return out


def index_present(canonical: str, existing: set[str]) -> bool:
    return canonical in existing or shadow_name(canonical) in existing


def _shadow_table(name: str, index_names: dict[str, str], *, unique_only: bool) -> Table:
    """The table's columns and primary key under the shadow name, with its indexes (only
    the unique ones, if asked) under the given names."""
    from sqlalchemy import Column, Index, MetaData, Table

    table = table_of(name)
    md = MetaData()
    shadow = Table(shadow_name(name), md, *[
        Column(c.name, c.type, primary_key=c.primary_key, nullable=c.nullable)
        for c in table.columns])
    for index in table.indexes:
        if index.unique or not unique_only:
            Index(index_names[str(index.name)], *[shadow.c[c.name] for c in index.columns],
                  unique=index.unique)
    return shadow


def create_shadows(db: Db, names: Iterable[str], index_names: dict[str, str], *,
                   unique_only: bool) -> None:
    """Drop what a killed rebuild left behind and create empty shadow tables (inside
    db's transaction); without ``unique_only``, with no index at all yet."""
    from sqlalchemy.schema import CreateIndex, CreateTable

    d = dialect(db.kind)
    for name in names:
        db.run(f"DROP TABLE IF EXISTS {q(shadow_name(name))}")
        shadow = _shadow_table(name, index_names, unique_only=True)
        db.run(str(CreateTable(shadow).compile(dialect=d)))
        if unique_only:
            for index in shadow.indexes:
                db.run(str(CreateIndex(index).compile(dialect=d)))


def index_shadows(db: Db, names: Iterable[str], index_names: dict[str, str]) -> None:
    """The shadow tables' missing indexes, one transaction each (a short hold of the
    write lock per index, between which desks go on)."""
    from sqlalchemy.schema import CreateIndex

    d = dialect(db.kind)
    have = existing_indexes(db)
    for name in names:
        for index in sorted(_shadow_table(name, index_names, unique_only=False).indexes,
                            key=lambda ix: str(ix.name)):
            if str(index.name) not in have:
                with db.write():
                    db.run(str(CreateIndex(index).compile(dialect=d)))


def drop_shadows(db: Db, names: Iterable[str]) -> None:
    for name in names:
        db.run(f"DROP TABLE IF EXISTS {q(shadow_name(name))}")


def switch_in(db: Db, names: Iterable[str]) -> None:
    """Replace each table by its (indexed) shadow: inside db's transaction, all or
    nothing, and quick: nothing is copied or indexed here."""
    names = list(names)
    for name in names:
        drop_local_view(db, name)  # a view would hold on to the old table
    for name in names:
        db.run(f"DROP TABLE IF EXISTS {q(name)}")
        db.run(f"ALTER TABLE {q(shadow_name(name))} RENAME TO {q(name)}")
        if db.kind == "postgresql":  # the primary key's index keeps its name otherwise
            db.run(f"ALTER INDEX IF EXISTS {q(shadow_name(name) + '_pkey')} "
                   f"RENAME TO {q(name + '_pkey')}")
    for name in names:
        create_local_view(db, name)


@functools.cache
def sqlite_tables(names: tuple[str, ...]) -> tuple[str, ...]:
    """CREATE TABLE and CREATE INDEX statements (SQLite) of the named tables, every index
    included: an as-of scratch database's (made once per process)."""
    from sqlalchemy.schema import CreateIndex, CreateTable

    d = dialect("sqlite")
    out: list[str] = []
    for name in names:
        table = table_of(name)
        out.append(str(CreateTable(table).compile(dialect=d)))
        out.extend(str(CreateIndex(ix).compile(dialect=d))
                   for ix in sorted(table.indexes, key=lambda ix: str(ix.name)))
    return tuple(out)


def create_part_tables(db: Db, names: Iterable[str]) -> None:
    """A scratch database's tables: the real names, primary key and unique indexes."""
    from sqlalchemy.schema import CreateIndex, CreateTable

    d = dialect(db.kind)
    for name in names:
        table = table_of(name)
        db.run(str(CreateTable(table).compile(dialect=d)))
        for index in sorted(table.indexes, key=lambda ix: str(ix.name)):
            if index.unique:
                db.run(str(CreateIndex(index).compile(dialect=d)))


COPY_ROWS = 50_000  # rows per transaction when copying a scratch table in


def copy_in(db: Db, schema: str, names: Iterable[str], chunk: int = COPY_ROWS) -> None:
    """SQLite: each table of an attached scratch database into its (unindexed) shadow in
    the main database, ``chunk`` rows per write transaction."""
    for name in names:
        last = 0
        while True:
            with db.write():
                rows = db.rows(f"SELECT max(rowid) FROM (SELECT rowid FROM "
                               f"{q(schema)}.{q(name)} WHERE rowid > ? ORDER BY rowid "
                               f"LIMIT {int(chunk)})", (last,))
                upto = rows[0][0] if rows and rows[0][0] is not None else None
                if upto is None:
                    break
                db.run(f"INSERT INTO main.{q(shadow_name(name))} SELECT * FROM "
                       f"{q(schema)}.{q(name)} WHERE rowid > ? AND rowid <= ?", (last, upto))
            last = upto
