"""Company-wide reads (issue 14): ``office.company()`` — the company role reads every
registered office, a manager or auditor the offices granted to them when they hold
several, everyone else is refused; registers, overdue and KPIs side by side with totals
equal to the offices' own reads."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from propsvc.clock import SettableClock
from propsvc.errors import Forbidden, InvalidInput
from propsvc.office import Actor, Backend, Office
from propsvc.office.company_merge import figures, flatten

COMPANY, DESK = Actor("品质部老陈", "company"), Actor("小刘", "desk")


def _repair(office: Office, unit: str, summary: str = "厨房漏水") -> str:
    return office.tickets.open("repair", unit=unit, caller="王芳", phone="13800001234",
                               summary=summary).number


@pytest.fixture
def two(db_url: str, clock: SettableClock) -> Iterator[Office]:
    """Office main with two repairs, office east with one repair and one complaint, both
    past their R4 deadlines and ticked; the desk office of main."""
    backend = Backend(db_url)
    try:
        main = Office(backend, "main", DESK, clock)
        _repair(main, "1-1-101")
        _repair(main, "1-1-102", "灯坏")
        main.acting_as(Actor("王经理", "manager")).records.add_office("east", "东区管理处",
                                                                   "Asia/Shanghai")
        east = main.for_office("east")
        _repair(east, "9-9-909")
        east.tickets.open("complaint", unit="9-9-901", caller="李女士", phone="13900000000",
                          summary="夜间噪音", channel="phone")
        clock.advance(timedelta(hours=5))
        main.acting_as(Actor("王经理", "manager")).tick()
        east.acting_as(Actor("王经理", "manager")).tick()
        yield main
    finally:
        backend.close()


def test_the_company_role_reads_every_office_with_an_office_column_and_totals(
        two: Office) -> None:
    company = two.acting_as(COMPANY).company()
    assert company.codes == ["east", "main"]
    reg = company.repair_register()
    assert (reg["office"], reg["offices"], reg["form"]) == ("all", ["east", "main"], "repairs")
    assert [(r["office"], r["unit"]) for r in reg["rows"]] == [
        ("east", "9-9-909"), ("main", "1-1-101"), ("main", "1-1-102")]
    assert reg["per_office"] == [{"office": "east", "rows": 1}, {"office": "main", "rows": 2}]
    assert reg["total"] == {"rows": 3}
    assert {r["phone"] for r in reg["rows"]} == {"138****1234"}  # masked for the company
    complaints = company.complaint_register()
    assert [r["office"] for r in complaints["rows"]] == ["east"]
    assert complaints["total"] == {"rows": 1}


def test_overdue_of_every_office_oldest_first_counts_equal_each_offices_own(
        two: Office) -> None:
    company = two.acting_as(COMPANY).company()
    own = {code: len(two.for_office(code).acting_as(COMPANY).read.overdue())
           for code in ("east", "main")}
    assert own["east"] >= 2 and own["main"] >= 2  # R3/R4 of each repair, the complaint's
    found = company.overdue()
    assert found["per_office"] == [{"office": "east", "rows": own["east"]},
                                   {"office": "main", "rows": own["main"]}]
    assert found["total"] == {"rows": own["east"] + own["main"]} == {"rows": len(found["rows"])}
    due = [r["due_at"] for r in found["rows"]]
    assert due == sorted(due) and {r["office"] for r in found["rows"]} == {"east", "main"}


def test_kpis_have_a_column_per_office_and_a_total(two: Office) -> None:
    month = two.read.month(None)
    summary = two.acting_as(COMPANY).company().complaint_summary(month)
    received = next(k for k in summary["kpis"] if k["kpi"] == "received")
    assert received == {"kpi": "received", "by_office": {"east": 1, "main": 0}, "total": 1}
    daily = two.acting_as(COMPANY).company().daily_report()
    opened = next(k for k in daily["kpis"] if k["kpi"] == "repair.opened")
    assert opened["by_office"] == {"east": 1, "main": 2} and opened["total"] == 3


def test_a_rate_is_recomputed_from_its_counts_and_a_shared_target_kept() -> None:
    a = {"classes": [{"class": "repair", "completed": 10, "visited": 9, "rate": 0.9,
                      "target": 0.6, "meets_target": True}]}
    b = {"classes": [{"class": "repair", "completed": 30, "visited": 3, "rate": 0.1,
                      "target": 0.6, "meets_target": False}]}
    assert flatten(a) == {"repair.completed": 10, "repair.visited": 9, "repair.rate": 0.9,
                          "repair.target": 0.6}
    totals = {k["kpi"]: k["total"] for k in figures(["a", "b"], [a, b], "visits")["kpis"]}
    assert totals == {"repair.completed": 40, "repair.visited": 12, "repair.rate": 0.3,
                      "repair.target": 0.6}


def test_a_desk_clerk_is_refused_naming_the_permission(two: Office) -> None:
    with pytest.raises(Forbidden, match=r"read\.company: .* not permitted for role 'desk'"):
        two.company()
    with pytest.raises(Forbidden, match=r"read\.company"):
        two.acting_as(Actor("保安甲", "security")).company()


def test_a_manager_reads_the_offices_granted_to_them_only_when_holding_several(
        two: Office) -> None:
    admin = two.acting_as(Actor("admin", "manager"))
    admin.users.add("wang", ["manager"], ["main"], "pw-wang-2026!")
    wang = two.acting_as(Actor("wang", "manager"))
    with pytest.raises(Forbidden, match=r"read\.company: 'wang' \(manager\) holds 1 office"):
        wang.company()
    with pytest.raises(Forbidden, match="holds 0 office"):  # no account at all
        two.acting_as(Actor("nobody", "auditor")).company()
    admin.users.grant("wang", [], ["east"])
    assert wang.company().repair_register()["total"] == {"rows": 3}


def test_all_only_reads(two: Office) -> None:
    office = Office(two.backend, "all", COMPANY, two.clock)
    assert office.company_wide
    with pytest.raises(InvalidInput, match="--office all only reads"):
        office.repairs.order("BX-20261122-001", "王师傅")
    with pytest.raises(InvalidInput, match="--office all reads the registers"):
        office.company().ticket("BX-20261122-001")
