"""The help-request part of a ticket as a user sees it (H1–H5)."""

from __future__ import annotations

from typing import Any

from propsvc.aggregates.ticket import Ticket
from propsvc.calendar import iso
from propsvc.i18n import _
from propsvc.vocabulary import word


def help_view(t: Ticket) -> dict[str, Any]:
    return {
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


def help_lines(desk: dict[str, Any]) -> list[str]:
    h = desk.get("help")
    if not h:
        return []
    paid = _(" (paid)") if desk["paid"] else ""
    lines = ["  " + _("help kind {kind}{paid}", kind=word("help_kind", desk["help_kind"]),
                      paid=paid)]
    if h["medical"]:
        lines.append("  " + _("medical: {action} · {steps}",
                              action=word("medical_action", h["medical"]["action"]),
                              steps="; ".join(h["medical"]["steps"])))
    if h["routed"]:
        lines.append("  " + _("routed to {to}: {number}",
                              to=word("help_route", h["routed"]["to"]),
                              number=h["routed"]["linked_number"]))
    if h["answer"]:
        lines.append("  " + _("answered: {text}", text=h["answer"]["text"]))
    return lines
