"""Paid services (有偿服务, Q1): one request, numbered YC-YYYYMMDD-NNN.

The desk decides whether the request is chargeable and, if it is, quotes the rate from
the profile's rate table before anything is dispatched; the owner accepts the quote; the
job goes to maintenance as a repair work order or to housekeeping as a cleaning order;
when it is done the fee is collected and handed to the cashier; a return visit follows
(V1's window for other management services, V2's target).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid5

from propsvc import vocabulary
from propsvc.aggregates.base import Aggregate, Context, Event
from propsvc.aggregates.deadlines import HasDeadlines
from propsvc.aggregates.ticket import NAMESPACE
from propsvc.errors import RuleViolation
from propsvc.i18n import N_, _


def paid_id(office: str, number: str) -> UUID:
    return uuid5(NAMESPACE, f"paid:{office}:{number.strip().upper()}")


class PaidRequested(Event):
    topic = "paid.Requested"
    rule: str = "Q1"
    number: str
    unit: str
    service: str
    caller: str | None = None
    phone: str | None = None

    def create(self) -> PaidService:
        return PaidService(self.originator_id, self.timestamp, self.occurred_at)

    def apply(self, aggregate: Any) -> None:
        p: PaidService = aggregate
        p.number, p.office, p.unit, p.service = self.number, self.office, self.unit, self.service
        p.caller, p.phone = self.caller, self.phone


class PaidDecided(Event):
    """Q1: chargeable (quoted from the rate table) or not; the numbers are copied."""

    topic = "paid.Decided"
    rule: str = "Q1"
    chargeable: bool
    rate: str | None = None
    unit_price: Decimal | None = None
    quantity: int = 1
    amount: Decimal | None = None
    department: str  # maintenance | housekeeping
    reason: str | None = None

    def apply(self, aggregate: Any) -> None:
        aggregate.decision = self
        aggregate.status = "quoted" if self.chargeable else "accepted"


class PaidAccepted(Event):
    """Q1: the owner accepts the quote (and signs for it)."""

    topic = "paid.Accepted"
    rule: str = "Q1"
    signed_by: str
    amount: Decimal

    def apply(self, aggregate: Any) -> None:
        aggregate.status = "accepted"


class PaidDispatched(Event):
    """Q1: a repair work order (a linked repair ticket) or a cleaning order."""

    topic = "paid.Dispatched"
    rule: str = "Q1"
    department: str
    to: str
    order: str  # the repair ticket's number, or the cleaning order's

    def apply(self, aggregate: Any) -> None:
        aggregate.status, aggregate.order = "dispatched", self.order
        aggregate.department = self.department


class PaidCompleted(Event):
    topic = "paid.Completed"
    rule: str = "Q1"

    def apply(self, aggregate: Any) -> None:
        aggregate.status, aggregate.completed_at = "completed", self.occurred_at


class PaidFeeCollected(Event):
    """Q1: collected after the work, handed to the cashier."""

    topic = "paid.FeeCollected"
    rule: str = "Q1"
    amount: Decimal
    cashier: str

    def apply(self, aggregate: Any) -> None:
        aggregate.collected = self.amount


class PaidVisited(Event):
    topic = "paid.Visited"
    rule: str = "V1"
    method: str
    result: str
    note: str | None = None
    days_after_completion: float
    within_window: bool

    def apply(self, aggregate: Any) -> None:
        aggregate.status = "visited"


class PaidService(HasDeadlines, Aggregate):
    subject = "paid"

    def __init__(self, id: UUID, created_on: datetime, occurred_at: datetime) -> None:
        super().__init__(id, created_on, occurred_at)
        self.number = self.office = self.unit = self.service = ""
        self.caller: str | None = None
        self.phone: str | None = None
        self.decision: PaidDecided | None = None
        self.order: str | None = None
        self.department: str | None = None
        self.completed_at: datetime | None = None
        self.collected: Decimal | None = None
        self.status = "requested"
        self.init_deadlines()

    @property
    def ref(self) -> str:
        return self.number

    @property
    def chargeable(self) -> bool:
        return self.decision is not None and self.decision.chargeable

    @classmethod
    def request(cls, number: str, ctx: Context, **spec: Any) -> PaidService:
        return cls.start(PaidRequested, paid_id(ctx.office, number), ctx, number=number,
                         **spec)

    def _require(self, ok: bool, msgid: str, rule: str = "Q1", **values: object) -> None:
        if not ok:
            if "status" in values:  # a status code, in words
                values["status"] = vocabulary.PAID_STATUSES.say(str(values["status"]))
            raise RuleViolation(rule, _("{number}: ", number=self.number)
                                + _(msgid, **values))

    def decide(self, ctx: Context, **decision: Any) -> None:
        self._require(self.status in ("requested", "quoted"),
                      N_("decided already and {status}"), status=self.status)
        self.trigger(PaidDecided, ctx, **decision)

    def accept(self, ctx: Context, signed_by: str) -> None:
        self._require(self.status == "quoted", N_("no quote waiting for the owner (paid decide)")
                      if self.status == "requested" else N_("nothing to accept ({status})"),
                      status=self.status)
        assert self.decision is not None and self.decision.amount is not None
        self.trigger(PaidAccepted, ctx, signed_by=signed_by, amount=self.decision.amount)

    def dispatch(self, ctx: Context, *, to: str, order: str) -> None:
        self._require(self.decision is not None, N_("decide first whether it is chargeable and "
                      "quote the rate (paid decide)"))
        self._require(self.status != "quoted", N_("the owner has not accepted the quote: it is "
                      "accepted before dispatch (paid accept)"))
        self._require(self.status == "accepted", N_("already {status}"), status=self.status)
        assert self.decision is not None
        self.trigger(PaidDispatched, ctx, department=self.decision.department, to=to,
                     order=order)

    def complete(self, ctx: Context, order_finished: bool) -> None:
        self._require(self.status == "dispatched", N_("dispatched work is completed (status "
                      "{status})"), status=self.status)
        self._require(order_finished, N_("the work order {order} is not completed yet"),
                      order=self.order)
        self.trigger(PaidCompleted, ctx)

    def collect(self, ctx: Context, amount: Decimal, cashier: str) -> None:
        self._require(self.chargeable, N_("not chargeable: there is no fee to collect"))
        self._require(self.completed_at is not None, N_("the fee is collected after the work "
                      "is completed"))
        self._require(self.collected is None, N_("{amount} was collected already"),
                      amount=self.collected)
        assert self.decision is not None and self.decision.amount is not None
        self._require(amount == self.decision.amount, N_("the quote accepted was {quote}, not "
                      "{amount}"), quote=self.decision.amount, amount=amount)
        self.trigger(PaidFeeCollected, ctx, amount=amount, cashier=cashier)

    def visit(self, ctx: Context, *, method: str, result: str, note: str | None,
              window_days: int) -> None:
        self._require(self.completed_at is not None, N_("the return visit follows completion"),
                      "V1")
        self._require(self.status != "visited", N_("already visited"), "V1")
        self._require(not self.chargeable or self.collected is not None,
                      N_("collect the fee first"))
        assert self.completed_at is not None
        days = (ctx.occurred_at - self.completed_at).total_seconds() / 86400
        self.trigger(PaidVisited, ctx, method=method, result=result, note=note,
                     days_after_completion=round(days, 2), within_window=days <= window_days)
