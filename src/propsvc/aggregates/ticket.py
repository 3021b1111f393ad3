"""The Ticket aggregate: one call from a resident or staff member, from intake to closing.

Per-kind rules live in their own modules (``repair.py``, ``complaint.py``, ``help.py``,
``inquiry.py``; information feedback F1–F3 in ``feedback.py``); this module holds intake,
return visits (R12, R13, V3, C9) and reopening, which every kind shares.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from propsvc.aggregates.base import Aggregate, Context, E, Event
from propsvc.aggregates.complaint import ComplaintCommands
from propsvc.aggregates.corrections import CorrectionCommands
from propsvc.aggregates.deadlines import HasDeadlines
from propsvc.aggregates.feedback import FeedbackCommands
from propsvc.aggregates.help import HelpCommands, InquiryCommands
from propsvc.aggregates.repair import RepairCommands
from propsvc.errors import RuleViolation
from propsvc.vocabulary import OPEN_STATUSES as OPEN_STATUSES

NAMESPACE = uuid5(NAMESPACE_URL, "https://propsvc.example/ns")


def ticket_id(office: str, number: str) -> UUID:
    """Tickets are found by office and number without any index: the id is derived."""
    return uuid5(NAMESPACE, f"ticket:{office}:{number.upper()}")


class CallReceived(Event):
    """R1: the intake — what, where, who, and how to get in."""

    topic = "ticket.CallReceived"
    class_version = 2
    number: str
    kind: str
    unit: str | None
    location: str | None = None
    part: str | None
    caller: str
    phone: str | None
    summary: str
    channel: str
    urgent: bool = False
    home: bool | None = None
    spare_key: bool | None = None
    appointment: datetime | None = None
    public_area: bool = False
    lodged_with: str | None = None  # C6: company | group | government
    help_kind: str | None = None  # H1: medical | security | disaster | other
    written: bool = False  # H4: a written inquiry
    paid: bool = False  # Q1: a chargeable service
    linked_from: str | None = None  # H5: the help request this ticket was routed from

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """v1 stored ``in_public_area`` and had no ``location``."""
        state["public_area"] = state.pop("in_public_area", False)
        state.setdefault("location", None)

    def create(self) -> Ticket:
        return Ticket(self.originator_id, self.timestamp, self.occurred_at)

    def apply(self, aggregate: Any) -> None:
        t: Ticket = aggregate
        t.intake = self
        t.number, t.kind, t.office = self.number, self.kind, self.office
        t.opened_at = self.occurred_at
        t.appointment = self.appointment


class ReturnVisitRecorded(Event):
    """R13/V3: a return visit and what the resident said."""

    topic = "ticket.ReturnVisitRecorded"
    method: str
    result: str
    note: str | None = None
    visitor: str
    resident_signed_by: str | None = None
    completed_at: datetime
    days_after_completion: float
    within_window: bool

    def apply(self, aggregate: Any) -> None:
        t: Ticket = aggregate
        t.visits.append(self)
        if self.result == "satisfied":
            t.status = "closed"


class Reopened(Event):
    """R12/V3: still not fixed — the ticket goes back for a new work order."""

    topic = "ticket.Reopened"
    rule: str
    reason: str
    appointment: datetime | None = None

    def apply(self, aggregate: Any) -> None:
        t: Ticket = aggregate
        t.cycle += 1
        t.status = "received"
        t.appointment = self.appointment
        t.technician = None
        t.work_started = False
        t.arrived_at = t.completed_at = None
        t.completion = None
        t.reopens.append(self)


class Ticket(RepairCommands, ComplaintCommands, HelpCommands, InquiryCommands,
             FeedbackCommands, CorrectionCommands, HasDeadlines, Aggregate):
    subject = "ticket"

    def trigger(self, event_cls: type[E], ctx: Context, **data: Any) -> E:
        """Every command's event; none once the ticket is voided or merged (the policies'
        own events, recorded directly, still close its deadlines)."""
        self.refuse_if_struck()
        self.refuse_if_paused(event_cls)
        return Aggregate.trigger(self, event_cls, ctx, **data)

    @property
    def ref(self) -> str:
        return self.number

    def __init__(self, id: UUID, created_on: datetime, occurred_at: datetime) -> None:
        super().__init__(id, created_on, occurred_at)
        self.intake: CallReceived
        self.number = ""
        self.kind = ""
        self.office = ""
        self.opened_at = occurred_at
        self.appointment: datetime | None = None
        self.status = "received"
        self.cycle = 1
        self.init_deadlines()
        self.visits: list[ReturnVisitRecorded] = []
        self.reopens: list[Reopened] = []
        self.init_repair()
        self.init_complaint()
        self.init_help()
        self.init_feedback()
        self.init_corrections()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @classmethod
    def receive_call(cls, number: str, ctx: Context, **intake: Any) -> Ticket:
        return cls.start(CallReceived, ticket_id(ctx.office, number), ctx,
                         number=number, **intake)

    def record_visit(self, ctx: Context, *, method: str, result: str, note: str | None,
                     resident_signed_by: str | None, window_days: int) -> None:
        if self.status == "closed":
            raise RuleViolation("V3", f"{self.number} was already visited and closed")
        if self.status != "completed" or self.completed_at is None:
            raise RuleViolation(
                "R13", f"{self.number} is not completed yet: a return visit follows completion"
            )
        if self.kind == "complaint":
            self.check_complaint_visit(ctx, method, resident_signed_by)
        days = (ctx.occurred_at - self.completed_at).total_seconds() / 86400
        self.trigger(
            ReturnVisitRecorded, ctx, method=method, result=result, note=note,
            visitor=ctx.actor, resident_signed_by=resident_signed_by,
            completed_at=self.completed_at, days_after_completion=round(days, 2),
            within_window=days <= window_days,
        )
        if result == "unsatisfied":
            self.trigger(Reopened, ctx, rule="V3", reason=note or "return visit unsatisfied")

    def reopen(self, ctx: Context, *, reason: str, appointment: datetime | None) -> None:
        if self.status not in ("completed", "closed"):
            raise RuleViolation(
                "R12", f"{self.number} is still open ({self.status}): only a completed "
                f"{self.kind} can be reopened"
            )
        self.trigger(Reopened, ctx, rule="R12", reason=reason, appointment=appointment)
