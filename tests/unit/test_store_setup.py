"""Opening the store: a SQLite file is switched to WAL at once, and a set-up step that
loses a race with another process ("database is locked" without a busy wait in a lock
deadlock; "already exists" for a table made meanwhile) is run again."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from uuid import uuid4

import pytest
from eventsourcing.persistence import StoredEvent

from propsvc.store.event_store import normalise_url, open_store, retry_setup


def test_a_new_sqlite_file_is_made_by_the_first_write_and_is_in_wal_mode_from_then(
    tmp_path: Path,
) -> None:
    path = tmp_path / "fresh.db"
    store = open_store(normalise_url(str(path)))
    try:
        assert store.recorder.max_notification_id() is None
        assert not path.exists(), "opening (and reading) a new store writes no file"
        store.recorder.insert_events([StoredEvent(originator_id=uuid4(), originator_version=1,
                                                  topic="t", state=b"{}")])
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        store.close()


class Flaky:
    def __init__(self, failures: int, message: str = "database is locked") -> None:
        self.failures, self.message, self.calls = failures, message, 0

    def __call__(self) -> str:
        self.calls += 1
        if self.calls <= self.failures:
            raise sqlite3.OperationalError(self.message)
        return "done"


def test_a_step_refused_as_locked_is_run_again_until_it_succeeds() -> None:
    pauses: list[float] = []
    step = Flaky(failures=3)

    assert retry_setup(step, pause=pauses.append) == "done"
    assert step.calls == 4
    assert len(pauses) == 3 and all(0 <= p <= 1.0 for p in pauses)


def test_a_step_still_locked_after_every_retry_raises_the_last_error() -> None:
    step = Flaky(failures=10)

    with pytest.raises(sqlite3.OperationalError, match="database is locked"):
        retry_setup(step, retries=5, pause=lambda _: None)
    assert step.calls == 5


def test_a_table_made_meanwhile_by_another_desk_counts_as_transient_when_asked() -> None:
    step = Flaky(failures=1, message="table propsvc_events already exists")

    assert retry_setup(step, ("already exists",), pause=lambda _: None) == "done"
    assert step.calls == 2


def test_any_other_error_is_raised_at_once() -> None:
    step = Flaky(failures=1, message="disk I/O error")

    with pytest.raises(sqlite3.OperationalError, match="disk I/O error"):
        retry_setup(step, pause=lambda _: None)
    assert step.calls == 1
