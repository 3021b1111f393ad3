"""Complaint rules (C1–C10) as commands and events on a Ticket of kind ``complaint``.

Class (C2) decides the handling deadline (C5) and the follow-up after handling (C7); the
hand-off to the superior or the desk (C3, C4), the work-contact slip and the handler's
reply are shared with information feedback (``feedback.py``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from propsvc import vocabulary
from propsvc.aggregates.base import Context, Event
from propsvc.aggregates.deadlines import Escalated
from propsvc.aggregates.feedback import FeedbackCommands
from propsvc.errors import MissingInput, RuleViolation
from propsvc.i18n import _
from propsvc.vocabulary import say_state, word

CLASSES = {1: "our management or service fell short", 2: "building-quality defect",
           3: "outside the estate's boundary"}
FOLLOW_UP = {1: "case-study", 2: "defect-repair", 3: "explanation"}
LODGED_WITH = vocabulary.LODGED_WITH.codes


class ComplaintClassified(Event):
    """C2: class 1 own service, 2 building defect, 3 outside the boundary."""

    topic = "complaint.Classified"
    complaint_class: int
    important: bool = False

    def apply(self, aggregate: Any) -> None:
        aggregate.complaint_class = self.complaint_class
        aggregate.important = self.important
        if aggregate.status == "received":
            aggregate.status = "classified"


class SuperiorNotified(Event):
    """C3: an in-person complaint told to the superior (settled on the spot or not)."""

    topic = "complaint.SuperiorNotified"
    note: str | None = None

    def apply(self, aggregate: Any) -> None:
        aggregate.superior_notified_at = self.occurred_at


class RemedyAgreed(Event):
    """C8: the owner was told the remedy and the time, and agreed."""

    topic = "complaint.RemedyAgreed"
    remedy: str
    due_by: datetime

    def apply(self, aggregate: Any) -> None:
        aggregate.remedy = self
        aggregate.status = "agreed"


class ComplaintResolved(Event):
    """C7: handled; class 1 → case study, class 2 → defect repair, class 3 → explained."""

    topic = "complaint.Resolved"
    complaint_class: int
    follow_up: str
    note: str | None = None
    repair_number: str | None = None

    def apply(self, aggregate: Any) -> None:
        aggregate.status = "completed"
        aggregate.completed_at = self.occurred_at
        aggregate.resolution = self


class ResolutionConfirmed(Event):
    """C10: the owner signed to confirm a satisfactory resolution."""

    topic = "complaint.ResolutionConfirmed"
    signed_by: str

    def apply(self, aggregate: Any) -> None:
        aggregate.confirmed_by = self.signed_by


class ComplaintCommands(FeedbackCommands):
    intake: Any
    reopens: list[Any]

    def init_complaint(self) -> None:
        self.complaint_class: int | None = None
        self.important = False
        self.superior_notified_at: datetime | None = None
        self.remedy: RemedyAgreed | None = None
        self.resolution: ComplaintResolved | None = None
        self.confirmed_by: str | None = None

    def _complaint(self, rule: str) -> None:
        if self.kind != "complaint":
            raise RuleViolation(rule, _("{number} is a {kind} ticket, not a complaint",
                                        number=self.number, kind=word("ticket_kind", self.kind)))

    def _open_complaint(self, rule: str) -> None:
        self._complaint(rule)
        if self.status in ("completed", "closed"):
            raise RuleViolation(rule, _("{number} is already resolved ({status})",
                                        number=self.number,
                                        status=say_state(self.status, self.kind)))

    def escalate_lodged(self, ctx: Context, lodged_with: str) -> None:
        """C6: lodged with the company, group or government → department head at once."""
        self.trigger(Escalated, ctx, rule="C6", to="department-head", automatic=True,
                     reason=f"complaint lodged with the {lodged_with}")

    def classify(self, ctx: Context, complaint_class: int, important: bool) -> None:
        self._open_complaint("C2")
        if self.complaint_class is not None:
            raise RuleViolation(
                "C2", _("{number} is already class {complaint_class}",
                        number=self.number, complaint_class=self.complaint_class))
        self.trigger(ComplaintClassified, ctx, complaint_class=complaint_class,
                     important=important)

    def notify_superior(self, ctx: Context, note: str | None) -> None:
        self._open_complaint("C3")
        if self.superior_notified_at is not None:
            raise RuleViolation("C3", _("{number}: the superior was already told",
                                        number=self.number))
        self.trigger(SuperiorNotified, ctx, note=note)

    def check_classified(self, rule: str) -> int:
        if self.complaint_class is None:
            raise RuleViolation(
                "C2", f"{self.number} has no class yet: classify it first (complaint classify)"
                if rule == "C2" else f"{self.number}: classify it first (C2) before {rule}")
        return self.complaint_class

    def dispatch(self, ctx: Context, to: str) -> None:
        self._open_complaint("C4")
        self.check_classified("C4")
        if self.status not in ("classified", "received"):
            raise RuleViolation("C4", _("{number} was already dispatched ({status})",
                                        number=self.number,
                                        status=say_state(self.status, self.kind)))
        self.issue_slip(ctx, to)

    def agree_remedy(self, ctx: Context, remedy: str, due_by: datetime) -> None:
        self._open_complaint("C8")
        self.check_classified("C8")
        if self.remedy is not None and not (
                self.reopens and self.reopens[-1].occurred_at >= self.remedy.occurred_at):
            raise RuleViolation("C8", _("{number}: a remedy was already agreed",
                                        number=self.number))
        if due_by <= ctx.occurred_at:
            raise RuleViolation("C8", _("the remedy's time must be after the agreement"))
        self.trigger(RemedyAgreed, ctx, remedy=remedy, due_by=due_by)

    def check_resolvable(self, note: str | None) -> int:
        self._open_complaint("C7")
        cls = self.check_classified("C7")
        if self.slips and self.remedy is None:
            raise RuleViolation(
                "C8", _("{number}: tell the owner the remedy and its time and get their "
                        "agreement first (complaint agree)", number=self.number))
        if cls == 3 and not note:
            raise MissingInput(
                "C7", _("a class-3 complaint is closed by explaining to the owner: give --note "
                        "with the explanation"))
        if cls == 1 and not note:
            raise MissingInput(
                "C7", _("a class-1 complaint becomes a training case: give --note with the lesson"))
        return cls

    def resolve(self, ctx: Context, note: str | None, repair_number: str | None) -> None:
        cls = self.check_resolvable(note)
        if cls == 2 and not repair_number:
            raise RuleViolation("C7", _("a class-2 complaint needs its defect repair ticket"))
        self.trigger(ComplaintResolved, ctx, complaint_class=cls, follow_up=FOLLOW_UP[cls],
                     note=note, repair_number=repair_number)

    def confirm(self, ctx: Context, signed_by: str) -> None:
        self._complaint("C10")
        if self.status not in ("completed", "closed"):
            raise RuleViolation(
                "C10", _("{number} is not resolved yet ({status}): nothing to confirm",
                         number=self.number, status=say_state(self.status, self.kind)))
        if self.confirmed_by is not None:
            raise RuleViolation("C10", _("{number} was already confirmed by {confirmed_by}",
                                         number=self.number, confirmed_by=self.confirmed_by))
        self.trigger(ResolutionConfirmed, ctx, signed_by=signed_by)

    def check_complaint_visit(self, ctx: Context, method: str,
                              resident_signed_by: str | None) -> None:
        """C9: important → the manager visits; ordinary → the department's supervisor.
        C10: except on the phone, the owner signs (now or at confirmation)."""
        if self.important and ctx.role != "manager":
            raise RuleViolation(
                "C9", _("{number} is an important complaint: the office manager visits (role "
                        "manager, not {role})", number=self.number, role=ctx.role))
        if not self.important and ctx.role != "supervisor":
            dept = self.slips[-1].to if self.slips else "the department complained about"
            raise RuleViolation(
                "C9", _("{number} is visited by the supervisor of {dept} (role supervisor, not "
                        "{role})", number=self.number, dept=dept, role=ctx.role))
        if method != "phone" and not resident_signed_by and self.confirmed_by is None:
            raise MissingInput(
                "C10", _("{number}: the owner signs to confirm the resolution "
                         "(--resident-signed-by), except on phone visits", number=self.number))
