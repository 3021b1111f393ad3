"""Steps of the company-wide reads (features/公司汇总.feature, issue 14) and of the day's
patrol report to the manager (P1, features/交接班与遗留问题.feature): each calls one facade
method and checks what a user sees — the merged register, the report, the manager's
inbox — and the events recorded."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, parsers, then, when

from propsvc.aggregates.patrol import patrol_day_id
from propsvc.office import Actor, Office
from tests.bdd.steps.custody_world import World, q


def _pairs(text: str) -> dict[str, int]:
    return {k.strip(): int(v) for k, v in (p.split(":") for p in text.split(","))}


def _office(w: World, code: str) -> Office:
    return w.rt if code == w.rt.code else w.rt.for_office(code)


@given(q('管理处 "{code}" "{name}" 已登记'))
@when(q('管理处 "{code}" "{name}" 已登记'))
def register_office(custody: World, code: str, name: str) -> None:
    custody.rt.acting_as(Actor("王经理", "manager")).records.add_office(code, name,
                                                                    "Asia/Shanghai")


@given(q('管理处 "{code}" 有业主报修 "{unit}"'))
@when(q('管理处 "{code}" 有业主报修 "{unit}"'))
def repair_in(custody: World, code: str, unit: str) -> None:
    _office(custody, code).tickets.open("repair", unit=unit, caller="王芳",
                                        phone="13800001234", summary="厨房漏水")


@given(q('经理 "{name}" 的账号管理 "{code}"'))
@when(q('经理 "{name}" 的账号管理 "{code}"'))
def account(custody: World, name: str, code: str) -> None:
    custody.rt.acting_as(Actor("admin", "manager")).users.add(name, ["manager"], [code],
                                                               "pw-manager-2026!")


@when(q('经理 "{name}" 的账号加管 "{code}"'))
def grant(custody: World, name: str, code: str) -> None:
    custody.rt.acting_as(Actor("admin", "manager")).users.grant(name, [], [code])


def _company(w: World, who: str, role: str, read: str, *args: Any) -> None:
    w.last = None  # type: ignore[attr-defined]
    found = w.act(lambda: w.rt.acting_as(Actor(who, role)).company().read(read, *args))
    w.last = found  # type: ignore[attr-defined]


@when(q('"{who}" 以 "{role}" 身份查阅全部管理处的报修登记表'))
def company_repairs(custody: World, who: str, role: str) -> None:
    _company(custody, who, role, "repair_register", None, "2026-11")


@when(q('"{who}" 以 "{role}" 身份查阅全部管理处的逾期事项'))
def company_overdue(custody: World, who: str, role: str) -> None:
    _company(custody, who, role, "overdue")


@when(q('"{who}" 以 "{role}" 身份查阅全部管理处的物业日报'))
def company_daily(custody: World, who: str, role: str) -> None:
    _company(custody, who, role, "daily_report")


def _last(w: World) -> dict[str, Any]:
    w.ok()
    found: dict[str, Any] = getattr(w, "last", None) or {}
    assert found.get("office") == "all", found
    return found


@then("汇总登记表按管理处列出:")
def merged_rows(custody: World, datatable: list[list[str]]) -> None:
    rows = [(r["office"], r["unit"]) for r in _last(custody)["rows"]]
    assert rows == [tuple(line) for line in datatable[1:]], rows


@then(parsers.re(r'^汇总登记表各管理处条数为 "(?P<counts>[^"]*)", 合计 (?P<n>\d+) 条$'),
      converters={"n": int})
def per_office(custody: World, counts: str, n: int) -> None:
    data = _last(custody)
    assert {p["office"]: p["rows"] for p in data["per_office"]} == _pairs(counts)
    assert data["total"] == {"rows": n} and len(data["rows"]) == n


@then("汇总登记表中的电话号码全部隐藏")
def masked(custody: World) -> None:
    phones = {r["phone"] for r in _last(custody)["rows"]}
    assert phones == {"138****1234"}, phones


@then("逾期事项合计等于各管理处自己的逾期条数之和, 且两处都有")
def overdue_sum(custody: World) -> None:
    data = _last(custody)
    own = {code: len(_office(custody, code).acting_as(Actor("品质部老陈", "company"))
                     .read.overdue()) for code in data["offices"]}
    assert {p["office"]: p["rows"] for p in data["per_office"]} == own
    assert data["total"]["rows"] == sum(own.values()) == len(data["rows"])
    assert all(own.values()) and len(own) == 2, own


@then(parsers.re(r'^指标 "(?P<kpi>[^"]*)" 为 "(?P<values>[^"]*)", 合计 (?P<n>\d+)$'),
      converters={"n": int})
def kpi(custody: World, kpi: str, values: str, n: int) -> None:
    found = {k["kpi"]: k for k in _last(custody)["kpis"]}[kpi]
    assert found["by_office"] == _pairs(values) and found["total"] == n, found


# -- P1: the day's patrol reported to the manager ------------------------------------------
@when(q('客服向 "{manager}" 报告 "{day}" 的巡视'))
def report(custody: World, manager: str, day: str) -> None:
    custody.act(custody.rt.patrol.report, manager, day)


@when(q('"{role}" 向 "{manager}" 报告 "{day}" 的巡视'))
def report_as(custody: World, role: str, manager: str, day: str) -> None:
    with custody.as_role(role):
        custody.act(custody.rt.patrol.report, manager, day)


@then(parsers.re(r'^"(?P<day>[^"]*)" 巡视日报有 (?P<n>\d+) 条发现, (?P<still>\d+) 条未完成, '
                 r'尚未向经理报告$'), converters={"n": int, "still": int})
def unreported(custody: World, day: str, n: int, still: int) -> None:
    custody.ok()
    data = custody.rt.read.patrol_report(day)
    assert (data["findings"], data["open"], data["reported"]) == (n, still, False), data
    assert len(data["rows"]) == n and data["due_at"] is not None


@then(q('"{day}" 巡视日报已向 "{manager}" 报告'))
def reported(custody: World, day: str, manager: str) -> None:
    custody.ok()
    data = custody.rt.read.patrol_report(day)
    assert data["reported"] and [r["to"] for r in data["reports"]] == [manager], data


def _day(w: World, day: str) -> Any:
    return w.rt.service.store.repository.get(patrol_day_id(w.rt.code, day))


@then(q('巡视日 "{day}" 的事件记有报告给 "{manager}", 发现 "{numbers}", 未完成 "{still}"'))
def report_event(custody: World, day: str, manager: str, numbers: str, still: str) -> None:
    custody.ok()
    events = list(custody.rt.service.store.events.get(patrol_day_id(custody.rt.code, day)))
    found = [e for e in events if type(e).__name__ == "PatrolReported"]
    assert [(e.to, e.findings, e.still_open) for e in found] == [  # type: ignore[attr-defined]
        (manager, numbers.split(","), still.split(","))], events
    assert _day(custody, day).deadlines["P1.report"].state == "met"


@then(q('"{day}" 的巡视报告记为超时, 并上报 "{to}"'))
def report_missed(custody: World, day: str, to: str) -> None:
    found = _day(custody, day)
    assert found.deadlines["P1.report"].missed
    assert [(e.rule, e.to) for e in found.escalations] == [("P1", to)]
    assert custody.rt.read.patrol_report(day)["report_missed"]


@then(q('"{day}" 的巡视报告没有超时'))
def report_in_time(custody: World, day: str) -> None:
    found = _day(custody, day)
    assert not found.deadlines["P1.report"].missed and not found.escalations


@then(parsers.re(r'^经理的通知中有巡视日 "(?P<day>[^"]*)" 的 "(?P<kind>[^"]*)" 一条'
                 r'(, 内容含 "(?P<text>[^"]*)")?$'))
def manager_told(custody: World, day: str, kind: str, text: str | None) -> None:
    feed = custody.rt.acting_as(Actor("王经理", "manager")).read.notifications()["items"]
    mine = [n for n in feed if n["subject"] == "patrol-day" and n["number"] == day
            and n["kind"] == kind]
    assert len(mine) == 1, feed
    assert text is None or text in (mine[0]["note"] or ""), mine
    desk = custody.rt.read.notifications()["items"]  # the desk is not told the report
    assert not [n for n in desk if n["kind"] == "reported"], desk
