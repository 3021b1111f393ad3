"""A read model that cannot apply an event is marked stale; writes and the other read
models go on; a rebuild treats the event exactly the same way (incremental == rebuilt)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from uuid import uuid4

from sqlalchemy import select

from propsvc.clock import SettableClock
from propsvc.office import Office
from propsvc.projections.runs import CaughtUp, Stale
from propsvc.projections.tables.deadlines import deadlines
from propsvc.projections.tables.ticket import tickets
from tests.integration._support import events_table, last_event_id, positions, snapshot
from tests.office import behind

MakeOffice = Callable[..., Office]


def _duplicate_call(rt: Office, number: str) -> int:
    """A second ``CallReceived`` with the same ticket number under another id, as a
    faulty writer or an import might leave it; returns its notification id."""
    from eventsourcing.persistence import StoredEvent

    table = events_table(rt)
    with rt.backend.read_engine.connect() as conn:
        original = conn.execute(select(table.c.topic, table.c.state).where(
            table.c.topic == "ticket.CallReceived").order_by(table.c.id)).first()
    assert original is not None
    # through the recorder, so the row is chained like any other (a writer that
    # recorded a wrong event, not a tampered table)
    rt.backend.store.recorder.insert_events([StoredEvent(
        originator_id=uuid4(), originator_version=1, topic=original.topic,
        state=bytes(original.state))])
    assert number  # the first ticket's number is the one duplicated
    return last_event_id(rt)


def _numbers(rt: Office) -> list[str]:
    with rt.backend.read_engine.connect() as conn:
        return list(conn.execute(select(tickets.c.number).order_by(tickets.c.number)).scalars())


def _deadline_tickets(rt: Office) -> set[str]:
    with rt.backend.read_engine.connect() as conn:
        return set(conn.execute(select(deadlines.c.ticket_id)).scalars())


def test_a_duplicated_call_marks_two_read_models_stale_and_blocks_nothing(
    make_runtime: MakeOffice, db_url: str, clock: SettableClock
) -> None:
    rt = make_runtime(db_url)
    first = rt.repairs.open(unit="3-2-1201", caller="王芳", phone=None, summary="漏水")
    rt.backend.catch_up()
    bad = _duplicate_call(rt, first.number)

    caught: Any = rt.backend.catch_up()  # neither raises nor blocks
    assert isinstance(caught, CaughtUp)
    stale = {s.projection: s for s in caught.stale}
    assert set(stale) == {"tickets", "handover"}  # both keep ticket numbers unique
    for s in stale.values():
        assert (s.event_id, s.topic, s.originator_version) == (bad, "ticket.CallReceived", 1)
        assert "UNIQUE" in s.error.upper() or "duplicate" in s.error
        assert f"'{s.projection}' is stale" in s.message() and f"#{bad}" in s.message()
    tracked = positions(rt.backend.read_engine)
    assert tracked["tickets"] == tracked["handover"] == bad - 1
    assert tracked["deadlines"] == tracked["visits"] == bad

    # later writes are recorded and caught up by every read model that is not stale
    clock.advance(timedelta(minutes=5))
    second = rt.repairs.open(unit="3-2-1202", caller="李雷", phone=None, summary="停电")
    rt.repairs.order(second.number, "赵师傅")
    again = rt.backend.catch_up()
    assert {s.projection for s in again.stale} == {"tickets", "handover"}
    assert str(second.aggregate.id) in _deadline_tickets(rt)
    assert _numbers(rt) == [first.number]  # stale: the state before the bad event
    assert positions(rt.backend.read_engine)["deadlines"] == last_event_id(rt)
    assert rt.backend.runner.stale() == list(sorted(again.stale, key=lambda s: s.projection))

    incremental, marks = snapshot(rt.backend.read_engine), rt.backend.runner.stale()
    rt.backend.runner.rebuild()
    assert snapshot(rt.backend.read_engine) == incremental
    assert rt.backend.runner.stale() == marks
    assert positions(rt.backend.read_engine)["tickets"] == bad - 1


def test_a_handler_that_raises_stops_only_its_read_model_before_that_event(
    make_runtime: MakeOffice, sqlite_url: str, clock: SettableClock
) -> None:
    rt = make_runtime(sqlite_url)
    desk = behind(rt).repairs  # written first, caught up below
    a = desk.open(unit="1-1-0101", caller="甲", phone=None, summary="灯坏了")
    b = desk.open(unit="1-1-0102", caller="乙", phone=None, summary="门坏了")
    register = next(p for p in rt.backend.runner.projections if p.name == "tickets")
    real = register.handle

    def handle(event: Any) -> None:
        if getattr(event, "number", None) == b.number:
            raise ValueError("cannot apply this call")
        real(event)

    register.handle = handle  # type: ignore[method-assign]
    caught = rt.backend.catch_up()
    assert [s.projection for s in caught.stale] == ["tickets"]
    failed: Stale = caught.stale[0]
    assert failed.originator_id == str(b.aggregate.id) and "ValueError" in failed.error
    # the events before it were kept (its batch was not thrown away), those after it wait
    assert _numbers(rt) == [a.number]
    assert {str(a.aggregate.id), str(b.aggregate.id)} <= _deadline_tickets(rt)
