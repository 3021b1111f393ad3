"""Deadlines store the numbers they were computed with: editing the profile later (R3 from
5 to 10 minutes) changes new tickets only — never the replay of an old one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from propsvc.clock import SettableClock
from propsvc.office import Office
from propsvc.profile import Profile, RepairNumbers
from propsvc.projections.tables.deadlines import deadlines
from tests.integration._support import START, snapshot
from tests.office import tick

MakeRuntime = Callable[..., Office]
TEN = Profile(repair=RepairNumbers(work_order_minutes=10))


def _r3(t: Any) -> Any:
    return next(d for d in t.deadlines.values() if d.rule == "R3")


def _r3_rows(rt: Office) -> dict[str, tuple[Any, int, bool, int]]:
    rt.backend.catch_up()
    with rt.backend.read_engine.connect() as conn:
        rows = conn.execute(select(deadlines).where(deadlines.c.rule == "R3")).mappings()
        return {
            r["ticket_id"]: (r["due_at"], r["limit_minutes"], r["missed"], r["late_minutes"])
            for r in rows
        }


def test_an_old_ticket_keeps_its_deadline_after_the_profile_changes(
    make_runtime: MakeRuntime, db_url: str, clock: SettableClock
) -> None:
    before = make_runtime(db_url)  # default profile: R3 = 5 minutes
    old = before.repairs.open(unit="3-2-1201", caller="王芳", phone=None, summary="漏水").aggregate
    assert (_r3(old).limit_minutes, _r3(old).due_at) == (5, START + timedelta(minutes=5))
    before.backend.catch_up()
    rows_before = snapshot(before.backend.read_engine)
    before.close()

    after = make_runtime(db_url, profile=TEN)
    replayed = after.service.load(old.number)
    assert (_r3(replayed).limit_minutes, _r3(replayed).due_at) == (5, START + timedelta(minutes=5))
    assert replayed.deadlines == old.deadlines

    after.backend.runner.rebuild()
    assert snapshot(after.backend.read_engine) == rows_before

    new = after.repairs.open(unit="5-1-0802", caller="张伟", phone=None, summary="停电").aggregate
    assert (_r3(new).limit_minutes, _r3(new).due_at) == (10, START + timedelta(minutes=10))
    rows = _r3_rows(after)
    assert rows[str(old.id)][:2] == (START + timedelta(minutes=5), 5)
    assert rows[str(new.id)][:2] == (START + timedelta(minutes=10), 10)


def test_misses_are_judged_by_the_stored_numbers_not_the_current_profile(
    make_runtime: MakeRuntime, db_url: str, clock: SettableClock
) -> None:
    before = make_runtime(db_url)
    old = before.repairs.open(
        unit="3-2-1201", caller="王芳", phone=None, summary="漏水"
    ).number
    before.close()
    after = make_runtime(db_url, profile=TEN)
    new = after.repairs.open(
        unit="5-1-0802", caller="张伟", phone=None, summary="停电"
    ).number

    clock.advance(timedelta(minutes=7))  # past 5 minutes, within 10
    result = tick(after)
    assert [(m["number"], m["rule"]) for m in result["missed"]] == [(old, "R3")]
    late_order = after.repairs.order(old, "李师傅")
    on_time = after.repairs.order(new, "赵师傅")
    assert _r3(late_order.aggregate).missed and not _r3(on_time.aggregate).missed
    assert _r3(on_time.aggregate).late_minutes == 0

    replay_under_default = make_runtime(db_url)
    for n in (old, new):
        assert replay_under_default.service.load(n).deadlines == after.service.load(n).deadlines
    after.backend.catch_up()
    incremental = snapshot(after.backend.read_engine)
    replay_under_default.backend.runner.rebuild()
    assert snapshot(replay_under_default.backend.read_engine) == incremental
