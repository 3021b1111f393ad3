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
from propsvc.office import Office
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
from tests.office import behind

MakeRuntime = Callable[..., Office]


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


def _more_work(rt: Office, clock: SettableClock) -> None:
    """A few writes left for the next catch-up, one of them a completion."""
    rt = behind(rt)
    desk = rt.repairs
    n = desk.open(unit="8-8-0808", caller="周敏", phone=None, summary="水龙头滴水").number
    desk.order(n, "李师傅")
    clock.advance(timedelta(minutes=20))
    desk.arrive(n)
    desk.complete(n, "周敏", 5)
    rt.visits.record(n, "phone", "satisfied")
    m = desk.open(unit="8-8-0809", caller="吴磊", phone=None, summary="窗户关不上").number
    desk.order(m, "赵师傅")


def _count_upto(rt: Office, position: int) -> int:
    from sqlalchemy import func, select

    table = events_table(rt)
    with rt.backend.read_engine.connect() as conn:
        return int(conn.execute(select(func.count()).where(table.c.id <= position)).scalar_one())


def test_a_projection_crash_mid_batch_rolls_back_rows_and_positions_together(
    make_runtime: MakeRuntime, db_url: str, clock: SettableClock
) -> None:
    rt = make_runtime(db_url)
    play_workload(rt, clock)
    engine = rt.backend.read_engine
    before_rows, before_positions = snapshot(engine), positions(engine)
    len_before = event_count(rt)

    _more_work(rt, clock)
    # VisitLog runs after the register and the deadline index in the same transaction:
    # by the time it fails, the other two have already written their rows.
    visit_log = next(p for p in rt.backend.runner.projections if isinstance(p, VisitLog))
    crashed = _fail_once_on(visit_log, RepairCompleted)
    with pytest.raises(Boom):
        rt.backend.catch_up()
    assert crashed, "the crash was not triggered"

    assert positions(rt.backend.read_engine) == before_positions
    assert snapshot(rt.backend.read_engine) == before_rows

    # the replay after the crash is exact: same as a rebuild from scratch
    assert rt.backend.catch_up() == event_count(rt) - len_before
    last = last_event_id(rt)
    assert all_at(positions(rt.backend.read_engine), last)
    caught_up = snapshot(rt.backend.read_engine)
    rt.backend.runner.rebuild()
    assert snapshot(rt.backend.read_engine) == caught_up


def test_a_crash_in_a_later_batch_keeps_the_earlier_batches_and_resumes_after_them(
    make_runtime: MakeRuntime, db_url: str, clock: SettableClock
) -> None:
    rt = make_runtime(db_url)
    play_workload(rt, clock, catch_up=False, ticks=False)
    total = event_count(rt)
    runner = Runner(writer_engine(rt.backend.url), events_table(rt), batch_size=10)
    try:
        visit_log = next(p for p in runner.projections if isinstance(p, VisitLog))
        crashed = _fail_once_on(visit_log, RepairCompleted)
        with pytest.raises(Boom):
            runner.catch_up()
        assert crashed
        committed = positions(rt.backend.read_engine)
        # every projection stopped at the same batch boundary, before the failing event
        assert len(set(committed.values())) == 1
        stopped = committed["tickets"]
        assert 0 < stopped < last_event_id(rt)
        partial = snapshot(rt.backend.read_engine)
        assert len(partial["rm_tickets"]) > 0
        assert partial["rm_completions"] == []  # the first completion was in the lost batch

        assert runner.catch_up() == total - _count_upto(rt, stopped)
        resumed = snapshot(rt.backend.read_engine)
        runner.rebuild()
        assert snapshot(rt.backend.read_engine) == resumed
    finally:
        runner.dispose()


def test_a_crash_during_rebuild_leaves_a_state_that_catch_up_completes(
    make_runtime: MakeRuntime, sqlite_url: str, clock: SettableClock
) -> None:
    rt = make_runtime(sqlite_url)
    play_workload(rt, clock)
    expected = snapshot(rt.backend.read_engine)
    visit_log = next(p for p in rt.backend.runner.projections if isinstance(p, VisitLog))
    _fail_once_on(visit_log, RepairCompleted)
    with pytest.raises(Boom):
        rt.backend.runner.rebuild()
    rt.backend.catch_up()
    assert snapshot(rt.backend.read_engine) == expected
