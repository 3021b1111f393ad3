"""The event tables, per database, and the in-place upgrade of stores made before the chain.

``propsvc_events`` keeps the columns eventsourcing-sqlalchemy created (id, originator_id,
originator_version, topic, state; same types, same unique index), so existing files and
databases open as they are; ``chain_hash`` is added beside them. ``propsvc_chain`` holds
one row: the head of the chain and, for an upgraded store, up to where and when the old
rows were chained.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from propsvc.store.database import CHAIN, EVENTS, Database

_BLOB = {"sqlite": "BLOB", "postgresql": "BYTEA"}
_CREATE = {
    "sqlite": [
        f"CREATE TABLE IF NOT EXISTS {EVENTS} (id INTEGER NOT NULL, "
        "originator_id BINARY(16) NOT NULL, originator_version INTEGER NOT NULL, "
        "topic TEXT NOT NULL, state BLOB NOT NULL, chain_hash BLOB, PRIMARY KEY (id))",
    ],
    "postgresql": [
        f"CREATE TABLE IF NOT EXISTS {EVENTS} (id BIGSERIAL NOT NULL, "
        "originator_id UUID NOT NULL, originator_version BIGINT NOT NULL, "
        "topic TEXT NOT NULL, state BYTEA NOT NULL, chain_hash BYTEA, PRIMARY KEY (id))",
    ],
}
_INDEX = (f"CREATE UNIQUE INDEX IF NOT EXISTS {EVENTS}_aggregate_idx "
          f"ON {EVENTS} (originator_id, originator_version)")


def _chain_table(kind: str) -> str:
    blob = _BLOB[kind]
    return (f"CREATE TABLE IF NOT EXISTS {CHAIN} (id INTEGER NOT NULL PRIMARY KEY "
            f"CHECK (id = 1), head_position BIGINT NOT NULL, head_link {blob} NOT NULL, "
            "upgraded_upto BIGINT NOT NULL, upgraded_at TEXT, remark TEXT)")


def ensure_schema(db: Database) -> None:
    """Create the tables of a new store; add the chain column to an old one. A store
    already complete is only read (no write lock taken on every command)."""
    with db.read() as cur:
        if _complete(db, cur):
            return
    with db.setup() as cur:
        for statement in (*_CREATE[db.kind], _INDEX, _chain_table(db.kind)):
            cur.execute(statement)
        if "chain_hash" not in columns(db, cur):
            cur.execute(f"ALTER TABLE {EVENTS} ADD COLUMN chain_hash {_BLOB[db.kind]}")


def _complete(db: Database, cur: Any) -> bool:
    if db.kind == "sqlite":
        found = {r[0] for r in cur.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (?, ?)",
            (EVENTS, CHAIN)).fetchall()}
    else:
        found = {r[0] for r in cur.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = "
            "current_schema() AND table_name IN (%s, %s)", (EVENTS, CHAIN)).fetchall()}
    return found == {EVENTS, CHAIN} and "chain_hash" in columns(db, cur)


def columns(db: Database, cur: Any) -> set[str]:
    if db.kind == "sqlite":
        return {row[1] for row in cur.execute(f"PRAGMA table_info({EVENTS})").fetchall()}
    rows = cur.execute("SELECT column_name FROM information_schema.columns "
                       "WHERE table_name = %s AND table_schema = current_schema()",
                       (EVENTS,)).fetchall()
    return {row[0] for row in rows}


def events_table() -> Any:
    """The events table for SQLAlchemy Core readers (the projections' catch-up, tests):
    the aggregate id reads and binds as a UUID on both databases."""
    global _TABLE
    if _TABLE is None:
        _TABLE = _core_table()
    return _TABLE


_TABLE: Any = None


def _core_table() -> Any:
    from sqlalchemy import BigInteger, Column, Integer, LargeBinary, MetaData, Table, Text, Uuid
    from sqlalchemy.types import TypeDecorator

    class UUIDBytes(TypeDecorator[UUID]):
        """A UUID kept as its 16 bytes (SQLite's ``BINARY(16)``)."""

        impl = LargeBinary
        cache_ok = True

        def process_bind_param(self, value: Any, dialect: Any) -> bytes | None:
            return None if value is None else UUID(str(value)).bytes

        def process_result_value(self, value: Any, dialect: Any) -> UUID | None:
            return None if value is None else UUID(bytes=bytes(value))

    big = BigInteger().with_variant(Integer(), "sqlite")
    return Table(
        EVENTS, MetaData(),
        Column("id", big, primary_key=True, autoincrement=True),
        Column("originator_id", Uuid().with_variant(UUIDBytes(), "sqlite"), nullable=False),
        Column("originator_version", big, nullable=False),
        Column("topic", Text(), nullable=False),
        Column("state", LargeBinary(), nullable=False),
        Column("chain_hash", LargeBinary(), nullable=True),
    )
