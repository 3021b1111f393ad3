"""What one process shares between offices, users and requests: the event store, the
read-model runner and their database engines, opened once per database.

Every ``Office`` (one per CLI run, or one per HTTP request) borrows a ``Backend``; opening
one is cheap once the backend is open. Nothing is opened until it is first needed, so a
read on a missing SQLite file can refuse before the file is created.
"""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from propsvc.errors import InvalidInput
from propsvc.i18n import _

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from propsvc.projections.catchup import Runner
    from propsvc.projections.runs import CaughtUp, Progress, Stale
    from propsvc.store.event_store import EventStore


def describe_failure(err: Exception) -> tuple[str, int]:
    """A library or database failure as one actionable line and an exit code (what the
    CLI prints; the server answers with the line)."""
    from propsvc.store.failures import describe

    return describe(err)


class Backend:
    def __init__(self, db: str = "propsvc.db") -> None:
        from propsvc.store.event_store import normalise_url

        self.db = db
        self.url = normalise_url(db)
        self._lock = threading.Lock()  # opened once even when first used by two threads
        self._store: EventStore | None = None
        self._runner: Runner | None = None

    @property
    def is_sqlite_file(self) -> bool:
        return self.url.startswith("sqlite") and ":memory:" not in self.url

    def sqlite_path(self) -> Path:
        return Path(self.url.split("///", 1)[1].split("?", 1)[0])

    def require_existing(self) -> None:
        """Reads must not create an empty database by accident."""
        if self.is_sqlite_file and not self.sqlite_path().exists():
            raise InvalidInput(
                _("no database at {value}: pass --db, set PROPSVC_DB, or record something first "
                  "(propsvc demo creates one)", value=self.sqlite_path()))

    @property
    def store(self) -> EventStore:
        if self._store is None:
            from propsvc.store.event_store import open_store

            with self._lock:
                if self._store is None:
                    if self.is_sqlite_file and not self.sqlite_path().parent.exists():
                        raise InvalidInput(_("folder {parent} does not exist: check --db",
                                             parent=self.sqlite_path().parent))
                    self._store = open_store(self.url)
        return self._store

    @property
    def runner(self) -> Runner:
        if self._runner is None:
            from propsvc.projections.catchup import Runner

            self.store  # noqa: B018  (the store sets the events table up first)
            with self._lock:
                if self._runner is None:
                    self._runner = Runner(self.url)
        return self._runner

    @property
    def read_engine(self) -> Engine:
        engine = self.store.factory.datastore.engine  # type: ignore[attr-defined]
        return engine  # type: ignore[no-any-return]

    def catch_up(self, progress: Progress | None = None) -> CaughtUp:
        """Bring every read model up to the last event (``Runner.catch_up``); raises
        ``CatchUpFailed`` when the database does not allow it now."""
        return self.runner.catch_up(progress)

    def catch_up_after_write(self) -> list[str]:
        """The catch-up after a commit, as warnings: the database did not allow it now
        (the write stands; the next command catches up), or read models went stale."""
        from propsvc.projections.runs import CatchUpFailed

        try:
            caught = self.catch_up()
        except CatchUpFailed as err:
            return [str(err)]
        return [s.message() for s in caught.stale]

    def catch_up_to_read(self) -> CaughtUp:
        """The catch-up before a read or a tick: a database that does not allow it is
        the database error it was (one line, like any other read failing)."""
        from propsvc.projections.runs import CatchUpFailed

        try:
            return self.runner.catch_up()
        except CatchUpFailed as err:
            raise (err.__cause__ or err) from None

    def rebuild(self, progress: Progress | None = None) -> int:
        return self.runner.rebuild(progress)

    def stale(self) -> list[Stale]:
        """The read models stopped before an event they could not apply."""
        return list(self.runner.stale())

    def exclusive(self, key: int) -> AbstractContextManager[bool]:
        """A lock every process on this database shares (PostgreSQL advisory lock; always
        held on SQLite): ``with backend.exclusive(KEY) as held: …`` — never waits."""
        from propsvc.store.locks import try_advisory_lock

        return try_advisory_lock(self.read_engine, key)

    def close(self) -> None:
        if self._runner is not None:
            self._runner.dispose()
            self._runner = None
        if self._store is not None:
            self._store.close()
            self._store = None
