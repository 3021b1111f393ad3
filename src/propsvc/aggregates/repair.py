"""Repair rules (R2–R14) as commands and events on a Ticket of kind ``repair``."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict

from propsvc import vocabulary
from propsvc.aggregates.base import Context, Event
from propsvc.aggregates.deadlines import Chased, Escalated
from propsvc.errors import RuleViolation


class MaterialItem(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)
    name: str
    spec: str
    model: str
    quantity: Decimal
    unit_price: Decimal


class WorkOrderIssued(Event):
    topic = "repair.WorkOrderIssued"
    technician: str | None
    alerted_directly: bool = False
    self_filled: bool = False

    def apply(self, aggregate: Any) -> None:
        aggregate.status = "ordered"
        aggregate.technician = self.technician
        aggregate.ordered_at = self.occurred_at


class TechnicianArrived(Event):
    topic = "repair.TechnicianArrived"
    technician: str | None

    def apply(self, aggregate: Any) -> None:
        aggregate.status = "on_site"
        aggregate.arrived_at = self.occurred_at
        aggregate.technician = self.technician or aggregate.technician


class AssessmentRequested(Event):
    topic = "repair.AssessmentRequested"

    def apply(self, aggregate: Any) -> None:
        aggregate.status = "assessing"


class BackOnSite(Event):
    topic = "repair.BackOnSite"
    back_to: str | None = None  # "on_site" | "working"; None in events stored before it

    def apply(self, aggregate: Any) -> None:
        aggregate.status = self.back_to or ("working" if aggregate.work_started else "on_site")


class FeeQuoted(Event):
    topic = "repair.FeeQuoted"
    amount: Decimal
    items: str

    def apply(self, aggregate: Any) -> None:
        aggregate.quote = self
        aggregate.fee_accepted_at = None


class FeeAccepted(Event):
    topic = "repair.FeeAccepted"
    amount: Decimal

    def apply(self, aggregate: Any) -> None:
        aggregate.fee_accepted_at = self.occurred_at


class WorkStarted(Event):
    topic = "repair.WorkStarted"

    def apply(self, aggregate: Any) -> None:
        aggregate.status = "working"
        aggregate.work_started = True


class MaterialsRecorded(Event):
    topic = "repair.MaterialsRecorded"
    items: tuple[MaterialItem, ...]

    def apply(self, aggregate: Any) -> None:
        aggregate.materials.extend(self.items)


class RepairDeferred(Event):
    topic = "repair.RepairDeferred"
    measure: str
    reason: str

    def apply(self, aggregate: Any) -> None:
        aggregate.status = "deferred"
        aggregate.deferral = self


class RepairPaused(Event):
    """Waiting on the owner (a postponed appointment, a fee to accept) or on parts: the
    repair's running deadlines stop until it is resumed (R8)."""

    topic = "repair.RepairPaused"
    reason: str

    def apply(self, aggregate: Any) -> None:
        aggregate.paused = self


class RepairResumed(Event):
    topic = "repair.RepairResumed"
    paused_at: datetime
    paused_minutes: int  # this pause's length

    def apply(self, aggregate: Any) -> None:
        aggregate.paused = None
        aggregate.paused_minutes += self.paused_minutes


class RepairCompleted(Event):
    topic = "repair.RepairCompleted"
    signed_by: str
    rating: int
    minutes_on_site: int | None
    public_area: bool = False

    def apply(self, aggregate: Any) -> None:
        aggregate.status = "completed"
        aggregate.completed_at = self.occurred_at
        aggregate.completion = self


class FeeCollected(Event):
    topic = "repair.FeeCollected"
    amount: Decimal
    handed_to_cashier: bool = True

    def apply(self, aggregate: Any) -> None:
        aggregate.fee_collected = self


ESCALATION_TARGETS = vocabulary.ESCALATION_TARGETS.codes


class RepairCommands:
    """The repair state machine. Each command checks its rule, then triggers one event."""

    number: str
    status: str
    trigger: Any
    chases: list[Chased]
    intake: Any

    def init_repair(self) -> None:
        self.technician: str | None = None
        self.ordered_at: datetime | None = None
        self.arrived_at: datetime | None = None
        self.completed_at: datetime | None = None
        self.work_started = False
        self.quote: FeeQuoted | None = None
        self.fee_accepted_at: datetime | None = None
        self.materials: list[MaterialItem] = []
        self.deferral: RepairDeferred | None = None
        self.completion: RepairCompleted | None = None
        self.fee_collected: FeeCollected | None = None
        self.paused: RepairPaused | None = None
        self.paused_minutes = 0  # every finished pause, in minutes

    @property
    def fee_pending(self) -> bool:
        return self.quote is not None and self.fee_accepted_at is None

    def _require(self, rule: str, ok: bool, message: str) -> None:
        if not ok:
            raise RuleViolation(rule, f"{self.number}: {message}")

    def issue_work_order(self, ctx: Context, technician: str | None, *,
                         alerted_directly: bool = False, self_filled: bool = False) -> None:
        self._require("R3", self.status == "received",
                      f"work order already issued (status {self.status})")
        self._require("Q1", not self.intake.paid or self.fee_accepted_at is not None,
                      "a paid service is quoted and accepted before it is dispatched "
                      "(repair quote, then repair accept-fee)")
        self.trigger(WorkOrderIssued, ctx, technician=technician,
                     alerted_directly=alerted_directly, self_filled=self_filled)

    def arrive(self, ctx: Context, technician: str | None = None) -> None:
        self._require("R4", self.status != "received",
                      "no work order yet: issue one first (repair order, R3)")
        self._require("R4", self.status == "ordered",
                      f"technician already on site (status {self.status})")
        self.trigger(TechnicianArrived, ctx, technician=technician)

    def request_assessment(self, ctx: Context) -> None:
        self._require("R5", self.status in ("on_site", "working"),
                      "the technician must be on site to ask for the team lead's assessment")
        self.trigger(AssessmentRequested, ctx)

    def return_after_assessment(self, ctx: Context) -> None:
        self._require("R5", self.status == "assessing", "no assessment is pending")
        self.trigger(BackOnSite, ctx, back_to="working" if self.work_started else "on_site")

    def quote_fee(self, ctx: Context, amount: Decimal, items: str) -> None:
        self._require("R2", self.status in ("received", "ordered", "on_site", "assessing"),
                      f"fees are quoted before work starts (status {self.status})")
        self._require("R2", self.fee_accepted_at is None,
                      "the owner already accepted a quote")
        self.trigger(FeeQuoted, ctx, amount=amount, items=items)

    def accept_fee(self, ctx: Context) -> None:
        self._require("R2", self.quote is not None, "no fee has been quoted")
        self._require("R2", self.fee_accepted_at is None, "the fee was already accepted")
        assert self.quote is not None
        self.trigger(FeeAccepted, ctx, amount=self.quote.amount)

    def start_work(self, ctx: Context) -> None:
        self._check_can_work("start work")
        self._require("R4", self.status == "on_site", f"work already started ({self.status})")
        self.trigger(WorkStarted, ctx)

    def record_materials(self, ctx: Context, items: list[MaterialItem]) -> None:
        self._check_can_work("use materials")
        self.trigger(MaterialsRecorded, ctx, items=tuple(items))

    def escalate(self, ctx: Context, to: str, reason: str) -> None:
        self._require("R7", self.status not in ("completed", "closed"),
                      "the repair is already completed")
        self.trigger(Escalated, ctx, rule="R7", to=to, reason=reason)

    def defer(self, ctx: Context, measure: str, reason: str) -> None:
        self._require("R8", self.status in ("on_site", "working", "assessing"),
                      f"a temporary measure is applied on site (status {self.status})")
        self.trigger(RepairDeferred, ctx, measure=measure, reason=reason)

    def complete(self, ctx: Context, signed_by: str, rating: int, *, public_area: bool,
                 required_signer: str | None = None) -> None:
        self._require("R9", self.status not in ("received", "ordered"),
                      "the technician has not arrived: record the arrival first (repair arrive)")
        self._require("R5", self.status != "assessing",
                      "waiting for the team lead's assessment (repair reassess-done)")
        self._require("R9", self.status in ("on_site", "working", "deferred"),
                      f"cannot complete (status {self.status})")
        self._require("R2", not self.fee_pending,
                      "the owner has not accepted the quoted fee (repair accept-fee)")
        if required_signer is not None:
            self._require("R14", signed_by == required_signer,
                          f"a staff-reported fault is signed off by its reporter {required_signer}")
        minutes = None
        if self.arrived_at is not None:
            minutes = int((ctx.occurred_at - self.arrived_at).total_seconds() // 60)
        self.trigger(RepairCompleted, ctx, signed_by=signed_by, rating=rating,
                     minutes_on_site=minutes, public_area=public_area)

    def collect_fee(self, ctx: Context, amount: Decimal) -> None:
        self._require("R10", self.status in ("completed", "closed"),
                      "fees are collected when the work is completed")
        self._require("R10", self.fee_accepted_at is not None,
                      "no accepted fee: this repair is not chargeable")
        self._require("R10", self.fee_collected is None, "the fee was already collected")
        assert self.quote is not None
        self._require("R2", amount <= self.quote.amount,
                      f"collecting {amount} is more than the {self.quote.amount} the owner "
                      "accepted")
        self.trigger(FeeCollected, ctx, amount=amount)

    def pause(self, ctx: Context, reason: str) -> None:
        self._require("R8", self.paused is None, "already paused since "
                      f"{self.paused.occurred_at.isoformat() if self.paused else ''}: "
                      "repair resume first")
        self._require("R8", self.status in PAUSABLE,
                      f"only an open repair can wait (status {self.status})")
        self.trigger(RepairPaused, ctx, reason=reason)

    def resume(self, ctx: Context) -> None:
        self._require("R8", self.paused is not None, "is not paused")
        assert self.paused is not None
        minutes = int((ctx.occurred_at - self.paused.occurred_at).total_seconds() // 60)
        self.trigger(RepairResumed, ctx, paused_at=self.paused.occurred_at,
                     paused_minutes=max(0, minutes))

    def refuse_if_paused(self, event_cls: type) -> None:
        """While paused, the job does not move on: resume it first (R8)."""
        if self.paused is not None and event_cls in HELD_WHILE_PAUSED:
            raise RuleViolation("R8", f"{self.number} is paused since "
                                f"{self.paused.occurred_at.isoformat()} "
                                f"({self.paused.reason}): repair resume first")

    def chase(self, ctx: Context, note: str | None = None) -> None:
        self._require("R11", self.status in ("ordered", "on_site", "working", "assessing",
                                             "deferred"),
                      f"nothing to chase (status {self.status})")
        level = 1 + sum(1 for c in self.chases if c.rule == "R11")
        to = "maintenance" if level == 1 else "maintenance-head"
        self.trigger(Chased, ctx, rule="R11", level=level, to=to, manual=True, note=note)

    def _check_can_work(self, what: str) -> None:
        self._require("R4", self.status not in ("received", "ordered"),
                      f"cannot {what} before the technician is on site")
        self._require("R5", self.status != "assessing",
                      "waiting for the team lead's assessment (repair reassess-done)")
        self._require("R2", not self.fee_pending,
                      f"cannot {what}: the owner has not accepted the quoted fee")
        self._require("R9", self.status in ("on_site", "working", "deferred"),
                      f"cannot {what} (status {self.status})")


PAUSABLE = ("received", "ordered", "on_site", "working", "assessing", "deferred")
# what a paused job refuses until resumed (quotes, chases and escalations go on)
HELD_WHILE_PAUSED: tuple[type, ...] = (WorkOrderIssued, TechnicianArrived,
                                       AssessmentRequested, BackOnSite, WorkStarted,
                                       MaterialsRecorded, RepairDeferred, RepairCompleted)
