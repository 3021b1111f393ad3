"""Events of a renovation (装修), from application to deposit refund (N1–N10); the one
that creates the aggregate, ``RenovationApplied``, lives with it in ``renovation``."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict

from propsvc.aggregates.base import Event


class Pass(BaseModel):
    """One numbered pass in the pass register (施工证登记表)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    number: str
    kind: str  # worker | materials
    holder: str


class SecondInspectionDone(Event):
    """N2: smart systems, heating pressure test and closed-water test before work."""

    topic = "reno.SecondInspectionDone"
    passed: tuple[str, ...]
    failed: tuple[str, ...]
    note: str | None = None

    def apply(self, aggregate: Any) -> None:
        aggregate.pre_inspection = self


class PlanReviewed(Event):
    """N3: engineering approves, or rejects with the reasons told to the owner."""

    topic = "reno.PlanReviewed"
    approved: bool
    reason: str | None = None

    def apply(self, aggregate: Any) -> None:
        aggregate.status = "approved" if self.approved else "rejected"


class PlanSigned(Event):
    """N3: the manager signs the approved plan."""

    topic = "reno.PlanSigned"

    def apply(self, aggregate: Any) -> None:
        aggregate.status = "signed"


class AgreementSigned(Event):
    """N4: the renovation management agreement is signed."""

    topic = "reno.AgreementSigned"

    def apply(self, aggregate: Any) -> None:
        aggregate.status = "agreed"


class DepositPaid(Event):
    """N4: fees and the renovation deposit paid."""

    topic = "reno.DepositPaid"
    amount: Decimal
    fee: Decimal | None = None

    def apply(self, aggregate: Any) -> None:
        aggregate.status, aggregate.deposit = "paid", self.amount


class PermitIssued(Event):
    """N4: renovation permit, materials pass and numbered worker passes."""

    topic = "reno.PermitIssued"
    passes: tuple[Pass, ...]

    def apply(self, aggregate: Any) -> None:
        aggregate.status = "active"
        aggregate.passes = {p.number: "out" for p in self.passes}


class PhaseStarted(Event):
    """N5: the works move into a phase with its own inspection frequency."""

    topic = "reno.PhaseStarted"
    phase: str
    interval_hours: int | None = None
    install_at: datetime | None = None

    def apply(self, aggregate: Any) -> None:
        aggregate.phase, aggregate.install_at = self.phase, self.install_at
        aggregate.interval_hours = self.interval_hours


class Inspected(Event):
    """N5/N6: an on-site inspection and what it found."""

    topic = "reno.Inspected"
    phase: str | None
    result: str  # ok | violation
    note: str | None = None

    def apply(self, aggregate: Any) -> None:
        aggregate.inspections += 1


class ViolationRecorded(Event):
    """N6/N7: work stopped and the violation recorded; a serious one goes further."""

    topic = "reno.ViolationRecorded"
    violation: int
    kind: str
    note: str | None = None
    serious: bool
    confiscated: tuple[str, ...] = ()
    workers_removed: bool = False
    authorities_told: bool = False

    def apply(self, aggregate: Any) -> None:
        aggregate.violations[self.violation] = self
        for number in self.confiscated:
            aggregate.passes[number] = "confiscated"


class ViolationResolved(Event):
    """N6: the violation was put right; work may resume."""

    topic = "reno.ViolationResolved"
    violation: int
    note: str

    def apply(self, aggregate: Any) -> None:
        aggregate.resolved.add(self.violation)


class MaterialsMoved(Event):
    """N7: materials in or out through the gate on the materials pass."""

    topic = "reno.MaterialsMoved"
    direction: str  # in | out
    items: str
    owner_confirmed_by: str | None = None


class ExtensionGranted(Event):
    """N8: 延时施工申请 signed by owner, maintenance and security supervisors."""

    topic = "reno.ExtensionGranted"
    previous_to: date
    new_to: date
    signed_by: tuple[str, ...]  # the signers' names (role keywords in older events)
    reason: str | None = None
    signer_roles: tuple[str, ...] = ()  # the role each name signed as; () in older events

    def apply(self, aggregate: Any) -> None:
        aggregate.planned_to = self.new_to


class CompletionAccepted(Event):
    """N9: initial acceptance, then the re-inspection (final)."""

    topic = "reno.CompletionAccepted"
    stage: str  # initial | final

    def apply(self, aggregate: Any) -> None:
        aggregate.status = "initial_accepted" if self.stage == "initial" else "accepted"


class PassesReturned(Event):
    """N9: every pass handed back at once and counted against the register."""

    topic = "reno.PassesReturned"
    count: int
    numbers: tuple[str, ...]

    def apply(self, aggregate: Any) -> None:
        for number in self.numbers:
            aggregate.passes[number] = "returned"


class PassesReissued(Event):
    """N6: after a serious violation is put right, new numbered passes for the workers
    allowed back (the confiscated ones stay confiscated)."""

    topic = "reno.PassesReissued"
    passes: tuple[Pass, ...]

    def apply(self, aggregate: Any) -> None:
        aggregate.passes.update({p.number: "out" for p in self.passes})


class DeductionRecorded(Event):
    """N9: an amount kept back from the deposit (damage, cleaning, a fine), with why."""

    topic = "reno.DeductionRecorded"
    amount: Decimal
    reason: str

    def apply(self, aggregate: Any) -> None:
        aggregate.deductions.append(self)


class RefundSigned(Event):
    """N9: the manager signs the deposit refund."""

    topic = "reno.RefundSigned"
    amount: Decimal

    def apply(self, aggregate: Any) -> None:
        aggregate.refund_signed_by = self.actor


class DepositRefunded(Event):
    """N9: the cashier pays back the deposit the manager signed for."""

    topic = "reno.DepositRefunded"
    amount: Decimal
    signed_by: str

    def apply(self, aggregate: Any) -> None:
        aggregate.status = "refunded"


class SpotChecked(Event):
    """N10: the manager's daily spot-check of a renovating unit."""

    topic = "reno.SpotChecked"
    note: str | None = None
