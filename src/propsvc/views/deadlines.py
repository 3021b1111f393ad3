"""Deadlines on a terminal: what ``tick`` recorded, and the overdue list."""

from __future__ import annotations

from typing import Any

from propsvc.calendar import OfficeCalendar
from propsvc.views.common import console, local, render_rows

OVERDUE_COLUMNS = [("number", "单号"), ("rule", "规则"), ("label", "事项"),
                   ("due_at", "应完成"), ("minutes_overdue", "逾期(分钟)"), ("unit", "房号"),
                   ("technician", "维修人员"), ("miss_recorded", "已记录")]


def render_tick(r: dict[str, Any], cal: OfficeCalendar) -> None:
    out = console()
    out.print(f"tick at {local(cal, r['at'])}: {len(r['missed'])} missed, "
              f"{len(r['follow_ups'])} chases/escalations")
    for m in r["missed"]:
        out.print(f"  [red]{m['number']} {m['rule']} missed[/red] (due "
                  f"{local(cal, m['due_at'])}, {m['minutes_late']} min late)")
    for f in r["follow_ups"]:
        out.print(f"  {f['number']} {f['action']} → {f['to']} ({f['rule']})")


def render_overdue(rows: list[dict[str, Any]], cal: OfficeCalendar) -> None:
    render_rows("overdue (逾期未办)", rows, OVERDUE_COLUMNS, cal)
