"""A closed month's seal and what was recorded into it after closing."""

from __future__ import annotations

from typing import Any

from propsvc.calendar import OfficeCalendar
from propsvc.i18n import _
from propsvc.views.common import console, local, render_rows


def render_after_closing(data: dict[str, Any], cal: OfficeCalendar) -> None:
    out = console()
    out.print(_("{month} closed {at} by {who}", month=data["month"],
                at=local(cal, data["closed_at"]), who=data["closed_by"]))
    if data["sealed"]:
        out.print(_("sealed at log position {position}, chain link {link}, registers "
                    "digest {digest}", position=data["position"],
                    link=data["head_hash"] or "—", digest=data["digest"]))
    else:
        out.print(_("closed before seals were recorded: its registers are built now"))
    rows = [{"register": r["title"], "number": r["row"].get("number"),
             "business_date": r["business_date"]} for r in data["recorded_after_closing"]]
    render_rows(_("recorded after closing (补录, listed in the next open month)"), rows,
                [("register", _("register")), ("number", _("number")),
                 ("business_date", _("business date"))], cal)
