"""A lock shared by every process of one PostgreSQL database (``pg_try_advisory_lock``),
held on one connection for the length of a ``with`` block. SQLite has one file and its
own write lock: there the lock is always granted (one process, or serialised writers)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine


@contextmanager
def try_advisory_lock(engine: Engine, key: int) -> Iterator[bool]:
    """Yields whether this process holds ``key`` now (never waits for it)."""
    if engine.dialect.name != "postgresql":
        yield True
        return
    from sqlalchemy import text

    with engine.connect() as conn:
        held = bool(conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar())
        conn.commit()
        try:
            yield held
        finally:
            if held:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                conn.commit()
