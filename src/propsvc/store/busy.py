"""Starting a SQLite transaction when another process holds the file's lock.

SQLite waits for a lock (its busy timeout) only where it can: a connection that already
holds a read snapshot, or one that meets a lock in states where waiting could deadlock,
gets ``database is locked`` at once, whatever the timeout. Desks writing at once met it
in two CI runs of tests/integration/test_concurrency.py (one desk each time).
Nothing has been written when a ``BEGIN`` fails, so it is safe to try again: here the
transaction's first step is retried, with short growing pauses, until the connection's
own timeout has passed — the same wait the busy timeout promises.

A deferred ``BEGIN`` takes no snapshot until its first read; ``begin`` reads once so the
snapshot is taken inside the retry, and no statement of the body meets a lock later.
"""

from __future__ import annotations

import sqlite3
import time
from typing import Any

FIRST_PAUSE = 0.002  # seconds; doubled after each refusal
LONGEST_PAUSE = 0.1


def is_busy(err: BaseException) -> bool:
    """SQLite's SQLITE_BUSY ("database is locked"), as opposed to any other error."""
    return isinstance(err, sqlite3.OperationalError) and "locked" in str(err)


def begin(conn: sqlite3.Connection, statement: str, timeout: float,
          clock: Any = time.monotonic, pause: Any = time.sleep) -> None:
    """Run ``statement`` (``BEGIN`` or ``BEGIN IMMEDIATE``) on an autocommit connection,
    retrying while SQLite answers busy, for up to ``timeout`` seconds."""
    deadline = clock() + timeout
    wait = FIRST_PAUSE
    while True:
        try:
            conn.execute(statement)
            if statement == "BEGIN":  # take the read snapshot now
                conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
            return
        except sqlite3.OperationalError as err:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if not is_busy(err) or clock() >= deadline:
                raise
            pause(wait)
            wait = min(wait * 2, LONGEST_PAUSE)
