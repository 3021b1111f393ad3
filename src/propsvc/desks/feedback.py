"""Information feedback use cases (F1–F3), for a ticket of any kind."""

from __future__ import annotations

from datetime import datetime

from propsvc.desks.common import required
from propsvc.desks.result import Result
from propsvc.desks.service import Service
from propsvc.permissions import permit


class FeedbackDesk:
    def __init__(self, service: Service) -> None:
        self.svc = service

    def refer(self, number: str, to: str, needs_superior: bool = False,
              at: datetime | None = None) -> Result:
        """F1: pass the matter to its handler on a numbered work-contact slip."""
        permit(self.svc.who.role, "feedback.refer")
        dept = required(to, "the handler (--to)", "F1")
        return self.svc.act(number, lambda t, c: t.issue_slip(
            c, dept, needs_superior=needs_superior), at)

    def report_up(self, number: str, note: str | None = None,
                  at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "feedback.report_up")
        return self.svc.act(number, lambda t, c: t.report_to_superior(c, note), at)

    def reply(self, number: str, text: str, at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "feedback.reply")
        reply = required(text, "the handler's reply (--text)", "F2")
        return self.svc.act(number, lambda t, c: t.reply_to_desk(c, reply), at)

    def answer(self, number: str, text: str, at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "feedback.answer")
        answer = required(text, "what the customer was told (--text)", "F3")
        return self.svc.act(number, lambda t, c: t.answer_customer(c, answer), at)
