"""The pull loop that keeps read models up to date, on SQLite and PostgreSQL alike.

Each batch is one transaction: read up to ``batch_size`` events after the tracked
position, apply them to every projection, write the rows and the new positions, commit.
A crash mid-batch rolls back rows and position together, so a replay is exact.
Two processes catching up at once serialise on the tracking rows (``BEGIN IMMEDIATE``
on SQLite, ``SELECT … FOR UPDATE`` on PostgreSQL); the second one finds nothing to do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, event, select, update
from sqlalchemy.exc import IntegrityError

from propsvc.aggregates.base import Event
from propsvc.persistence import decode_event
from propsvc.projections.base import Projection
from propsvc.projections.deadline_index import DeadlineIndex
from propsvc.projections.desk_register import DeskRegister
from propsvc.projections.handover_log import HandoverLog
from propsvc.projections.incident_log import IncidentLog
from propsvc.projections.key_register import KeyRegister
from propsvc.projections.reno_register import RenovationRegister
from propsvc.projections.schema import metadata, tracking
from propsvc.projections.ticket_register import TicketRegister
from propsvc.projections.visit_log import VisitLog

Progress = Callable[[int, int], None]


def all_projections() -> list[Projection]:
    return [TicketRegister(), DeadlineIndex(), VisitLog(), KeyRegister(), RenovationRegister(),
            DeskRegister(), IncidentLog(), HandoverLog()]


def writer_engine(url: str) -> Engine:
    """An engine whose transactions take the write lock up front on SQLite."""
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _autocommit_driver(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None

        @event.listens_for(engine, "begin")
        def _begin_immediate(conn: Connection) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


class Runner:
    def __init__(self, engine: Engine, events: Table,
                 projections: Sequence[Projection] | None = None,
                 batch_size: int = 2000) -> None:
        self.engine = engine
        self.events = events
        self.projections = list(projections or all_projections())
        self.batch_size = batch_size
        self._ready = False

    def setup(self) -> None:
        if self._ready:
            return
        with self.engine.begin() as conn:
            if self.engine.dialect.name == "postgresql":  # first runs of two desks at once
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7413)")
            metadata.create_all(conn, checkfirst=True)  # (SQLite: under BEGIN IMMEDIATE)
            known = set(conn.execute(select(tracking.c.name)).scalars())
            for p in self.projections:
                if p.name not in known:
                    try:
                        with conn.begin_nested():
                            conn.execute(tracking.insert().values(name=p.name, position=0))
                    except IntegrityError:
                        pass
        self._ready = True

    def positions(self, conn: Connection, *, lock: bool = False) -> dict[str, int]:
        query = select(tracking.c.name, tracking.c.position).where(
            tracking.c.name.in_([p.name for p in self.projections]))
        if lock and self.engine.dialect.name == "postgresql":
            query = query.with_for_update()
        return {name: pos for name, pos in conn.execute(query)}

    def max_position(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(self.events.c.id).order_by(
                self.events.c.id.desc()).limit(1)).scalar() or 0

    def catch_up(self, progress: Progress | None = None) -> int:
        """Apply every new event to every projection. Returns how many were read."""
        self.setup()
        total = 0
        target = self.max_position() if progress else 0
        try:
            while True:
                done, position = self._step()
                total += done
                if progress:
                    progress(position, max(target, position))
                if done < self.batch_size:
                    return total
        finally:
            for p in self.projections:
                p.reset()

    def _step(self) -> tuple[int, int]:
        with self.engine.begin() as conn:
            positions = self.positions(conn, lock=True)
            start = min(positions.values())
            rows = conn.execute(
                select(self.events.c.id, self.events.c.originator_id,
                       self.events.c.originator_version, self.events.c.topic,
                       self.events.c.state)
                .where(self.events.c.id > start)
                .order_by(self.events.c.id)
                .limit(self.batch_size)
            ).all()
            if not rows:
                return 0, start
            decoded: list[tuple[int, Event]] = [
                (row.id, decode_event(row.topic, bytes(row.state), row.originator_id,
                                      row.originator_version))
                for row in rows
            ]
            last = rows[-1].id
            for p in self.projections:
                mine = [e for i, e in decoded if i > positions[p.name]]
                p.apply(conn, mine)
                conn.execute(update(tracking).where(tracking.c.name == p.name)
                             .values(position=last))
            return len(rows), last

    def rebuild(self, progress: Progress | None = None) -> int:
        """Drop every read model and replay the whole event log into it."""
        tables = [t for p in self.projections for t in p.tables]
        metadata.drop_all(self.engine, tables=tables, checkfirst=True)
        metadata.create_all(self.engine, tables=[*tables, tracking], checkfirst=True)
        self._ready = False
        self.setup()
        with self.engine.begin() as conn:
            conn.execute(update(tracking).where(
                tracking.c.name.in_([p.name for p in self.projections])).values(position=0))
        for p in self.projections:
            p.reset(assume_empty=True)
        return self.catch_up(progress)
