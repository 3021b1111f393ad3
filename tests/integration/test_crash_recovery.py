"""A crash mid-batch rolls rows and tracking positions back together; a replay is exact.

A crash is the process dying (``kill``, power cut): modelled by a ``BaseException`` out
of a handler, which nothing in the runner catches. (An ordinary exception from a handler
is a read model that cannot apply an event: see ``test_stale_projection.py``.)"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from propsvc.aggregates.repair import RepairCompleted
from propsvc.clock import SettableClock
from propsvc.office.runtime import Runtime
from propsvc.projections.base import Projection
from propsvc.projections.catchup import Runner, writer_engine
from propsvc.projections.visit import VisitLog
from tests.integration._support import (
    all_at,
    event_count,
    events_table,
    last_event_id,
    play_workload,
    positions,
    snapshot,
)

MakeRuntime = Callable[..., Runtime]


class Boom(BaseException):
    """The process dies here."""


def _fail_once_on(projection: Projection, event_type: type) -> list[Any]:
    """Make ``projection`` raise the first time it handles an ``event_type`` event."""
    real = projection.handle
    seen: list[Any] = []

    def handle(event: Any) -> None:
        if isinstance(event, event_type) and not seen:
            seen.append(event)
            raise Boom(f"crash while handling {type(event).__name__}")
        real(event)

    projection.handle = handle  # type: ignore[method-assign]
    return seen


def _more_work(rt: Runtime, clock: SettableClock) -> None:
    """A few writes left for the next catch-up, one of them a completion."""
    desk = rt.repair
    n = desk.open(unit="8-8-0808", caller="周敏", phone=None, summary="水龙头滴水").ticket.number
    desk.order(n, "李师傅")
    clock.advance(timedelta(minutes=20))
    desk.arrive(n)
    desk.complete(n, "周敏", 5)
    desk.visit(n, "phone", "satisfied")
    m = desk.open(unit="8-8-0809", caller="吴磊", phone=None, summary="窗户关不上").ticket.number
    desk.order(m, "赵师傅")


def _count_upto(rt: Runtime, position: int) -> int:
    from sqlalchemy import func, select

    table = events_table(rt)
    with rt.read_engine.connect() as conn:
        return int(conn.execute(select(func.count()).where(table.c.id <= position)).scalar_one())


def test_a_projection_crash_mid_batch_rolls_back_rows_and_positions_together(
    make_runtime: MakeRuntime, db_url: str, clock: SettableClock
) -> None:
    rt = make_runtime(db_url)
    play_workload(rt, clock)
    before_rows, before_positions = snapshot(rt.read_engine), positions(rt.read_engine)
    len_before = event_count(rt)

    _more_work(rt, clock)
    # VisitLog runs after the register and the deadline index in the same transaction:
    # by the time it fails, the other two have already written their rows.
    visit_log = next(p for p in rt.runner.projections if isinstance(p, VisitLog))
    crashed = _fail_once_on(visit_log, RepairCompleted)
    with pytest.raises(Boom):
        rt.catch_up()
    assert crashed, "the crash was not triggered"

    assert positions(rt.read_engine) == before_positions
    assert snapshot(rt.read_engine) == before_rows

    # the replay after the crash is exact: same as a rebuild from scratch
    assert rt.catch_up() == event_count(rt) - len_before
    last = last_event_id(rt)
    assert all_at(positions(rt.read_engine), last)
    caught_up = snapshot(rt.read_engine)
    rt.runner.rebuild()
    assert snapshot(rt.read_engine) == caught_up


def test_a_crash_in_a_later_batch_keeps_the_earlier_batches_and_resumes_after_them(
    make_runtime: MakeRuntime, db_url: str, clock: SettableClock
) -> None:
    rt = make_runtime(db_url)
    play_workload(rt, clock, catch_up=False, ticks=False)
    total = event_count(rt)
    runner = Runner(writer_engine(rt.url), events_table(rt), batch_size=10)
    try:
        visit_log = next(p for p in runner.projections if isinstance(p, VisitLog))
        crashed = _fail_once_on(visit_log, RepairCompleted)
        with pytest.raises(Boom):
            runner.catch_up()
        assert crashed
        committed = positions(rt.read_engine)
        # every projection stopped at the same batch boundary, before the failing event
        assert len(set(committed.values())) == 1
        stopped = committed["tickets"]
        assert 0 < stopped < last_event_id(rt)
        partial = snapshot(rt.read_engine)
        assert len(partial["rm_tickets"]) > 0
        assert partial["rm_completions"] == []  # the first completion was in the lost batch

        assert runner.catch_up() == total - _count_upto(rt, stopped)
        resumed = snapshot(rt.read_engine)
        runner.rebuild()
        assert snapshot(rt.read_engine) == resumed
    finally:
        runner.dispose()


def test_a_crash_during_rebuild_leaves_a_state_that_catch_up_completes(
    make_runtime: MakeRuntime, sqlite_url: str, clock: SettableClock
) -> None:
    rt = make_runtime(sqlite_url)
    play_workload(rt, clock)
    expected = snapshot(rt.read_engine)
    visit_log = next(p for p in rt.runner.projections if isinstance(p, VisitLog))
    _fail_once_on(visit_log, RepairCompleted)
    with pytest.raises(Boom):
        rt.runner.rebuild()
    rt.catch_up()
    assert snapshot(rt.read_engine) == expected
