"""The complaint part of a ticket as a user sees it (C1–C10), and the month's complaint
summary (C11)."""

from __future__ import annotations

from typing import Any

from propsvc.aggregates.ticket import Ticket
from propsvc.calendar import OfficeCalendar, iso
from propsvc.i18n import _
from propsvc.views.common import console, local


def complaint_view(t: Ticket) -> dict[str, Any]:
    return {
        "class": t.complaint_class, "important": t.important,
        "superior_notified_at": iso(t.superior_notified_at),
        "remedy": None if t.remedy is None else {
            "remedy": t.remedy.remedy, "by": iso(t.remedy.due_by)},
        "resolution": None if t.resolution is None else {
            "follow_up": t.resolution.follow_up, "note": t.resolution.note,
            "repair_number": t.resolution.repair_number,
            "at": iso(t.resolution.occurred_at)},
        "confirmed_by": t.confirmed_by,
    }


def complaint_lines(desk: dict[str, Any], cal: OfficeCalendar) -> list[str]:
    c = desk.get("complaint")
    if not c:
        return []
    lines = [f"  class {c['class'] or '—'}{' (important)' if c['important'] else ''}"
             f" · lodged with {desk['lodged_with'] or '—'}"]
    if c["remedy"]:
        lines.append(f"  remedy agreed: {c['remedy']['remedy']} by "
                     f"{local(cal, c['remedy']['by'])}")
    if c["resolution"]:
        r = c["resolution"]
        lines.append(f"  resolved: {r['follow_up']} {r['note'] or ''} "
                     f"{r['repair_number'] or ''}".rstrip())
    if c["confirmed_by"]:
        lines.append(f"  confirmed by {c['confirmed_by']}")
    return lines


def render_summary(d: dict[str, Any], cal: OfficeCalendar) -> None:
    """住户投诉汇总表 (C11)."""
    out = console()
    out.print(f"[bold]住户投诉汇总表 {d['month']}[/bold] (C11)")
    for key in ("received", "resolved", "open", "handled_late", "escalated",
                "lodged_outside", "visited", "satisfied", "confirmed"):
        out.print(f"  {key}: {d[key]}")
    out.print(_("  by class: {by_class} · by channel: {by_channel}",
                by_class=d['by_class'], by_channel=d['by_channel']))
    out.print(_("  case studies: {value} · defect repairs: {value2}",
                value=', '.join(d['case_studies']) or '—',
                value2=', '.join(filter(None, d['defect_repairs'])) or '—'))
