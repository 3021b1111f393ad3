"""Starting a SQLite transaction while another connection holds the write lock: the
first step is retried until the lock is free or the timeout has passed (store/busy.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from propsvc.store import busy
from propsvc.store.database import Database, Target


def _connect(path: Path) -> sqlite3.Connection:
    # timeout=0: SQLite's own busy handler never waits, so every wait seen is busy.begin's
    conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.pauses: list[float] = []
        self.on_pause: list[object] = []

    def clock(self) -> float:
        return self.now

    def pause(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.now += seconds
        if self.on_pause:
            action = self.on_pause.pop(0)
            action()  # type: ignore[operator]


@pytest.fixture
def two(tmp_path: Path) -> tuple[sqlite3.Connection, sqlite3.Connection]:
    a, b = _connect(tmp_path / "s.db"), _connect(tmp_path / "s.db")
    a.execute("CREATE TABLE t (x INTEGER)")
    return a, b


def test_a_write_waits_for_the_lock_and_then_starts(two: tuple[sqlite3.Connection, ...]
                                                    ) -> None:
    holder, desk = two
    holder.execute("BEGIN IMMEDIATE")
    t = FakeTime()
    t.on_pause = [lambda: None, lambda: holder.execute("COMMIT")]
    busy.begin(desk, "BEGIN IMMEDIATE", 30.0, t.clock, t.pause)
    assert desk.in_transaction
    desk.execute("INSERT INTO t VALUES (1)")
    desk.execute("COMMIT")
    assert t.pauses == [busy.FIRST_PAUSE, 2 * busy.FIRST_PAUSE]  # refused twice, growing


def test_the_lock_never_freed_gives_database_is_locked_after_the_timeout(
        two: tuple[sqlite3.Connection, ...]) -> None:
    holder, desk = two
    holder.execute("BEGIN IMMEDIATE")
    t = FakeTime()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        busy.begin(desk, "BEGIN IMMEDIATE", 1.0, t.clock, t.pause)
    assert 1.0 <= t.now < 1.0 + busy.LONGEST_PAUSE + 1e-9
    assert not desk.in_transaction  # nothing left open for the next command


def test_other_errors_are_not_retried(tmp_path: Path) -> None:
    conn = _connect(tmp_path / "s.db")
    t = FakeTime()
    with pytest.raises(sqlite3.OperationalError, match="syntax"):
        busy.begin(conn, "BEGIN NONSENSE", 30.0, t.clock, t.pause)
    assert t.pauses == []


def test_a_read_takes_its_snapshot_inside_the_retry(two: tuple[sqlite3.Connection, ...]
                                                    ) -> None:
    writer, reader = two
    busy.begin(reader, "BEGIN", 30.0)
    writer.execute("INSERT INTO t VALUES (1)")  # committed after the reader's snapshot
    assert reader.execute("SELECT count(*) FROM t").fetchone() == (0,)
    reader.execute("COMMIT")
    assert reader.execute("SELECT count(*) FROM t").fetchone() == (1,)


def test_the_store_writes_once_another_process_lets_go(tmp_path: Path) -> None:
    db = Database(Target("sqlite", path=str(tmp_path / "s.db"), timeout=5.0))
    with db.setup() as cur:
        cur.execute("CREATE TABLE t (x INTEGER)")
    other = _connect(tmp_path / "s.db")
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO t VALUES (1)")
    other.execute("COMMIT")
    with db.write() as cur:
        cur.execute("INSERT INTO t VALUES (2)")
    with db.read() as cur:
        assert cur.execute("SELECT count(*) FROM t").fetchone() == (2,)
    db.close()
