"""The business calendar as a table."""

from __future__ import annotations

from typing import Any

from propsvc.i18n import _
from propsvc.views.common import console

KIND_LABELS = {"holiday": "节假日 holiday", "workday": "调休 make-up working day"}


def render_calendar(data: dict[str, Any]) -> None:
    from rich.table import Table

    table = Table(title=_("business calendar {year} ({office})", year=data["year"],
                          office=data["office"]))
    for header in (_("day"), _("weekday"), _("kind"), _("name"), _("from")):
        table.add_column(header)
    for row in data["days"]:
        table.add_row(row["day"], row["weekday"], KIND_LABELS[row["kind"]],
                      row["name"] or "—", row["source"])
    console().print(table)
    console().print(_("{count} working days in {year}", count=data["working_days"],
                      year=data["year"]))
