"""Information feedback (F1–F3) on a ticket of any kind.

The desk passes a matter to its handler on a numbered work-contact slip (工作联系单, F1;
C4 for complaints), the handler reports up when the superior must decide and answers the
desk (F2), and the desk answers the customer (F3).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from propsvc.aggregates.base import Context, Event
from propsvc.aggregates.deadlines import Escalated
from propsvc.errors import RuleViolation
from propsvc.i18n import _
from propsvc.vocabulary import say_state


class WorkContactSlipIssued(Event):
    """F1/C4: a numbered work-contact slip sent to the person or department responsible."""

    topic = "feedback.WorkContactSlipIssued"
    slip: str
    to: str
    needs_superior: bool = False

    def apply(self, aggregate: Any) -> None:
        aggregate.slips.append(self)
        if aggregate.kind == "complaint":
            aggregate.status = "dispatched"


class ReportedToSuperior(Event):
    """F2: the handler put the matter before the superior for a decision."""

    topic = "feedback.ReportedToSuperior"
    note: str | None = None

    def apply(self, aggregate: Any) -> None:
        aggregate.reported_up_at = self.occurred_at


class HandlerReplied(Event):
    """F2: the handler's answer to the desk."""

    topic = "feedback.HandlerReplied"
    text: str
    major: bool = False

    def apply(self, aggregate: Any) -> None:
        aggregate.replies.append(self)
        if aggregate.kind == "complaint" and aggregate.status == "dispatched":
            aggregate.status = "replied"


class CustomerAnswered(Event):
    """F3: the desk told the customer the outcome."""

    topic = "feedback.CustomerAnswered"
    text: str

    def apply(self, aggregate: Any) -> None:
        aggregate.customer_answers.append(self)


class FeedbackCommands:
    number: str
    kind: str
    status: str
    trigger: Any
    open_deadlines: Callable[[], list[Any]]

    def init_feedback(self) -> None:
        self.slips: list[WorkContactSlipIssued] = []
        self.replies: list[HandlerReplied] = []
        self.customer_answers: list[CustomerAnswered] = []
        self.reported_up_at: Any = None

    @property
    def is_major(self) -> bool:
        return bool(getattr(self, "important", False))

    def next_slip_number(self) -> str:
        return f"LX-{self.number.split('-', 1)[1]}-{len(self.slips) + 1}"

    def issue_slip(self, ctx: Context, to: str, *, needs_superior: bool = False) -> None:
        if self.status in ("completed", "closed"):
            raise RuleViolation("F1", _("{number} is already {status}: nothing to pass on",
                                        number=self.number,
                                        status=say_state(self.status, self.kind)))
        # F2: one reply deadline per cycle, so an earlier slip must be answered first
        waiting = [d for d in self.open_deadlines()
                   if d.key.split("#")[0] in ("F2.reply", "C6.reply")]
        if waiting and len(self.replies) < len(self.slips):
            last = self.slips[-1]
            raise RuleViolation("F2", _("{number}: slip {slip} to {to} is still waiting for the "
                                        "handler's reply (feedback reply first)",
                                        number=self.number, slip=last.slip, to=last.to))
        self.trigger(WorkContactSlipIssued, ctx, slip=self.next_slip_number(), to=to,
                     needs_superior=needs_superior)

    def report_to_superior(self, ctx: Context, note: str | None) -> None:
        if not self.slips:
            raise RuleViolation("F2", _("{number}: no work-contact slip issued yet",
                                        number=self.number))
        if self.reported_up_at is not None:
            raise RuleViolation("F2", _("{number} was already reported to the superior",
                                        number=self.number))
        self.trigger(ReportedToSuperior, ctx, note=note)

    def reply_to_desk(self, ctx: Context, text: str) -> None:
        if not self.slips:
            raise RuleViolation(
                "F2", _("{number}: no work-contact slip issued yet, so no handler to reply",
                        number=self.number))
        if len(self.replies) >= len(self.slips):
            raise RuleViolation("F2", _("{number}: the handler has already replied to slip {slip}",
                                        number=self.number, slip=self.slips[-1].slip))
        self.trigger(HandlerReplied, ctx, text=text, major=self.is_major)
        if self.is_major:  # F3: a major matter is also reported up
            self.trigger(Escalated, ctx, rule="F3", to="manager", automatic=True,
                         reason="major matter: handler's reply reported to the manager")

    def answer_customer(self, ctx: Context, text: str) -> None:
        if not self.replies:
            raise RuleViolation(
                "F3", _("{number}: the handler has not replied yet, nothing to tell",
                        number=self.number))
        self.trigger(CustomerAnswered, ctx, text=text)
