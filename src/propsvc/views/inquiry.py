"""The inquiry part of a ticket as a user sees it (H4)."""

from __future__ import annotations

from typing import Any

from propsvc.aggregates.ticket import Ticket
from propsvc.calendar import iso
from propsvc.i18n import _


def inquiry_view(t: Ticket) -> dict[str, Any]:
    a = t.inquiry_answer
    return {"answer": None if a is None else {
        "text": a.text, "written": a.written, "asked_supervisor": a.asked_supervisor,
        "at": iso(a.occurred_at)}}


def inquiry_lines(desk: dict[str, Any]) -> list[str]:
    q = desk.get("inquiry")
    if not (q and q["answer"]):
        return []
    kind = _("in writing") if q["answer"]["written"] else _("orally")
    return ["  " + _("answered ({kind}): {text}", kind=kind, text=q["answer"]["text"])]
