"""The pull loop that keeps read models up to date, on SQLite and PostgreSQL alike.

Each batch is one transaction: read up to ``batch_size`` events after the tracked
position, give each projection the events it handles, write the rows and the new
positions, commit. A crash mid-batch rolls back rows and position together, so a replay
is exact. Catch-ups serialise on one lock taken first (``BEGIN IMMEDIATE`` on SQLite, an
advisory lock on PostgreSQL); a second one finds nothing to do. A catch-up that finds
every read model at the head of the log takes no lock at all.

A read model that cannot apply an event (its handler raises, or the database refuses
its rows) is rolled back to just before that event and marked **stale**: the error,
naming the projection and the event, is kept in ``propsvc_stale``; the other read models
go on, and the stale one stays where it stopped until ``rebuild``, which replays the
same events the same way (so a rebuilt store equals an incrementally caught-up one).
Anything else that goes wrong (the database busy, gone, full) raises ``CatchUpFailed``:
the events are committed, only the read models lag, and the next catch-up retries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any
from uuid import UUID

from propsvc.aggregates.base import Event
from propsvc.projections import registry
from propsvc.projections._schema import stale as stale_table
from propsvc.projections._schema import tracking
from propsvc.projections.base import Projection, dispatcher_of
from propsvc.projections.db import Db, connect_sqlite, prepare_sqlite
from propsvc.projections.decoding import Decoders
from propsvc.projections.ready import PROJECTIONS as TABLES
from propsvc.projections.rows import SHADOW, Key, q
from propsvc.projections.runs import (
    CatchUpFailed,
    CaughtUp,
    Progress,
    ReadModelsOutdated,
    Stale,
    gc_paused,
    sqlite_path,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine, Table

    from propsvc.projections.schema import TableSpec

EVENTS_TABLE = "propsvc_events"
EVENT_COLUMNS = ("id", "originator_id", "originator_version", "topic", "state")
ERROR_LIMIT = 500  # characters of an error message kept in propsvc_stale
BATCH = 10_000  # events per catch-up transaction
# events per transaction of a rebuild's workers: a row changed by several events of a
# batch is written once (a catch-up's batches stay short)
REBUILD_BATCH = 25_000


def all_projections() -> list[Projection]:
    """A new instance of every read model, in the runner's order."""
    return [registry.load(name) for name in registry.READ_MODELS]


def writer_engine(url: str) -> Engine:
    """A SQLAlchemy engine whose SQLite transactions take the write lock up front (for
    callers that write read models through SQLAlchemy; the runner takes its own)."""
    from sqlalchemy import Connection, create_engine, event

    engine = create_engine(url)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _autocommit_driver(dbapi_conn: Any, _record: Any) -> None:
            prepare_sqlite(dbapi_conn)

        @event.listens_for(engine, "begin")
        def _begin_immediate(conn: Connection) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def is_infrastructure(err: BaseException) -> bool:
    """A driver error about the database itself (locked, gone, broken), as opposed to a
    refusal of one projection's rows (constraint, bad value) or a handler's bug."""
    return any(k.__name__ in ("OperationalError", "InterfaceError", "InternalError")
               for k in type(err).__mro__)


def _originator(value: Any) -> str:
    """The id string of a stored originator id (SQLite: 16 bytes; PostgreSQL: a UUID)."""
    if type(value) is bytes and len(value) == 16:
        h = value.hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    return str(UUID(bytes=value)) if type(value) is bytes else str(value)


class _Refused(Exception):
    """A projection refused an event in a batch applied without savepoints."""


class _Undecodable:
    """A stored event that could not be decoded: every projection routed to it fails."""

    def __init__(self, error: Exception) -> None:
        self.error = error


Row = tuple[Any, ...]  # (id, originator_id, originator_version, topic, state)
Item = tuple[Row, Any]  # a row and its decoded event (or _Undecodable)


class Runner:
    """Catch-up (and rebuild) of ``projections`` from the events table.

    ``source`` is a database URL (the runner opens its own DB-API connection) or a
    SQLAlchemy ``Engine`` (its pool lends one). ``events`` names the events table (a
    ``Table`` is accepted for its name); its columns are read by name.

    Without ``projections`` it runs every read model of ``projections.registry``, each
    imported when an event it handles first arrives (routed by ``registry.handlers_of``:
    the catch-up after a repair write loads the ticket read models only); ``projections``
    loads every one now (as ``.projections`` does).
    """

    def __init__(self, source: Engine | str, events: Table | str = EVENTS_TABLE,
                 projections: Sequence[Projection] | None = None,
                 batch_size: int | None = None) -> None:
        self._engine = None if isinstance(source, str) else source
        self.url = source if isinstance(source, str) else source.url.render_as_string(
            hide_password=False)
        self.kind = "postgresql" if self.url.startswith("postgres") else "sqlite"
        self.events_name = events if isinstance(events, str) else events.name
        self._lazy = not projections
        self._loaded: list[Projection | None] = (
            list(projections) if projections else [None] * len(registry.READ_MODELS))
        self.names = ([p.name for p in self._loaded if p is not None] if projections
                      else list(registry.READ_MODELS))
        if projections:
            self._load_domain()
        self._batch_size = batch_size
        self._db: Db | None = None
        self._ready = False
        self._rebuilding = False
        # PostgreSQL: the id as text (psycopg would build a UUID object per row, and
        # catch-up only wants its string)
        columns = [q(c) for c in EVENT_COLUMNS]
        if self.kind == "postgresql":
            columns[1] = f"CAST({columns[1]} AS TEXT)"
        self.read_columns = tuple(columns)
        self._read_sql = (
            f"SELECT {', '.join(columns)} FROM {q(self.events_name)} "
            f"WHERE {q('id')} > {{m}} ORDER BY {q('id')} LIMIT {{m}}")
        self._handlers: dict[int, dict[type, Callable[[Event], None]]] = {}
        self._routes: dict[str, list[tuple[int, tuple[bytes, ...]]]] = {}
        self._decode = Decoders()
        self._ids: dict[int, str] = {}
        self.last_rebuild: dict[str, Any] = {}  # timings of the last rebuild (benchmarks)

    # -- the read models --------------------------------------------------------------------
    @property
    def projections(self) -> list[Projection]:
        """Every read model of the runner (loading those not loaded yet)."""
        if self._lazy:
            self._load_domain()
        return [self.projection(i) for i in range(len(self.names))]

    def projection(self, i: int) -> Projection:
        """The read model at index ``i``, imported on first use."""
        p = self._loaded[i]
        if p is None:
            p = self._loaded[i] = registry.load(self.names[i])
        return p

    def loaded(self) -> list[Projection]:
        """The read models imported so far."""
        return [p for p in self._loaded if p is not None]

    def tables(self, i: int) -> tuple[TableSpec, ...]:
        """The tables of the read model at ``i`` (without importing it)."""
        p = self._loaded[i]
        return tuple(p.tables) if p is not None else TABLES[self.names[i]]

    def _load_domain(self) -> None:
        from propsvc.store.event_store import load_domain

        load_domain()  # every event class known before the projections dispatch on them

    # -- connection -------------------------------------------------------------------------
    @property
    def events(self) -> str:
        """The name of the events table."""
        return self.events_name

    @property
    def engine(self) -> Engine:
        """A SQLAlchemy engine on the same database (made on first use)."""
        if self._engine is None:
            self._engine = writer_engine(self.url)
        return self._engine

    def part(self, projections: list[Projection]) -> Runner:
        """A runner of some of this one's projections, on the same database (a rebuild
        worker's)."""
        return Runner(self.url, self.events_name, projections,
                      self._batch_size or REBUILD_BATCH)

    @property
    def batch_size(self) -> int:
        """Events per catch-up transaction (a rebuild's workers take ``REBUILD_BATCH``
        unless a size was given)."""
        return self._batch_size or BATCH

    @batch_size.setter
    def batch_size(self, value: int) -> None:
        self._batch_size = value

    @property
    def db(self) -> Db:
        if self._db is None:
            self._db = self._connect()
        return self._db

    def connect(self) -> Db:
        """A new connection to the same database, with the runner's settings."""
        return self._connect()

    def _connect(self) -> Db:
        if self._engine is not None:
            proxy = self._engine.raw_connection()
            raw = proxy.driver_connection
            if self.kind == "sqlite":
                prepare_sqlite(raw)
            return Db(raw, self.kind, close=proxy.close)
        if self.kind == "sqlite":
            return connect_sqlite(sqlite_path(self.url))
        import psycopg

        return Db(psycopg.connect(libpq_url(self.url)), "postgresql")

    def dispose(self) -> None:
        """Close the runner's connection (and its engine, if it made one)."""
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._engine is not None:
            self._engine.dispose()

    # -- state ------------------------------------------------------------------------------
    def setup(self) -> None:
        """Create missing read-model tables and tracking rows (once per process)."""
        if self._ready:
            return
        db = self.db
        gaps: list[str] = []
        try:
            positions, _ = self._state(db)
            ready = all(name in positions for name in self.names)
            specs = [t for i in range(len(self.names)) for t in self.tables(i)]
            if ready:  # an index added to an existing read model is created here too
                from propsvc.projections.ddl import (
                    existing_indexes,
                    index_present,
                    missing_columns,
                )

                # a column added to an existing read model: rebuild (not for a rebuild);
                # asked first, as an index added with it cannot be made without it
                gaps = [] if self._rebuilding else missing_columns(
                    db, {t.name: t.columns for t in specs})
                have = existing_indexes(db)
                ready = all(index_present(ix, have) for t in specs for ix in t.indexes)
        except Exception:  # no tables yet (any other problem shows up creating them)
            ready, gaps = False, []
        finally:
            db.end_read()
        if gaps:
            raise ReadModelsOutdated(gaps)
        if not ready:
            self._create(db)
        self._ready = True

    def _create(self, db: Db) -> None:
        from propsvc.projections import ddl

        specs = [t for i in range(len(self.names)) for t in self.tables(i)]
        names = [tracking.name, stale_table.name,
                 *(t.name for t in specs)]
        # a table lacking a column (a rebuild about to replace it, indexes and all):
        # the indexes on its new columns cannot be made on it
        short = {gap.split(".")[0] for gap in ddl.missing_columns(
            db, {t.name: t.columns for t in specs})}
        with db.write():
            ddl.create_missing(db, [n for n in names if n not in short])
            known = {r[0] for r in db.rows(f"SELECT {q('name')} FROM {q(tracking.name)}")}
            for name in self.names:
                if name not in known:
                    db.run(f"INSERT INTO {q(tracking.name)} ({q('name')}, {q('position')}) "
                           f"VALUES ({db.mark}, 0)", (name,))

    def _state(self, db: Db, *, head: bool = False
               ) -> tuple[dict[str, int], dict[str, Stale]]:
        """Positions and stale marks in one query (and the head of the log in it, as the
        ``"#head"`` position, if asked)."""
        cols = ", ".join(f"s.{q(c)}" for c in stale_table.columns[1:])
        newest = (f", (SELECT {q('id')} FROM {q(self.events_name)} "
                  f"ORDER BY {q('id')} DESC LIMIT 1)") if head else ""
        positions: dict[str, int] = {}
        stale: dict[str, Stale] = {}
        for row in db.rows(f"SELECT t.{q('name')}, t.{q('position')}, {cols}{newest} "
                           f"FROM {q(tracking.name)} t LEFT JOIN {q(stale_table.name)} s "
                           f"ON s.{q('name')} = t.{q('name')}"):
            positions[row[0]] = row[1]
            if row[2] is not None:
                stale[row[0]] = Stale(row[0], *row[2:7])
            if head:
                positions["#head"] = row[7] or 0
        return positions, stale

    def positions(self) -> dict[str, int]:
        """Where each projection stands (the id of the last event it has taken in)."""
        self.setup()
        try:
            positions, _ = self._state(self.db)
        finally:
            self.db.end_read()
        return {name: positions.get(name, 0) for name in self.names}

    def stale(self) -> list[Stale]:
        """The read models that stopped before an event they could not apply."""
        self.setup()
        try:
            _, stale = self._state(self.db)
        finally:
            self.db.end_read()
        names = set(self.names)
        return [s for name, s in sorted(stale.items()) if name in names]

    def head(self, db: Db | None = None) -> int:
        """The id of the newest event (0 for an empty log)."""
        db = db or self.db
        rows = db.rows(f"SELECT {q('id')} FROM {q(self.events_name)} "
                       f"ORDER BY {q('id')} DESC LIMIT 1")
        return int(rows[0][0]) if rows else 0

    def max_position(self) -> int:
        try:
            return self.head()
        finally:
            self.db.end_read()

    # -- catch-up ---------------------------------------------------------------------------
    def catch_up(self, progress: Progress | None = None) -> CaughtUp:
        """Apply every new event to every read model that is not stale. Returns how many
        events were read (with ``.stale``); raises ``CatchUpFailed`` when the database
        did not let it finish (what it committed before stays)."""
        total = 0
        try:
            self.setup()
            db = self.db
            target, marked = self._behind(db)
            if target is None:
                return CaughtUp(0, marked)
            while True:
                try:  # first without a savepoint per projection: the usual batch
                    with gc_paused(), db.write():
                        done, position = self.step(db, careful=False)
                except _Refused:  # some read model refused an event: again, carefully
                    for p in self.loaded():
                        p.forget()
                    with gc_paused(), db.write():
                        done, position = self.step(db)
                total += done
                if progress:
                    progress(position, max(target, position))
                if done < self.batch_size:
                    return CaughtUp(total, self.stale())
        except Exception as err:
            raise CatchUpFailed(
                f"read models not brought up to date ({type(err).__name__}: {err}); "
                "what was recorded is kept, and the next command catches up") from err
        finally:
            for p in self.loaded():
                p.reset()

    def _behind(self, db: Db) -> tuple[int | None, list[Stale]]:
        """The head of the log if some live read model is behind it, else None (read
        without taking the lock), and the stale read models."""
        try:
            positions, stale = self._state(db, head=True)
            live = [positions.get(name, 0) for name in self.names if name not in stale]
            head = positions.get("#head", 0)
        except Exception:
            db.end_read()
            from propsvc.projections.ddl import existing_tables

            if self.events_name not in existing_tables(db):
                return None, []  # no event recorded yet: nothing to catch up
            raise
        finally:
            db.end_read()
        marked = [s for name, s in sorted(stale.items()) if name in set(self.names)]
        return (head if live and min(live) < head else None), marked

    def step(self, db: Db, upto: int | None = None, *, careful: bool = True
             ) -> tuple[int, int]:
        """One batch inside ``db``'s open write transaction (events up to ``upto``).

        ``careful``: each projection in a savepoint, a refused event marks it stale.
        Otherwise a refusal raises ``_Refused`` (the caller rolls back and steps again
        carefully): one statement pair less per projection in the usual batch."""
        positions, stale = self._state(db)
        active = [(i, name) for i, name in enumerate(self.names) if name not in stale]
        if not active:
            return 0, self.head(db)
        start = min(positions.get(name, 0) for _, name in active)
        rows = self.read(db, start, upto)
        if not rows:
            return 0, start
        last = rows[-1][0]
        at = {i: positions.get(name, 0) for i, name in active}
        work = self.route(rows, at)
        moved: list[tuple[int, str]] = []
        for i, name in active:
            position = last
            items = work.get(i)
            if careful:
                failure = self.apply_guarded(self.projection(i), db, items) if items else None
            else:
                failure = None
                try:
                    if items:
                        self.apply(self.projection(i), db, items)
                except Exception as err:
                    if is_infrastructure(err):
                        raise
                    raise _Refused from err
            if failure is not None:
                position = failure.event_id - 1
                self._mark_stale(db, failure)
            if position > at[i]:  # a projection past this batch keeps its position
                moved.append((position, name))
        db.many(f"UPDATE {q(tracking.name)} SET {q('position')} = {db.mark} "
                f"WHERE {q('name')} = {db.mark}", moved)
        return len(rows), last

    def read(self, db: Db, start: int, upto: int | None = None) -> list[Row]:
        """The next batch of raw rows after ``start`` (ids ≤ ``upto`` if given)."""
        rows = db.rows(self._read_sql.format(m=db.mark), (start, self.batch_size))
        if upto is not None and rows and rows[-1][0] > upto:
            rows = [r for r in rows if r[0] <= upto]
        return rows

    def route(self, rows: list[Row], at: dict[int, int]) -> dict[int, list[Item]]:
        """Each projection's events of the batch (by index in ``projections``), each
        event decoded once and only if some projection handles its class."""
        work: dict[int, list[Item]] = {i: [] for i in at}
        routes, decode = self._routes, self._decode
        # this batch's id strings, made once per event (by id() of its events, alive
        # with the batch): what ``Projection.oid`` gives the handlers
        ids: dict[int, str] = {}
        self._ids = ids
        level = set(at.values())
        start = level.pop() if len(level) == 1 else None  # the usual case: all level
        active: dict[str, list[tuple[list[Item], tuple[bytes, ...], int]]] = {}
        for row in rows:
            topic = row[3]
            lists = active.get(topic)
            if lists is None:
                targets = routes.get(topic)
                if targets is None:
                    targets = routes[topic] = self._targets(topic)
                lists = active[topic] = [(work[i], wants, at[i]) for i, wants in targets
                                         if i in at]
            if not lists or (start is not None and row[0] <= start):
                continue
            state = row[4]
            event: Any = None
            for target, wants, position in lists:
                if start is None and row[0] <= position:
                    continue
                if wants:
                    raw = state if type(state) is bytes else bytes(state)
                    if not any(w in raw for w in wants):
                        continue
                if event is None:
                    try:
                        event = decode(topic, state, row[1], row[2])
                        ids[id(event)] = _originator(row[1])
                    except Exception as err:
                        event = _Undecodable(err)
                target.append((row, event))
        return work

    def targets(self, topic: str) -> list[tuple[int, tuple[bytes, ...]]]:
        """The projections (indexes) an event of ``topic`` goes to, as ``route`` sends it."""
        targets = self._routes.get(topic)
        if targets is None:
            targets = self._routes[topic] = self._targets(topic)
        return targets

    def routes_everything(self, p: Projection) -> bool:
        return self._routes_all(p)

    def row_filter(self, db: Db) -> tuple[str, list[Any]]:
        """More SQL (`` AND …``) narrowing the rows a replay reads: none here (an as-of
        runner keeps one office's)."""
        return "", []

    def _targets(self, topic: str) -> list[tuple[int, tuple[bytes, ...]]]:
        """(projection index, the pieces its stored JSON must hold, if any) per topic:
        from the generated routes while the read models are loaded lazily (none is
        imported here), else asked of each projection."""
        if self._lazy:
            known = registry.handlers_of(topic)
            if known is not None:
                index = {name: i for i, name in enumerate(self.names)}
                return [(index[name], wants) for name, wants in known]
        from propsvc.aggregates.topics import event_class

        cls = event_class(topic)
        out: list[tuple[int, tuple[bytes, ...]]] = []
        for i, p in enumerate(self.projections):
            if self._routes_all(p):
                out.append((i, ()))
            elif cls is not None and p.routes(cls):
                out.append((i, type(p).wants_raw.get(cls, ())))
        return out

    @staticmethod
    def _routes_all(p: Projection) -> bool:
        return type(p).apply is not Projection.apply or dispatcher_of(p) is None

    def apply_guarded(self, p: Projection, db: Db, items: list[Item]) -> Stale | None:
        """Apply ``items`` to ``p`` in a savepoint; on a refusal, find the first event
        that cannot be applied (one by one), keep everything before it, and return it."""
        if not items:
            return None
        try:
            with db.savepoint():
                self.apply(p, db, items)
            return None
        except Exception as err:
            if is_infrastructure(err):
                raise
            p.forget()
        for row, event in items:
            try:
                with db.savepoint():
                    self.apply(p, db, [(row, event)])
            except Exception as err:
                if is_infrastructure(err):
                    raise
                p.forget()
                # the same words in a rebuild as in catch-up: no shadow table names
                text = f"{type(err).__name__}: {err}".replace(SHADOW, "")
                return Stale(p.name, int(row[0]), row[3], _originator(row[1]), int(row[2]),
                             text[:ERROR_LIMIT])
        return None

    def apply(self, p: Projection, db: Db, items: list[Item]) -> None:
        """``p.apply`` for the given events, with each handler looked up once per event
        class (same handlers, same order: touches → preload → handle → flush). In a
        rebuild (caches ``assume_empty``) there is nothing to preload but evicted rows,
        so ``touches`` is skipped and the caches read those back when first used."""
        events: list[Event] = []
        append = events.append
        for _, event in items:
            if type(event) is _Undecodable:
                raise event.error
            append(event)
        p.ids = self._ids  # made by ``route``; ``oid`` makes any other itself
        try:
            self._apply(p, db, events)
        finally:
            p.ids = {}

    def _apply(self, p: Projection, db: Db, events: list[Event]) -> None:
        if type(p).apply is not Projection.apply:
            p.apply(db, events)
            return
        caches = p.caches.values()
        if all(c.assume_empty for c in caches):  # a rebuild: rows read back when used
            for cache in caches:
                cache.lazy = db
        elif type(p).touches is not Projection.touches or "touches" in vars(p):
            wanted: dict[str, list[Key]] = {}
            touches = p.touches
            for e in events:
                for table, key in touches(e):
                    wanted.setdefault(table.name, []).append(key)
            for name, keys in wanted.items():
                p.caches[name].preload(db, keys)
        dispatcher = dispatcher_of(p)
        if dispatcher is None:
            handle = p.handle
            for e in events:
                handle(e)
        else:
            handlers = self._handlers.setdefault(id(p), {})
            for e in events:
                cls = type(e)
                h = handlers.get(cls)
                if h is None:
                    h = handlers[cls] = dispatcher.dispatch(cls).__get__(p, type(p))
                h(e)
        for cache in p.caches.values():
            cache.flush(db)

    def _mark_stale(self, db: Db, s: Stale) -> None:
        m = db.mark
        db.run(f"DELETE FROM {q(stale_table.name)} WHERE {q('name')} = {m}", (s.projection,))
        cols = ", ".join(q(c) for c in stale_table.columns)
        db.run(f"INSERT INTO {q(stale_table.name)} ({cols}) VALUES ({', '.join([m] * 6)})",
               (s.projection, s.event_id, s.topic, s.originator_id, s.originator_version,
                s.error))

    # -- rebuild ----------------------------------------------------------------------------
    def rebuild(self, progress: Progress | None = None, *, workers: int | None = None) -> int:
        """Replay the whole log into new tables and switch them in at once (readers see
        the old read models until then, never empty ones). Returns the events read."""
        from propsvc.projections.rebuild import rebuild

        try:
            self._rebuilding = True  # tables lacking new columns are replaced, not refused
            self.setup()
            return rebuild(self, progress, workers=workers)
        finally:
            self._rebuilding = False
            for p in self.loaded():
                p.reset()


def libpq_url(url: str) -> str:
    """A SQLAlchemy PostgreSQL URL (``postgresql+psycopg://…``) as libpq takes it."""
    return "postgresql://" + url.split("://", 1)[1]
