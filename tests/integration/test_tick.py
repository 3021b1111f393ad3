"""``tick`` is idempotent: a second run at the same moment records nothing new — also
when two runs start at once in two processes."""

from __future__ import annotations

import multiprocessing
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import select

from propsvc.clock import SettableClock
from propsvc.office import Office
from tests.integration import _support
from tests.integration._support import event_count, events_table, snapshot
from tests.office import tick

MakeRuntime = Callable[..., Office]


def _desk_morning(rt: Office, clock: SettableClock) -> list[str]:
    """Four calls with deadlines of every kind: R3, R4 (urgent, appointment), R11."""
    desk = rt.repairs
    plain = desk.open(unit="3-2-1201", caller="王芳", phone=None, summary="漏水").number
    urgent = desk.open(
        unit="5-1-0802", caller="张伟", phone=None, summary="停电", urgent=True
    ).number
    booked = desk.open(
        unit="7-3-1501",
        caller="陈静",
        phone=None,
        summary="门锁坏",
        appointment=clock.now() + timedelta(hours=1),
    ).number
    ordered = desk.open(unit="2-1-0301", caller="刘洋", phone=None, summary="马桶堵").number
    desk.order(ordered, "李师傅")
    return [plain, urgent, booked, ordered]


def _missed_keys(rt: Office) -> Counter[tuple[str, str]]:
    import json

    table = events_table(rt)
    with rt.backend.read_engine.connect() as conn:
        rows = conn.execute(
            select(table.c.originator_id, table.c.state).where(table.c.topic == "deadline.Missed")
        ).all()
    return Counter((str(o), json.loads(bytes(s))["key"]) for o, s in rows)


def test_tick_twice_at_the_same_moment_records_nothing_new(
    make_runtime: MakeRuntime, db_url: str, clock: SettableClock
) -> None:
    rt = make_runtime(db_url)
    _desk_morning(rt, clock)

    clock.advance(timedelta(hours=5))  # R3, R4 and the first R11 deadlines have passed
    first = tick(rt)
    assert first["missed"] and first["follow_ups"]
    recorded = event_count(rt)
    rows = snapshot(rt.backend.read_engine)

    again = tick(rt)
    assert (again["missed"], again["follow_ups"]) == ([], [])
    assert event_count(rt) == recorded
    assert snapshot(rt.backend.read_engine) == rows

    # an earlier moment than the last run finds nothing either
    earlier = tick(rt, clock.now() - timedelta(hours=1))
    assert (earlier["missed"], earlier["follow_ups"]) == ([], [])
    assert event_count(rt) == recorded

    # later, the 24-hour R11 escalation passes: recorded once, then nothing again
    clock.advance(timedelta(hours=20))
    later = tick(rt)
    assert [m["rule"] for m in later["missed"]] == ["R11"]
    assert [f["to"] for f in later["follow_ups"]] == ["maintenance-head"]
    recorded = event_count(rt)
    assert tick(rt)["missed"] == [] and event_count(rt) == recorded

    # a fresh process (cron's next start) agrees
    other = make_runtime(db_url)
    assert tick(other)["missed"] == [] and event_count(other) == recorded
    assert all(n == 1 for n in _missed_keys(rt).values())


def test_tick_catches_up_first_so_unprojected_deadlines_are_not_missed(
    make_runtime: MakeRuntime, sqlite_url: str, clock: SettableClock
) -> None:
    rt = make_runtime(sqlite_url)
    _desk_morning(rt, clock)  # written, never caught up
    clock.advance(timedelta(hours=5))
    assert tick(rt)["missed"]
    recorded = event_count(rt)
    assert tick(rt)["missed"] == [] and event_count(rt) == recorded


@pytest.mark.slow
def test_two_ticks_started_at_once_record_each_miss_once(
    make_runtime: MakeRuntime, db_url: str, clock: SettableClock
) -> None:
    rt = make_runtime(db_url)
    _desk_morning(rt, clock)
    rt.backend.catch_up()
    now = clock.now() + timedelta(hours=5)

    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    procs = [
        ctx.Process(target=_support.tick_once, args=(db_url, f"cron{i}", now, barrier, results))
        for i in range(2)
    ]
    for p in procs:
        p.start()
    reports = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert all(r[1] == "ok" for r in reports), reports

    missed = _missed_keys(rt)
    assert missed and all(n == 1 for n in missed.values()), missed
    assert sum(r[2] for r in reports) == len(missed)  # between them, each miss once
    clock.set(now)
    recorded = event_count(rt)
    assert tick(rt)["missed"] == [] and event_count(rt) == recorded
