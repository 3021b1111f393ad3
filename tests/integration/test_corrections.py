"""Corrections through every read model: a voided call and a merged repeat call leave
every count (daily repair report, visit rates and plan, complaint summary, daily report,
the handover log's open items, the carry-over file), stay listed, and the read models
built incrementally equal a rebuild — on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from propsvc.clock import SettableClock
from propsvc.errors import RuleViolation
from propsvc.office import Office
from tests.integration._support import event_count, snapshot

MakeRuntime = Callable[..., Office]


def _repair(rt: Office, unit: str, summary: str = "漏水") -> str:
    return rt.repairs.open(unit=unit, caller="张三", phone="13800001234",
                           summary=summary).number


def _done(rt: Office, clock: SettableClock, number: str) -> None:
    rt.repairs.order(number, "王师傅")
    clock.advance(timedelta(minutes=20))
    rt.repairs.arrive(number)
    clock.advance(timedelta(minutes=30))
    rt.repairs.complete(number, "张三", 5)


def test_corrections_leave_every_count_and_rebuild_to_the_same_rows(
        make_runtime: MakeRuntime, db_url: str, clock: SettableClock) -> None:
    rt = make_runtime(db_url)
    kept, mistaken, first = _repair(rt, "3-2-1201"), _repair(rt, "3-2-1202"), \
        _repair(rt, "3-2-1203")
    clock.advance(timedelta(minutes=10))
    repeat = _repair(rt, "3-2-1203", "又漏了")
    complaint = rt.complaints.open(unit="3-2-1204", caller="李四", phone=None,
                                   summary="噪音", channel="phone").number
    for number in (kept, mistaken):
        _done(rt, clock, number)
    voided = rt.tickets.void(mistaken, "房号登记错误")
    merged = rt.tickets.merge(repeat, first, "同一漏水")
    rt.tickets.void(complaint, "并非投诉")
    assert (voided.status, merged.status, merged.linked[0].ref) == ("voided", "merged", first)
    assert [d.rule for d in merged.events if type(d).__name__ == "DeadlineCancelled"]

    read, day = rt.read, "2026-11-22"
    report = read.daily_repairs(day)["in_home"]["totals"]
    assert (report["received"], report["completed"]) == (2, 1)  # kept + first; kept done
    visits = read.visit_register("2026-11")["summary"]
    assert visits["completed"] == 1  # the voided job's completion is not a KPI
    plan = {c["class"]: c for c in read.visit_plan(day)["classes"]}
    assert [p["number"] for p in plan["repair"]["proposals"]] in ([kept], [])
    summary = read.complaint_summary("2026-11")
    assert (summary["received"], summary["voided"]) == (0, 1)
    daily = {r["category"]: r for r in read.daily_report(day)["rows"]}
    assert daily["repair"]["opened"] == 2 and daily.get("complaint") is None
    listed = {r["number"]: r for r in read.repair_register(day)["rows"]}
    assert set(listed) == {kept, mistaken, first, repeat}  # listed, marked
    assert (listed[mistaken]["status"], listed[mistaken]["void_reason"]) == ("voided",
                                                                            "房号登记错误")
    assert (listed[repeat]["merged_into"], listed[first]["duplicates"]) == (first, repeat)
    log = rt.read.handover_log(day)
    raised = {r["number"]: r for r in log["raised"]}
    assert raised[mistaken]["state"] == "voided" and raised[repeat]["state"] == "voided"
    clock.advance(timedelta(days=1))
    open_now = {r["number"] for r in rt.read.handover_log()["carried_in"]}
    assert open_now == {kept, first}  # kept: done, awaiting its OK; voided, merged: settled
    carried = rt.read.carryover_file("2026-11")
    assert {r["number"] for r in carried["rows"]} == {first}
    assert {o["number"] for o in rt.read.overdue()} <= {first}

    incremental = snapshot(rt.backend.read_engine)
    assert rt.backend.runner.rebuild() == event_count(rt)
    rebuilt = snapshot(rt.backend.read_engine)
    for table in incremental:
        assert rebuilt[table] == incremental[table], table


def test_a_voided_ticket_takes_no_further_action_and_tick_records_no_miss(
        rt: Office, clock: SettableClock) -> None:
    number = _repair(rt, "3-2-1201")
    rt.tickets.void(number, "测试录入")
    clock.advance(timedelta(hours=30))
    assert rt.tick().view()["missed"] == []
    for act in (lambda: rt.repairs.order(number, "王师傅"), lambda: rt.repairs.chase(number),
                lambda: rt.tickets.void(number, "again")):
        with pytest.raises(RuleViolation, match=r"R1: .* was voided"):
            act()
    ticket = rt.service.load(number)
    assert ticket.status == "voided" and not ticket.open_deadlines()
    assert ticket.status_before_void == "received"


def test_merge_refusals(rt: Office, clock: SettableClock) -> None:
    a, b = _repair(rt, "3-2-1201"), _repair(rt, "3-2-1202")
    complaint = rt.complaints.open(unit="3-2-1201", caller="张三", phone=None,
                                   summary="噪音", channel="phone").number
    with pytest.raises(RuleViolation, match=r"C1: .* a complaint and .* a repair"):
        rt.tickets.merge(complaint, into=a)
    rt.tickets.merge(b, into=a)
    c = _repair(rt, "3-2-1203")
    with pytest.raises(RuleViolation, match=f"was merged into {a}"):
        rt.tickets.merge(c, into=b)
    with pytest.raises(RuleViolation, match="already took in repeat calls"):
        rt.tickets.merge(a, into=c)
    assert rt.service.load(a).duplicates == [b]
