"""The repair registers on a terminal: 维修日报表, split into in-home and public area
(R8, R15)."""

from __future__ import annotations

from typing import Any

from propsvc.calendar import OfficeCalendar
from propsvc.views.common import console, render_rows

DAILY_COLUMNS = [("number", "单号"), ("unit", "房号"), ("location", "位置"),
                 ("summary", "内容"), ("status", "状态"), ("technician", "维修人员"),
                 ("deferred_measure", "临时措施")]
AREAS = (("in_home", "入户维修"), ("public", "公共维修"))


def render_daily_repairs(data: dict[str, Any], cal: OfficeCalendar) -> None:
    for area, title in AREAS:
        section = data[area]
        t = section["totals"]
        console().print(f"[bold]维修日报表 {data['date']} — {title}[/bold]: received "
                        f"{t['received']} · completed {t['completed']} · open {t['open']} · "
                        f"deferred {t['deferred']}")
        render_rows(f"{title} — completed", section["completed"], DAILY_COLUMNS, cal)
        render_rows(f"{title} — still open", section["open"], DAILY_COLUMNS, cal)
