"""The repair registers on a terminal: 维修日报表, split into in-home and public area
(R8, R15)."""

from __future__ import annotations

from typing import Any

from propsvc.calendar import OfficeCalendar
from propsvc.i18n import _
from propsvc.views.common import console, render_rows

DAILY_COLUMNS = [("number", "单号"), ("unit", "房号"), ("location", "位置"),
                 ("summary", "内容"), ("status", "状态"), ("technician", "维修人员"),
                 ("deferred_measure", "临时措施")]
AREAS = (("in_home", "入户维修"), ("public", "公共维修"))


def render_daily_repairs(data: dict[str, Any], cal: OfficeCalendar) -> None:
    for area, title in AREAS:
        section = data[area]
        t = section["totals"]
        console().print(_("[bold]维修日报表 {date} — {title}[/bold]: received {received} · "
                          "completed {completed} · open {open} · deferred {deferred}",
                          date=data['date'], title=title, received=t['received'],
                          completed=t['completed'], open=t['open'], deferred=t['deferred']))
        render_rows(_("{title} — completed", title=title), section["completed"], DAILY_COLUMNS, cal)
        render_rows(_("{title} — still open", title=title), section["open"], DAILY_COLUMNS, cal)
