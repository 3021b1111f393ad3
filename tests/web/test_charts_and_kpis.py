"""The dashboard's parts without a server: the SVG charts are well-formed and drawn to
scale, the KPI queries count deadlines met and missed per rule and week, and the ticket
page's offer of actions follows the role and the state."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

from propsvc.clock import SettableClock
from propsvc.web.actions import offered
from propsvc.web.charts import Series, _scale, bar_chart, line_chart
from tests.conftest import START
from tests.office import open_office

SVG = "{http://www.w3.org/2000/svg}"


def test_a_bar_chart_is_valid_svg_with_bars_to_scale_and_a_target_line() -> None:
    svg = bar_chart("访问 <率>", ["维修", "投诉"], [Series("达成", [0.5, 1.0])], target=0.6,
                    percent=True)
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == "访问 <率>"  # escaped in, read back out
    bars = root.findall(f"{SVG}rect[@class='bar']")
    heights = [float(b.get("height")) for b in bars]
    assert len(bars) == 2 and abs(heights[1] - 2 * heights[0]) < 0.2
    assert root.find(f"{SVG}line[@class='target']") is not None


def test_a_line_chart_leaves_a_gap_where_a_week_has_no_figure() -> None:
    root = ET.fromstring(line_chart("R3", ["a", "b", "c"], [Series("R3", [1.0, None, 0.5])]))
    assert len(root.findall(f"{SVG}circle")) == 2


def test_the_axis_rounds_up_to_one_two_or_five() -> None:
    assert [_scale(v) for v in (0, 0.6, 1, 3, 7, 37, 120)] == [1, 1, 1, 5, 10, 50, 200]


def test_the_dashboard_counts_a_late_work_order_as_a_miss_and_an_open_one_as_overdue(
        tmp_path: object) -> None:
    clock = SettableClock(START)
    with open_office(f"{tmp_path}/kpi.db", clock=clock) as office:
        late = office.repairs.open(unit="3-2-1201", caller="王", phone=None, summary="漏水")
        office.repairs.open(unit="3-2-1202", caller="李", phone=None, summary="灯不亮")
        clock.advance(timedelta(minutes=10))  # R3 is 5 minutes
        office.repairs.order(late.number, "wang")
        d = office.read.dashboard()
    r3 = next(r for r in d["compliance"] if r["rule"] == "R3")
    assert (r3["due"], r3["met"], r3["missed"], r3["rate"]) == (2, 0, 2, 0.0)
    assert d["overdue"][-1]["overdue"] == 1 and d["overdue"][-1]["by_rule"] == {"R3": 1}
    assert [a["items"] for a in d["carryover"]] == [0, 0, 0, 0]
    assert {v["class"] for v in d["visits"]} == {"repair", "complaint", "help", "movein", "paid"}


def test_the_ticket_page_offers_what_the_role_may_do_in_the_state_it_is_in(
        tmp_path: object) -> None:
    with open_office(f"{tmp_path}/offer.db", clock=SettableClock(START)) as office:
        number = office.repairs.open(unit="3-2-1201", caller="王", phone=None,
                                     summary="漏水").number
        received = office.read.ticket(number)
        office.repairs.order(number, "wang")
        ordered = office.read.ticket(number)
    codes = lambda view, role: {a.code for a in offered(view, role)}  # noqa: E731
    assert {"order", "quote", "void", "merge", "escalate"} <= codes(received, "desk")
    assert "arrive" not in codes(received, "desk")
    assert "arrive" in codes(ordered, "technician") and "order" not in codes(ordered, "desk")
    assert codes(ordered, "auditor") == set()
    assert offered({**ordered, "as_of": "2026-11-22T09:00:00+08:00"}, "desk") == []


def test_a_page_of_the_matters_carried_in_is_in_the_log_s_order_and_counts_them_all(
        tmp_path: object) -> None:
    clock = SettableClock(START)
    with open_office(f"{tmp_path}/log.db", clock=clock) as office:
        office.handover.take_over()
        first = office.handover.note("第一件").number
        second = office.handover.note("第二件").number
        third = office.handover.note("第三件").number
        office.handover.triage(third, "urgent")
        office.handover.hand_over()
        clock.advance(timedelta(hours=12))  # the night shift: all three carried in
        whole = office.read.handover_log()
        paged = office.read.handover_log(carried=(2, 0))
        rest = office.read.handover_log(carried=(2, 2))
        counted = office.read.handover_log(carried=(0, 0))
    order = [m["number"] for m in whole["carried_in"]]
    assert order == [third, first, second]  # S2: urgent first, then by time
    assert [m["number"] for m in paged["carried_in"] + rest["carried_in"]] == order
    assert paged["carried_in_total"] == counted["carried_in_total"] == 3
    assert counted["carried_in"] == []
