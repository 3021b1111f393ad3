"""The complaint part of a ticket as a user sees it (C1–C10), and the month's complaint
summary (C11)."""

from __future__ import annotations

from typing import Any

from propsvc.aggregates.ticket import Ticket
from propsvc.calendar import OfficeCalendar, iso
from propsvc.i18n import N_, _
from propsvc.views.common import console, local
from propsvc.vocabulary import COMPLAINT_CLASSES, word


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
    cls = COMPLAINT_CLASSES.say(str(c["class"])) if c["class"] else "—"
    important = _(" (important)") if c["important"] else ""
    lines = ["  " + _("class {cls}{important} · lodged with {lodged}", cls=cls,
                      important=important, lodged=word("lodged_with", desk["lodged_with"]))]
    if c["remedy"]:
        lines.append("  " + _("remedy agreed: {remedy} by {by}", remedy=c["remedy"]["remedy"],
                              by=local(cal, c["remedy"]["by"])))
    if c["resolution"]:
        r = c["resolution"]
        lines.append(("  " + _("resolved: {follow_up} {note} {repair}",
                               follow_up=word("follow_up", r["follow_up"]),
                               note=r["note"] or "", repair=r["repair_number"] or "")).rstrip())
    if c["confirmed_by"]:
        lines.append("  " + _("confirmed by {who}", who=c["confirmed_by"]))
    return lines


SUMMARY_LINES: dict[str, str] = {
    "received": N_("received"), "resolved": N_("resolved"), "open": N_("still open"),
    "handled_late": N_("handled late"), "escalated": N_("escalated"),
    "lodged_outside": N_("lodged outside the office"), "visited": N_("visited"),
    "satisfied": N_("satisfied"), "confirmed": N_("confirmed by the owner")}


UNCLASSIFIED = N_("unclassified")


def _counts(counts: dict[str, int], group: str) -> str:
    return ", ".join(f"{word(group, str(k)) if k != UNCLASSIFIED else _(UNCLASSIFIED)} {n}"
                     for k, n in counts.items()) or "—"


def render_summary(d: dict[str, Any], cal: OfficeCalendar) -> None:
    """住户投诉汇总表 (C11)."""
    out = console()
    out.print(f"[bold]住户投诉汇总表 {d['month']}[/bold] (C11)")
    for key, label in SUMMARY_LINES.items():
        out.print(f"  {_(label)}: {d[key]}")
    out.print(_("  by class: {by_class} · by channel: {by_channel}",
                by_class=_counts(d['by_class'], "complaint_class"),
                by_channel=_counts(d['by_channel'], "request_channel")))
    out.print(_("  case studies: {value} · defect repairs: {value2}",
                value=', '.join(d['case_studies']) or '—',
                value2=', '.join(filter(None, d['defect_repairs'])) or '—'))
