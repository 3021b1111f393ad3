"""The information-feedback part of any ticket (F1–F3): slips, the handler's replies and
what the customer was told."""

from __future__ import annotations

from typing import Any

from propsvc.aggregates.ticket import Ticket
from propsvc.calendar import iso
from propsvc.i18n import _


def feedback_view(t: Ticket) -> dict[str, Any]:
    return {
        "slips": [{"slip": s.slip, "to": s.to, "at": iso(s.occurred_at),
                   "needs_superior": s.needs_superior} for s in t.slips],
        "replies": [{"text": r.text, "at": iso(r.occurred_at), "major": r.major}
                    for r in t.replies],
        "customer_answers": [{"text": a.text, "at": iso(a.occurred_at)}
                             for a in t.customer_answers],
    }


def feedback_lines(desk: dict[str, Any]) -> list[str]:
    lines = ["  " + _("slip {slip} → {to}", slip=s["slip"], to=s["to"])
             for s in desk.get("slips", [])]
    return lines + ["  " + _("handler replied: {text}", text=r["text"])
                    for r in desk.get("replies", [])]
