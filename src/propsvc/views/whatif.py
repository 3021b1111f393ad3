"""What-if compliance, side by side."""

from __future__ import annotations

from typing import Any

from propsvc.i18n import _
from propsvc.views.common import console


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def render_whatif(data: dict[str, Any]) -> None:
    from rich.table import Table

    table = Table(title=_("what-if {month} ({office}): '{now}' vs '{other}'",
                          month=data["month"], office=data["office"], now=data["profile"],
                          other=data["whatif_profile"]))
    for header in (_("rule"), _("deadlines"), _("on time"), _("late"), _("rate"),
                   _("what-if deadlines"), _("what-if on time"), _("what-if late"),
                   _("what-if rate"), _("change")):
        table.add_column(header)
    for row in data["rules"]:
        a, b = row["now"], row["whatif"]
        change = row["change"]
        table.add_row(row["rule"], str(a["deadlines"]), str(a["on_time"]), str(a["late"]),
                      _pct(a["rate"]), str(b["deadlines"]), str(b["on_time"]),
                      str(b["late"]), _pct(b["rate"]),
                      "—" if change is None else f"{change * 100:+.1f}")
    console().print(table)
    console().print(_("{records} records with deadlines in {month}; nothing was written",
                      records=data["records"], month=data["month"]))
