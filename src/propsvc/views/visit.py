"""Return visits on a terminal: the visit register with its rates (R13, V2) and the
day's visit plan (V1, V2)."""

from __future__ import annotations

from typing import Any

from propsvc.calendar import OfficeCalendar
from propsvc.views.common import console, render_rows
from propsvc.vocabulary import VISIT_CLASSES

DAY_COLUMNS = [("date", "日期"), ("completed", "完工"), ("visited", "已回访"),
               ("rate", "回访率"), ("floor", "R13 下限"), ("meets_floor", "达标")]
CLASS_COLUMNS = [("class", "类别"), ("completed", "应回访"), ("visited", "已回访"),
                 ("rate", "回访率"), ("target", "目标"), ("meets_target", "达标")]
PLAN_COLUMNS = [("number", "单号"), ("unit", "房号/地点"), ("completed_at", "完成时间"),
                ("visit_by", "最迟回访"), ("visitor", "回访人")]


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def render_visit_register(d: dict[str, Any], cal: OfficeCalendar,
                          title: str, columns: list[tuple[str, str]]) -> None:
    render_rows(f"{title} {d['month']}", d["visits"], columns, cal)
    render_rows("daily rate (R13)", d["days"], DAY_COLUMNS, cal)
    s = d["summary"]
    verdict = "[green]meets[/green]" if s["meets_target"] else "[red]below[/red]"
    console().print(f"month: {s['visited']}/{s['completed']} visited = {_rate(s['rate'])}; "
                    f"target {s['target']:.0%} (V2) {verdict}")
    classes = [{**c, "class": VISIT_CLASSES.label(c["class"]), "rate": _rate(c["rate"]),
                "target": f"{c['target']:.0%}"} for c in d["classes"]]
    render_rows("achieved vs target by visit class (V2)", classes, CLASS_COLUMNS, cal)


def render_visit_plan(d: dict[str, Any], cal: OfficeCalendar) -> None:
    for c in d["classes"]:
        console().print(
            f"[bold]{c['class']}[/bold]: target {c['target']:.0%}, "
            f"{c['visited_this_month']}/{c['completed_this_month']} visited this month, "
            f"{c['needed']} more needed")
        render_rows(f"visit plan {d['date']} — {c['class']}", c["proposals"], PLAN_COLUMNS,
                    cal)
