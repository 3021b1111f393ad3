"""The complaint, help, inquiry and feedback part of a ticket as a user sees it."""

from __future__ import annotations

from typing import Any

from propsvc.aggregates.ticket import Ticket
from propsvc.calendar import OfficeCalendar, iso


def desk_view(t: Ticket) -> dict[str, Any]:
    """Kind-specific facts for ``ticket show`` (C1–C10, H1–H5, F1–F3, Q1)."""
    i = t.intake
    view: dict[str, Any] = {
        "lodged_with": i.lodged_with, "help_kind": i.help_kind, "written": i.written,
        "paid": i.paid, "linked_from": i.linked_from,
        "slips": [{"slip": s.slip, "to": s.to, "at": iso(s.occurred_at),
                   "needs_superior": s.needs_superior} for s in t.slips],
        "replies": [{"text": r.text, "at": iso(r.occurred_at), "major": r.major}
                    for r in t.replies],
        "customer_answers": [{"text": a.text, "at": iso(a.occurred_at)}
                             for a in t.customer_answers],
    }
    if t.kind == "complaint":
        view["complaint"] = {
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
    if t.kind == "help":
        view["help"] = {
            "answer": None if t.help_answer is None else {
                "text": t.help_answer.text, "referred_to": t.help_answer.referred_to,
                "at": iso(t.help_answer.occurred_at)},
            "medical": None if t.medical is None else {
                "action": t.medical.action, "steps": list(t.medical.steps),
                "staff": list(t.medical.staff), "vehicle": t.medical.vehicle,
                "serious": t.medical.serious, "at": iso(t.medical.occurred_at)},
            "routed": None if t.routed is None else {
                "to": t.routed.to, "linked_number": t.routed.linked_number},
        }
    if t.kind == "inquiry":
        a = t.inquiry_answer
        view["inquiry"] = {"answer": None if a is None else {
            "text": a.text, "written": a.written, "asked_supervisor": a.asked_supervisor,
            "at": iso(a.occurred_at)}}
    return view


def desk_lines(view: dict[str, Any], cal: OfficeCalendar) -> list[str]:
    """Plain lines for the terminal (no markup that depends on the data)."""
    from propsvc.views.common import local

    d = view.get("desk") or {}
    lines = [f"  slip {s['slip']} → {s['to']}" for s in d.get("slips", [])]
    lines += [f"  handler replied: {r['text']}" for r in d.get("replies", [])]
    c = d.get("complaint")
    if c:
        lines.append(f"  class {c['class'] or '—'}{' (important)' if c['important'] else ''}"
                     f" · lodged with {d['lodged_with'] or '—'}")
        if c["remedy"]:
            lines.append(f"  remedy agreed: {c['remedy']['remedy']} by "
                         f"{local(cal, c['remedy']['by'])}")
        if c["resolution"]:
            r = c["resolution"]
            lines.append(f"  resolved: {r['follow_up']} {r['note'] or ''} "
                         f"{r['repair_number'] or ''}".rstrip())
        if c["confirmed_by"]:
            lines.append(f"  confirmed by {c['confirmed_by']}")
    h = d.get("help")
    if h:
        lines.append(f"  help kind {d['help_kind']}{' (paid)' if d['paid'] else ''}")
        if h["medical"]:
            lines.append(f"  medical: {h['medical']['action']} · "
                         f"{'; '.join(h['medical']['steps'])}")
        if h["routed"]:
            lines.append(f"  routed to {h['routed']['to']}: {h['routed']['linked_number']}")
        if h["answer"]:
            lines.append(f"  answered: {h['answer']['text']}")
    q = d.get("inquiry")
    if q and q["answer"]:
        lines.append(f"  answered ({'written' if q['answer']['written'] else 'oral'}): "
                     f"{q['answer']['text']}")
    return lines
