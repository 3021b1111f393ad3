"""Return visits on a terminal: the visit register with its rates (R13, V2) and the
day's visit plan (V1, V2)."""

from __future__ import annotations

from typing import Any

from propsvc.calendar import OfficeCalendar
from propsvc.i18n import _
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
    render_rows(_("daily rate (R13)"), d["days"], DAY_COLUMNS, cal)
    s = d["summary"]
    verdict = ("[green]" + _("meets the target") + "[/green]" if s["meets_target"]
               else "[red]" + _("below the target") + "[/red]")
    console().print(_("month: {visited}/{completed} visited = {rate}; target {target:.0%} (V2) "
                      "{verdict}",
                      visited=s['visited'], completed=s['completed'], rate=_rate(s['rate']),
                      target=s['target'], verdict=verdict))
    classes = [{**c, "class": VISIT_CLASSES.say(c["class"]), "rate": _rate(c["rate"]),
                "target": f"{c['target']:.0%}"} for c in d["classes"]]
    render_rows(_("achieved vs target by visit class (V2)"), classes, CLASS_COLUMNS, cal)


def render_visit_plan(d: dict[str, Any], cal: OfficeCalendar) -> None:
    for c in d["classes"]:
        console().print(
            _("[bold]{class_}[/bold]: target {target:.0%}, "
              "{visited_this_month}/{completed_this_month} visited this month, {needed} more "
              "needed",
              class_=VISIT_CLASSES.say(c['class']), target=c['target'],
              visited_this_month=c['visited_this_month'],
              completed_this_month=c['completed_this_month'], needed=c['needed']))
        render_rows(_("visit plan {date} — {class_}", date=d['date'],
            class_=VISIT_CLASSES.say(c['class'])), c["proposals"], PLAN_COLUMNS,
                    cal)
