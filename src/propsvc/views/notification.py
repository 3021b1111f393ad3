"""Notifications on a terminal: a feed, and what one delivery run did."""

from __future__ import annotations

from typing import Any

from propsvc.calendar import OfficeCalendar
from propsvc.i18n import _
from propsvc.views.common import console, render_rows

FEED_COLUMNS = [("id", "id"), ("created_at", "recorded"), ("kind", "kind"),
                ("rule", "rule"), ("number", "number"), ("target", "to"),
                ("label", "deadline"), ("read", "read")]
LOG_COLUMNS = [("started_at", "started"), ("notice_id", "notification"),
               ("target", "target"), ("attempt", "attempt"), ("outcome", "outcome"),
               ("state", "state"), ("detail", "detail")]


def render_feed(data: dict[str, Any], cal: OfficeCalendar) -> None:
    title = _("notifications of {roles} in {office} ({user})",
              roles=", ".join(data["roles"]), office=data["office"], user=data["user"])
    render_rows(title, data["items"], FEED_COLUMNS, cal,
                count=_("{shown} shown of {total}; {unread} unread", shown=len(data["items"]),
                        total=data["total"], unread=data["unread"]))


def render_marked(data: dict[str, Any]) -> None:
    console().print(_("{count} marked read for {user}; {unread} unread",
                      count=data["marked"], user=data["user"], unread=data["unread"]))


def render_delivered(data: dict[str, Any]) -> None:
    out = console()
    out.print(_("delivery in {office}: {sent} sent, {failed} failed",
                office=data["office"], sent=data["sent"], failed=data["failed"]))
    for a in data["attempts"]:
        later = f" (retry {a['retry_at']})" if a["retry_at"] else ""
        out.print(f"  {a['notification']} → {a['target']} #{a['attempt']}: "
                  f"{a['outcome']} {a['detail']}{later}")


def render_log(rows: list[dict[str, Any]], cal: OfficeCalendar) -> None:
    render_rows(_("delivery log"), rows, LOG_COLUMNS, cal)
