"""Step definitions for features/更正与作废.feature: a mistaken call voided, a repeat call
merged into the first one (R1, C1, R12, C11). They share the ``desk`` fixture and the
clock, register and refusal steps of repair_steps.py."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, then, when

from propsvc.errors import Forbidden
from propsvc.permissions import Actor
from propsvc.queries.complaint import complaint_summary
from propsvc.queries.registers import REGISTERS
from propsvc.views.ticket import history_view
from tests.bdd.steps.repair_steps import Desk, S

ROLES = {"客服": "desk", "管理处经理": "manager", "客服主管": "supervisor",
         "维修技工": "technician", "工程部": "engineering"}
AGAIN = " 再次来电"


@given(S('客服在 {t} 将 "{place}" 的报修作废，原因是 "{reason}"'))
@when(S('客服在 {t} 将 "{place}" 的报修作废，原因是 "{reason}"'))
@when(S('客服在 {t} 将 "{place}" 的投诉作废，原因是 "{reason}"'))
def void(desk: Desk, t: str, place: str, reason: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.tickets.void(number, reason))


@when(S('"{who}" 在 {t} 将 "{place}" 的报修作废，原因是 "{reason}"'))
def void_as(desk: Desk, who: str, t: str, place: str, reason: str) -> None:
    number = desk.number(place)
    office = desk.rt.acting_as(Actor(who, ROLES[who]))
    desk.do(t, lambda: office.tickets.void(number, reason))


@given(S('"{unit}" 的业主 "{caller}" 在 {t} 再次来电报修同一问题'))
@when(S('"{unit}" 的业主 "{caller}" 在 {t} 再次来电报修同一问题'))
def call_again(desk: Desk, unit: str, caller: str, t: str) -> None:
    first = desk.number(unit)
    intake = desk.rt.service.load(first).intake
    desk.do(t, lambda: desk.rt.repairs.open(unit=unit, caller=caller, phone=intake.phone,
                                            summary=intake.summary, part=intake.part))
    assert desk.outcome is not None
    desk.numbers[unit + AGAIN] = desk.outcome.number
    desk.numbers[unit] = first


@when(S('客服在 {t} 将 "{dup}" 并入 "{place}"'))
def merge(desk: Desk, t: str, dup: str, place: str) -> None:
    duplicate, into = desk.number(dup), desk.number(place)
    desk.do(t, lambda: desk.rt.tickets.merge(duplicate, into, "同一问题再次来电"))
    desk.numbers[place] = into  # the result names the duplicate; the places stay apart
    desk.numbers[dup] = duplicate


@then(S('"{place}" 的报修已没有未完成的时限'))
def no_open_deadline(desk: Desk, place: str) -> None:
    view = desk.view(place)
    assert view["deadlines"], "the call opened no deadline at all"
    assert all(d["state"] != "open" for d in view["deadlines"]), view["deadlines"]


@then(S('业主报修记录表中 "{place}" 这一行仍在，备注 "{note}"'))
def still_listed(desk: Desk, place: str, note: str) -> None:
    row = desk.register_row(place)
    column = next(c for c in REGISTERS["repairs"].fields if c.key == "correction")
    assert column.of(row) == note


@then(S('"{place}" 的工单历史记有 "{event}"，由 "{actor}" 记录，原因 "{reason}"'))
def in_history(desk: Desk, place: str, event: str, actor: str, reason: str) -> None:
    history = history_view(desk.rt.service.events_of(desk.number(place)))
    found = [h for h in history if h["event"] == event]
    assert found, [h["event"] for h in history]
    assert (found[-1]["actor"], found[-1]["data"]["reason"]) == (actor, reason)


@then(S('"{place}" 记有重复来电 "{dup}"'))
def has_duplicate(desk: Desk, place: str, dup: str) -> None:
    first, repeat = desk.view(place), desk.view(dup)
    assert first["duplicates"] == [repeat["number"]]
    correction: dict[str, Any] = repeat["correction"]
    assert (correction["state"], correction["into"]) == ("merged", first["number"])


@then(S("{month}的住户投诉汇总表受理 {nreceived} 宗，作废 {nvoided} 宗"))
def summary_counts(desk: Desk, month: str, nreceived: str, nvoided: str) -> None:
    found = complaint_summary(desk.read(), desk.rt.code, desk.cal, month)
    assert (found["received"], found["voided"]) == (int(nreceived), int(nvoided)), found
    assert sum(found["by_class"].values()) == int(nreceived)


@then(S('系统拒绝更正，提示 "{text}"'))
def forbidden(desk: Desk, text: str) -> None:
    err, desk.error = desk.error, None
    assert isinstance(err, Forbidden), err
    assert text in str(err), str(err)
