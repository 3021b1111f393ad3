"""DDL of the read models (through SQLAlchemy, imported only when tables change).

Catch-up creates missing tables once; a rebuild creates new tables under another name
(``<name>__new``) with their primary key and unique indexes only, fills them, and then —
in the one transaction that switches them in — drops the old tables, renames the new
ones and creates the secondary indexes (faster after the replay than during it).
"""

from __future__ import annotations

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


def create_missing(db: Db, names: Iterable[str]) -> None:
    """CREATE TABLE / INDEX IF NOT EXISTS for the named tables (inside db's transaction)."""
    from sqlalchemy.schema import CreateIndex, CreateTable

    d = dialect(db.kind)
    for name in names:
        table = table_of(name)
        db.run(str(CreateTable(table, if_not_exists=True).compile(dialect=d)))
        for index in sorted(table.indexes, key=lambda ix: str(ix.name)):
            db.run(str(CreateIndex(index, if_not_exists=True).compile(dialect=d)))


def shadow_name(name: str) -> str:
    return name + SHADOW


def _shadow_table(name: str) -> Table:
    """The table's columns and primary key under the shadow name, plus its unique
    indexes (renamed), so a rebuild refuses what catch-up refuses."""
    from sqlalchemy import Column, Index, MetaData, Table

    table = table_of(name)
    md = MetaData()
    shadow = Table(shadow_name(name), md, *[
        Column(c.name, c.type, primary_key=c.primary_key, nullable=c.nullable)
        for c in table.columns])
    for index in table.indexes:
        if index.unique:
            Index(shadow_name(str(index.name)), *[shadow.c[c.name] for c in index.columns],
                  unique=True)
    return shadow


def create_shadows(db: Db, names: Iterable[str]) -> None:
    """Drop what a killed rebuild left behind and create empty shadow tables."""
    from sqlalchemy.schema import CreateIndex, CreateTable

    d = dialect(db.kind)
    for name in names:
        db.run(f"DROP TABLE IF EXISTS {q(shadow_name(name))}")
        shadow = _shadow_table(name)
        db.run(str(CreateTable(shadow).compile(dialect=d)))
        for index in shadow.indexes:
            db.run(str(CreateIndex(index).compile(dialect=d)))


def drop_shadows(db: Db, names: Iterable[str]) -> None:
    for name in names:
        db.run(f"DROP TABLE IF EXISTS {q(shadow_name(name))}")


def switch_in(db: Db, names: Iterable[str]) -> None:
    """Replace each table by its shadow (inside db's transaction: all or nothing)."""
    from sqlalchemy.schema import CreateIndex

    d = dialect(db.kind)
    for name in names:
        table = table_of(name)
        db.run(f"DROP TABLE IF EXISTS {q(name)}")
        for index in table.indexes:
            if index.unique:
                db.run(f"DROP INDEX IF EXISTS {q(shadow_name(str(index.name)))}")
        db.run(f"ALTER TABLE {q(shadow_name(name))} RENAME TO {q(name)}")
        if db.kind == "postgresql":  # the primary key's index keeps its name otherwise
            db.run(f"ALTER INDEX IF EXISTS {q(shadow_name(name) + '_pkey')} "
                   f"RENAME TO {q(name + '_pkey')}")
        for index in sorted(table.indexes, key=lambda ix: str(ix.name)):
            db.run(str(CreateIndex(index).compile(dialect=d)))


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


def copy_in(db: Db, schema: str, names: Iterable[str]) -> None:
    """SQLite: replace each table by the one of an attached scratch database (inside db's
    transaction), then create its indexes."""
    from sqlalchemy.schema import CreateIndex, CreateTable

    d = dialect(db.kind)
    for name in names:
        table = table_of(name)
        db.run(f"DROP TABLE IF EXISTS main.{q(name)}")
        db.run(str(CreateTable(table).compile(dialect=d)))
        db.run(f"INSERT INTO main.{q(name)} SELECT * FROM {q(schema)}.{q(name)}")
        for index in sorted(table.indexes, key=lambda ix: str(ix.name)):
            db.run(str(CreateIndex(index).compile(dialect=d)))
