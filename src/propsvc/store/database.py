"""Plain DB-API access to the event tables: ``sqlite3`` for a file, ``psycopg`` for PostgreSQL.

No SQLAlchemy here (its ORM and sqlalchemy_utils cost a third of a second to import on
every command). One connection per store, used under a lock; every transaction is
explicit: ``read()`` sees one snapshot, ``write()`` holds the log's insert lock from its
first statement to its commit (SQLite ``BEGIN IMMEDIATE``; PostgreSQL ``LOCK TABLE … IN
EXCLUSIVE MODE``, as eventsourcing's own PostgreSQL recorder does, which blocks other
writers of the log but not its readers). Driver errors leave as eventsourcing's
persistence errors, so the desks' conflict handling stays the same on both databases.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from uuid import UUID

from eventsourcing import persistence as es

from propsvc.store import busy

EVENTS = "propsvc_events"
CHAIN = "propsvc_chain"


@dataclass(frozen=True)
class Target:
    """Where a normalised ``--db`` URL points."""

    kind: str  # "sqlite" | "postgresql"
    path: str = ""  # SQLite file
    timeout: float = 30.0
    conninfo: str = ""  # PostgreSQL

    @classmethod
    def parse(cls, url: str) -> Target:
        if url.startswith("sqlite"):
            rest = url.split(":///", 1)[1] if ":///" in url else ""
            path, _, query = rest.partition("?")
            timeout = parse_qs(query).get("timeout", ["30"])[0]
            return cls("sqlite", path=unquote(path), timeout=float(timeout))
        parts = urlsplit(url)
        return cls("postgresql", conninfo=parts._replace(scheme="postgresql").geturl())


class Database:
    """One connection to the event store's database and its dialect's few differences."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.kind = target.kind
        self.mark = "?" if self.kind == "sqlite" else "%s"
        self._lock = threading.RLock()
        self._conn: Any = None

    # -- connection -----------------------------------------------------------------

    def connection(self) -> Any:
        if self._conn is None:
            self._conn = _translate(self._connect)
        return self._conn

    def _connect(self) -> Any:
        if self.kind == "sqlite":
            conn = sqlite3.connect(self.target.path, timeout=self.target.timeout,
                                   isolation_level=None, check_same_thread=False)
            mode = conn.execute("PRAGMA journal_mode").fetchone()
            if not mode or str(mode[0]).lower() != "wal":
                conn.execute("PRAGMA journal_mode=WAL")
            return conn
        import psycopg

        return psycopg.connect(self.target.conninfo, autocommit=True)

    def exists(self) -> bool:
        """False for a SQLite file not created yet (PostgreSQL: the server has it)."""
        if self.kind != "sqlite":
            return True
        import os

        return os.path.exists(self.target.path)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    # -- transactions ---------------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[Any]:
        """A cursor inside one read transaction (one snapshot of the log)."""
        begin = "BEGIN" if self.kind == "sqlite" else \
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
        with self._transaction(begin) as cur:
            yield cur

    @contextmanager
    def write(self) -> Iterator[Any]:
        """A cursor inside a transaction that holds the log's insert lock."""
        if self.kind == "sqlite":
            with self._transaction("BEGIN IMMEDIATE") as cur:
                yield cur
            return
        with self._transaction("BEGIN") as cur:
            cur.execute(f"LOCK TABLE {EVENTS} IN EXCLUSIVE MODE")
            yield cur

    @contextmanager
    def setup(self) -> Iterator[Any]:
        """A transaction for creating or upgrading tables, one process at a time."""
        if self.kind == "sqlite":
            with self._transaction("BEGIN IMMEDIATE") as cur:
                yield cur
            return
        with self._transaction("BEGIN") as cur:
            cur.execute("SELECT pg_advisory_xact_lock(7415)")
            yield cur

    @contextmanager
    def _transaction(self, begin: str) -> Iterator[Any]:
        with self._lock:
            conn = self.connection()
            cur = conn.cursor()
            try:
                if self.kind == "sqlite":
                    _translate(lambda: busy.begin(conn, begin, self.target.timeout))
                else:
                    _translate(lambda: cur.execute(begin))
                try:
                    yield _Cursor(cur)
                except BaseException:
                    _translate(lambda: cur.execute("ROLLBACK"))
                    raise
                self._commit(conn, cur)
            finally:
                cur.close()

    def _commit(self, conn: Any, cur: Any) -> None:
        """COMMIT; if the database refuses it, the transaction is rolled back (nothing
        of it was written) and the refusal goes on up — the connection is never left
        inside a transaction for the next command to trip over."""
        try:
            _translate(lambda: cur.execute("COMMIT"))
        except es.PersistenceError:
            in_txn = conn.in_transaction if self.kind == "sqlite" else \
                int(conn.info.transaction_status) != 0
            if in_txn:
                _translate(lambda: cur.execute("ROLLBACK"))
            raise

    # -- values ---------------------------------------------------------------------

    def uuid_value(self, originator_id: UUID | str) -> Any:
        """The aggregate id as the database stores it: 16 bytes on SQLite, a UUID on
        PostgreSQL (from a UUID or its text; text in the canonical form parses fast)."""
        if isinstance(originator_id, UUID):
            return originator_id.bytes if self.kind == "sqlite" else originator_id
        text = str(originator_id)
        raw = bytes.fromhex(text.replace("-", "")) if len(text) == 36 else UUID(text).bytes
        if len(raw) != 16:
            raise ValueError(f"badly formed UUID {text!r}")
        return raw if self.kind == "sqlite" else UUID(bytes=raw)

    @staticmethod
    def to_uuid(value: Any) -> UUID:
        if isinstance(value, UUID):
            return value
        return UUID(bytes=bytes(value))


class _Cursor:
    """A DB-API cursor whose errors come out as eventsourcing persistence errors."""

    def __init__(self, cur: Any) -> None:
        self._cur = cur

    def execute(self, sql: str, params: Any = ()) -> _Cursor:
        _translate(lambda: self._cur.execute(sql, params))
        return self

    def executemany(self, sql: str, rows: Any) -> None:
        _translate(lambda: self._cur.executemany(sql, rows))

    def insert_rows(self, table: str, columns: tuple[str, ...], rows: list[Any]) -> None:
        """Bulk insert: ``executemany`` on SQLite, ``COPY … FROM STDIN`` on PostgreSQL."""
        if isinstance(self._cur, sqlite3.Cursor):
            marks = ", ".join("?" * len(columns))
            self.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                             rows)
            return

        def copy() -> None:
            with self._cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as out:
                for row in rows:
                    out.write_row(row)

        _translate(copy)

    def fetchone(self) -> Any:
        return self._cur.fetchone()

    def fetchall(self) -> list[Any]:
        rows: list[Any] = self._cur.fetchall()
        return rows

    def fetchmany(self, size: int) -> list[Any]:
        rows: list[Any] = self._cur.fetchmany(size)
        return rows


_ERRORS: tuple[tuple[str, type[es.PersistenceError]], ...] = (
    ("IntegrityError", es.IntegrityError),
    ("UniqueViolation", es.IntegrityError),
    ("OperationalError", es.OperationalError),
    ("InterfaceError", es.InterfaceError),
    ("DataError", es.DataError),
    ("ProgrammingError", es.ProgrammingError),
    ("InternalError", es.InternalError),
    ("NotSupportedError", es.NotSupportedError),
    ("DatabaseError", es.DatabaseError),
)


def _translate(step: Any) -> Any:
    try:
        return step()
    except es.PersistenceError:
        raise
    except Exception as err:
        if not (isinstance(err, sqlite3.Error) or type(err).__module__.startswith("psycopg")):
            raise
        names = {klass.__name__ for klass in type(err).__mro__}
        for name, target in _ERRORS:
            if name in names:
                raise target(str(err)) from err
        raise es.PersistenceError(str(err)) from err
