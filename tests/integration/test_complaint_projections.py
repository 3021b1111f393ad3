"""Complaint, help, inquiry and incident read models: incremental catch-up == rebuild,
on a SQLite file and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from propsvc.clock import SettableClock
from propsvc.office import Office
from propsvc.projections.tables.deadlines import deadlines
from propsvc.projections.tables.incident import incident_steps, incidents
from propsvc.projections.tables.requests import desk_items
from propsvc.projections.tables.ticket import completions, tickets
from propsvc.projections.tables.visit import visits
from tests.office import tick

TABLES = (desk_items, incidents, incident_steps, completions, visits, tickets, deadlines)


def _dump(rt: Office) -> dict[str, list[tuple[Any, ...]]]:
    with rt.backend.read_engine.connect() as conn:
        return {t.name: sorted(tuple(str(v) for v in row)
                               for row in conn.execute(select(t)).all())
                for t in TABLES}


def _workload(rt: Office, clock: SettableClock) -> None:
    def supervisor(action: Callable[[], Any]) -> Any:
        who = rt.service.who
        before, who.role = who.role, "supervisor"
        try:
            return action()
        finally:
            who.role = before

    def step(minutes: int, action: Callable[[], Any]) -> None:
        clock.set(clock.now() + timedelta(minutes=minutes))
        action()
        rt.backend.catch_up()

    c = rt.complaints
    n1 = c.open(unit="3-2-1201", caller="张三", phone="13800000001", summary="漏水",
                channel="phone", lodged_with="group").number
    rt.backend.catch_up()
    step(5, lambda: c.classify(n1, 2))
    step(5, lambda: c.dispatch(n1, "工程部"))
    step(30, lambda: c.respond(n1, "今天修"))
    step(5, lambda: c.agree(n1, "更换防水层", clock.now() + timedelta(hours=3)))
    step(60, lambda: c.resolve(n1))
    step(5, lambda: c.head_opinion(n1, "由工程部本周内更换防水层"))  # C6
    step(10, lambda: c.confirm(n1, "张三"))
    n2 = c.open(unit="3-2-1202", caller="李四", phone=None, summary="态度差",
                channel="in-person").number
    step(1, lambda: c.classify(n2, 1, True))
    h = rt.help.open(help_kind="medical", unit="1-1-0101", caller="王五",
                     phone="13800000002", summary="摔倒").number
    step(2, lambda: rt.help.medical(h, "hospital", ["甲", "乙"], "车1", True))
    step(90, lambda: rt.help.escort_returned(h, "已送达"))  # H3: done on the escort's return
    s = rt.help.open(help_kind="security", unit="1-1-0102", caller="赵六",
                     phone="13800000003", summary="被盗").number
    step(2, lambda: rt.help.route(s, "incident"))
    q = rt.inquiries.open(unit=None, caller="钱七", phone=None, summary="费用",
                        written=True).number
    step(3, lambda: rt.feedback.refer(q, "财务部", True))
    step(30, lambda: rt.feedback.report_up(q))
    step(30, lambda: supervisor(lambda: rt.inquiries.answer(q, "书面答复")))  # H4
    i = rt.incidents.report(category="fire", place="4栋", description="火警",
                           playbook="fire").number
    step(1, lambda: rt.incidents.step(i, "first-aid"))
    step(1, lambda: rt.incidents.step(i, "alarm"))
    rt.service.who.role = "manager"
    step(24 * 60, lambda: rt.visits.record(h, "phone", "satisfied"))
    rt.service.who.role = "desk"
    clock.set(clock.now() + timedelta(days=3))
    tick(rt)
    step(5, lambda: rt.incidents.written_report(i, "经过", "结果"))


def test_incremental_equals_rebuilt(db_url: str, make_runtime: Callable[..., Office],
                                    clock: SettableClock) -> None:
    rt = make_runtime(db_url)
    _workload(rt, clock)
    incremental = _dump(rt)
    assert incremental["rm_desk_items"] and incremental["rm_incidents"]
    assert incremental["rm_incident_steps"]
    rt.backend.runner.rebuild()
    assert _dump(rt) == incremental


def test_concurrent_desks_get_distinct_complaint_and_incident_numbers(
        db_url: str, make_runtime: Callable[..., Office]) -> None:
    from concurrent.futures import ThreadPoolExecutor

    make_runtime(db_url).backend.catch_up()  # create the schema once

    def desk(i: int) -> list[str]:
        rt = make_runtime(db_url, actor=f"desk{i}")
        out = []
        for n in range(4):
            out.append(rt.complaints.open(unit="3-2-1201", caller=f"c{i}{n}", phone=None,
                                         summary="x", channel="phone").number)
            out.append(rt.incidents.report(category="theft", place="车库",
                                          description="x").number)
        return out

    with ThreadPoolExecutor(3) as pool:
        numbers = [n for batch in pool.map(desk, range(3)) for n in batch]
    assert len(set(numbers)) == len(numbers) == 24
    assert sorted(n for n in numbers if n.startswith("TS"))[-1] == "TS-20261122-012"
    assert sorted(n for n in numbers if n.startswith("TB"))[-1] == "TB-20261122-012"
