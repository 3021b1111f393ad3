"""Deadlines on a terminal: what ``tick`` recorded, and the overdue list."""

from __future__ import annotations

from typing import Any

from propsvc.calendar import OfficeCalendar
from propsvc.i18n import _
from propsvc.views.common import console, local, render_rows

OVERDUE_COLUMNS = [("number", "单号"), ("rule", "规则"), ("label", "事项"),
                   ("due_at", "应完成"), ("minutes_overdue", "逾期(分钟)"), ("unit", "房号"),
                   ("technician", "维修人员"), ("miss_recorded", "已记录")]


def render_tick(r: dict[str, Any], cal: OfficeCalendar) -> None:
    out = console()
    out.print(_("tick at {local}: {len} missed, {len2} chases/escalations",
                local=local(cal, r['at']), len=len(r['missed']), len2=len(r['follow_ups'])))
    for m in r["missed"]:
        out.print(_("  [red]{number} {rule} missed[/red] (due {local}, {minutes_late} min late)",
                    number=m['number'], rule=m['rule'], local=local(cal, m['due_at']),
                    minutes_late=m['minutes_late']))
    for f in r["follow_ups"]:
        out.print(f"  {f['number']} {f['action']} → {f['to']} ({f['rule']})")


def render_overdue(rows: list[dict[str, Any]], cal: OfficeCalendar) -> None:
    render_rows(_("overdue (逾期未办)"), rows, OVERDUE_COLUMNS, cal)
