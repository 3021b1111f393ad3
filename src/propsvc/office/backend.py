"""What one process shares between offices, users and requests: the event store, the
read-model runner and their database engines, opened once per database.

Every ``Office`` (one per CLI run, or one per HTTP request) borrows a ``Backend``; opening
one is cheap once the backend is open. Nothing is opened until it is first needed, so a
read on a missing SQLite file can refuse before the file is created.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any

from propsvc.errors import InvalidInput
from propsvc.i18n import _

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from propsvc.projections.catchup import Runner
    from propsvc.projections.runs import CaughtUp, Progress, Stale
    from propsvc.queries.sql import Reads
    from propsvc.store.event_store import EventStore


def describe_failure(err: Exception) -> tuple[str, int]:
    """A library or database failure as one actionable line and an exit code (what the
    CLI prints; the server answers with the line)."""
    from propsvc.store.failures import describe

    return describe(err)


class _Checks:
    """What the reads of one request have checked already, per backend: the read models'
    catch-up and the offices the registry holds. Open while the request runs; a response
    still streaming after it (a live feed) checks on every read again."""

    def __init__(self) -> None:
        self.open = True
        self.found: dict[tuple[Any, ...], Any] = {}


_CHECKS: ContextVar[_Checks | None] = ContextVar("propsvc_read_checks", default=None)


@contextmanager
def checked_once() -> Iterator[None]:
    """Within: the reads check the read models (and the office) once, on the first read,
    not once per read — one web request's several reads. A write through the facade, a
    catch-up or a rebuild checks again on the next read."""
    checks = _Checks()
    token = _CHECKS.set(checks)
    try:
        yield
    finally:
        checks.open = False
        checks.found.clear()
        _CHECKS.reset(token)


def _checks() -> _Checks | None:
    found = _CHECKS.get()
    return found if found is not None and found.open else None


class Backend:
    def __init__(self, db: str = "propsvc.db") -> None:
        from propsvc.store.event_store import normalise_url

        self.db = db
        self.url = normalise_url(db)
        self._lock = threading.Lock()  # opened once even when first used by two threads
        # the runner holds one DB-API connection: one catch-up (or rebuild) at a time per
        # process; the database's own lock orders the processes
        self._catching = threading.RLock()
        self._store: EventStore | None = None
        self._runner: Runner | None = None
        self._reads = threading.local()  # one read connection per thread
        self._all_reads: list[Reads] = []

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
    def read_db(self) -> Reads:
        """The read models' connection of this thread (plain DB-API, what the queries
        read through); opened on first use, closed with the backend."""
        found: Reads | None = getattr(self._reads, "db", None)
        if found is None:
            from propsvc.projections.db import connect
            from propsvc.queries.sql import Reads

            self.store  # noqa: B018  (a folder that is not there: the store says so)
            found = Reads(connect(self.url))
            with self._lock:
                self._all_reads.append(found)
            self._reads.db = found
        return found

    @property
    def read_engine(self) -> Engine:
        """A SQLAlchemy engine on the same database, for tools and tests that inspect
        the tables (never on a command's path: the queries use ``read_db``)."""
        engine = self.store.factory.datastore.engine  # type: ignore[attr-defined]
        return engine  # type: ignore[no-any-return]

    def seal_point(self) -> tuple[int, str | None]:
        """The last event every read model has applied, and the chain's link there:
        what a month's seal says its registers were built from."""
        from propsvc.store.database import EVENTS

        position = min(self.runner.positions().values(), default=0)
        found = self.read_db.values(f"SELECT chain_hash FROM {EVENTS} WHERE id = ?",
                                    (position,))
        link = found[0][0] if found and found[0][0] is not None else None
        return position, (bytes(link).hex() if link is not None else None)

    def catch_up(self, progress: Progress | None = None) -> CaughtUp:
        """Bring every read model up to the last event (``Runner.catch_up``); raises
        ``CatchUpFailed`` when the database does not allow it now."""
        runner = self.runner
        self.forget_checks()
        with self._catching:
            return runner.catch_up(progress)

    def forget_checks(self) -> list[str]:
        """Something was written (or caught up): the next read checks again (no
        warnings: the after-commit step of a write that leaves catching up to later)."""
        checks = _checks()
        if checks is not None:
            for key in [k for k in checks.found if k[0] is self]:
                del checks.found[key]
        return []

    def require_office(self, code: str) -> None:
        """A read for an office the registry does not know is refused (once a request
        within ``checked_once``)."""
        from propsvc.store.office_codes import require_office

        checks = _checks()
        if checks is not None and (self, "office", code) in checks.found:
            return
        require_office(self.store, code)
        if checks is not None:
            checks.found[(self, "office", code)] = True

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
        the database error it was (one line, like any other read failing). Before the
        runner is loaded (a command's first read), three queries tell whether there is
        anything to do; when there is not, the projections and the domain classes they
        dispatch on are never imported."""
        checks = _checks()
        if checks is not None and (self, "caught") in checks.found:
            found: CaughtUp = checks.found[(self, "caught")]
            return found
        caught = self._catch_up_to_read()
        if checks is not None:
            checks.found[(self, "caught")] = caught
        return caught

    def _catch_up_to_read(self) -> CaughtUp:
        from propsvc.projections.runs import CatchUpFailed, CaughtUp

        if self._runner is None:
            from propsvc.projections.ready import up_to_date

            stale = up_to_date(self.read_db.db)
            if stale is not None:
                return CaughtUp(0, stale)
        try:
            return self.catch_up()
        except CatchUpFailed as err:
            raise (err.__cause__ or err) from None

    def rebuild(self, progress: Progress | None = None) -> int:
        runner = self.runner
        self.forget_checks()
        with self._catching:
            return runner.rebuild(progress)

    def stale(self) -> list[Stale]:
        """The read models stopped before an event they could not apply."""
        runner = self.runner
        with self._catching:
            return list(runner.stale())

    def exclusive(self, key: int) -> AbstractContextManager[bool]:
        """A lock every process on this database shares (PostgreSQL advisory lock; always
        held on SQLite): ``with backend.exclusive(KEY) as held: …`` — never waits."""
        from propsvc.store.locks import try_advisory_lock

        return try_advisory_lock(self.read_engine, key)

    def close(self) -> None:
        with self._lock:
            reads, self._all_reads = self._all_reads, []
        for found in reads:
            found.close()
        self._reads = threading.local()
        if self._runner is not None:
            self._runner.dispose()
            self._runner = None
        if self._store is not None:
            self._store.close()
            self._store = None
