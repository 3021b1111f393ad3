"""The Renovation aggregate: one unit's renovation from application to refund (N1–N10).

Order of the SOP: application with its copies (N1) → second inspection (N2) → engineering
review, manager's signature (N3) → agreement, deposit, permit and passes (N4) → phases with
their inspection frequency (N5) → inspections and violations (N6, N7), extensions (N8) →
initial and final acceptance, passes returned, deposit refunded (N9). The manager's spot
checks (N10) may happen any day while the permit is active.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid5

from propsvc import vocabulary
from propsvc.aggregates import renovation_events as ev
from propsvc.aggregates.base import Aggregate, Context, Event
from propsvc.aggregates.deadlines import HasDeadlines
from propsvc.aggregates.people import same_person
from propsvc.aggregates.ticket import NAMESPACE
from propsvc.errors import RuleViolation
from propsvc.i18n import _

REQUIRED_DOCUMENTS = vocabulary.REQUIRED_DOCUMENTS.codes
PRE_CHECKS = vocabulary.PRE_CHECKS.codes
PHASES = vocabulary.PHASES.codes
EXTENSION_SIGNERS = vocabulary.EXTENSION_SIGNERS.codes
WORKING = ("active",)


def reno_id(office: str, number: str) -> UUID:
    return uuid5(NAMESPACE, f"renovation:{office}:{number.upper()}")


class RenovationApplied(Event):
    """N1: contractor, scope, planned period and the copies attached."""

    topic = "reno.Applied"
    number: str
    unit: str
    owner: str | None = None
    contractor: str
    scope: str
    planned_from: date
    planned_to: date
    documents: tuple[str, ...]
    workers: tuple[str, ...] = ()  # named on the application, with their ID copies

    def create(self) -> Renovation:
        return Renovation(self.originator_id, self.timestamp, self.occurred_at)

    def apply(self, aggregate: Any) -> None:
        r: Renovation = aggregate
        r.number, r.unit, r.owner, r.office = self.number, self.unit, self.owner, self.office
        r.contractor, r.planned_to = self.contractor, self.planned_to
        r.workers = self.workers


class Renovation(HasDeadlines, Aggregate):
    subject = "renovation"

    def __init__(self, id: UUID, created_on: datetime, occurred_at: datetime) -> None:
        super().__init__(id, created_on, occurred_at)
        self.number = self.unit = self.contractor = self.office = ""
        self.owner: str | None = None
        self.planned_to = date.min
        self.status = "applied"
        self.pre_inspection: ev.SecondInspectionDone | None = None
        self.deposit: Decimal | None = None
        self.passes: dict[str, str] = {}  # number -> out | confiscated | returned
        self.phase: str | None = None
        self.install_at: datetime | None = None
        self.interval_hours: int | None = None  # of the current phase, as recorded (N5)
        self.inspections = 0
        self.violations: dict[int, ev.ViolationRecorded] = {}
        self.resolved: set[int] = set()
        self.keys_out: dict[str, int] = {}
        self.workers: tuple[str, ...] = ()
        self.refund_signed_by: str | None = None
        self.init_deadlines()

    @property
    def ref(self) -> str:
        return self.number

    @property
    def open_violations(self) -> list[int]:
        return [n for n in self.violations if n not in self.resolved]

    @property
    def permit_active(self) -> bool:
        """Work may go on: permit issued, not yet accepted, no violation unresolved."""
        return self.status in WORKING and not self.open_violations

    @property
    def outstanding_passes(self) -> list[str]:
        return [n for n, state in self.passes.items() if state == "out"]

    @classmethod
    def apply_for(cls, number: str, ctx: Context, **form: Any) -> Renovation:
        missing = [d for d in REQUIRED_DOCUMENTS if d not in form["documents"]]
        if missing:
            raise RuleViolation("N1", _("the application lacks copies of: {value}",
                                        value=', '.join(missing)))
        return cls.start(RenovationApplied, reno_id(ctx.office, number), ctx,
                         number=number, **form)

    def _require(self, rule: str, ok: bool, message: str) -> None:
        if not ok:
            raise RuleViolation(rule, _("{number}: {message}", number=self.number, message=message))

    def _stage(self, rule: str, expected: tuple[str, ...], what: str) -> None:
        self._require(rule, self.status in expected, f"cannot {what} now (status {self.status})")

    def pre_inspect(self, ctx: Context, failed: tuple[str, ...], note: str | None) -> None:
        self._stage("N2", ("applied", "rejected"), "do the second inspection")
        passed = tuple(c for c in PRE_CHECKS if c not in failed)
        self.trigger(ev.SecondInspectionDone, ctx, passed=passed, failed=failed, note=note)

    def review(self, ctx: Context, approved: bool, reason: str | None) -> None:
        self._stage("N3", ("applied", "rejected"), "review the plan")
        pre = self.pre_inspection
        self._require("N2", pre is not None, "the second inspection of the flat comes first")
        assert pre is not None
        if approved:
            self._require("N2", not pre.failed,
                          f"the second inspection failed: {', '.join(pre.failed)}")
        self.trigger(ev.PlanReviewed, ctx, approved=approved, reason=reason)

    def sign(self, ctx: Context) -> None:
        self._stage("N3", ("approved",), "sign: engineering has not approved the plan")
        self.trigger(ev.PlanSigned, ctx)

    def sign_agreement(self, ctx: Context) -> None:
        self._stage("N4", ("signed",), "sign the agreement before the manager signs the plan")
        self.trigger(ev.AgreementSigned, ctx)

    def pay_deposit(self, ctx: Context, amount: Decimal, fee: Decimal | None) -> None:
        self._stage("N4", ("agreed",), "take the deposit before the agreement is signed")
        self.trigger(ev.DepositPaid, ctx, amount=amount, fee=fee)

    def issue_permit(self, ctx: Context, passes: tuple[ev.Pass, ...]) -> None:
        self._stage("N4", ("paid",), "issue the permit before agreement and deposit")
        self.trigger(ev.PermitIssued, ctx, passes=passes)

    def start_phase(self, ctx: Context, phase: str, interval_hours: int | None,
                    install_at: datetime | None) -> None:
        self._require("N6", not self.open_violations,
                      "work is stopped until the violation is resolved")
        self._stage("N5", WORKING, "start a phase without an active permit")
        self.trigger(ev.PhaseStarted, ctx, phase=phase, interval_hours=interval_hours,
                     install_at=install_at)

    def inspect(self, ctx: Context, result: str, note: str | None) -> None:
        self._stage("N5", ("active", "initial_accepted"), "inspect")
        self.trigger(ev.Inspected, ctx, phase=self.phase, result=result, note=note)
        if result == "violation":
            self.record_violation(ctx, kind="general", note=note or "found on inspection",
                                  serious=False)

    def record_violation(self, ctx: Context, *, kind: str, note: str | None,
                         serious: bool) -> None:
        self._stage("N6", ("active", "initial_accepted", "accepted"), "record a violation")
        confiscated = tuple(self.outstanding_passes) if serious else ()
        self.trigger(ev.ViolationRecorded, ctx, violation=len(self.violations) + 1,
                     kind=kind, note=note, serious=serious, confiscated=confiscated,
                     workers_removed=serious, authorities_told=serious)

    def resolve(self, ctx: Context, violation: int | None, note: str) -> None:
        open_ = self.open_violations
        self._require("N6", bool(open_), "no unresolved violation")
        number = violation if violation is not None else open_[0]
        self._require("N6", number in open_, f"violation {number} is not open")
        self.trigger(ev.ViolationResolved, ctx, violation=number, note=note)

    def move_materials(self, ctx: Context, direction: str, items: str, hazardous: bool,
                       confirmed_by: str | None) -> None:
        self._stage("N7", ("active", "initial_accepted"), "move materials on this permit")
        if direction == "in":
            self._require("N7", not hazardous,
                          "bulk flammable, explosive or toxic material may not enter")
        else:
            self._require("N7", bool(confirmed_by),
                          "materials leaving need the owner's confirmation (--owner-confirmed)")
        self.trigger(ev.MaterialsMoved, ctx, direction=direction, items=items,
                     owner_confirmed_by=confirmed_by)

    def extend(self, ctx: Context, new_to: date, signed_by: tuple[str, ...],
               reason: str | None) -> None:
        self._stage("N8", WORKING, "extend")
        missing = [s for s in EXTENSION_SIGNERS if s not in signed_by]
        self._require("N8", not missing, f"the extension still needs: {', '.join(missing)}")
        self._require("N8", new_to > self.planned_to,
                      f"the works already run to {self.planned_to.isoformat()}")
        self.trigger(ev.ExtensionGranted, ctx, previous_to=self.planned_to, new_to=new_to,
                     signed_by=signed_by, reason=reason)

    def accept(self, ctx: Context, stage: str) -> None:
        """Acceptance judges the works; an unresolved violation holds the deposit (N9)."""
        if stage == "initial":
            self._stage("N9", WORKING, "accept")
        else:
            self._stage("N9", ("initial_accepted",), "do the re-inspection before the "
                        "initial acceptance")
        self.trigger(ev.CompletionAccepted, ctx, stage=stage)

    def return_passes(self, ctx: Context, count: int) -> None:
        self._stage("N9", ("initial_accepted", "accepted"), "take passes back before acceptance")
        out = self.outstanding_passes
        self._require("N9", bool(out), "no passes are out")
        self._require("N9", count == len(out),
                      f"all {len(out)} passes come back at once: {count} counted, "
                      f"{len(out) - count} missing" if count < len(out) else
                      f"{count} counted but only {len(out)} are out in the pass register")
        self.trigger(ev.PassesReturned, ctx, count=count, numbers=tuple(out))

    def _check_refundable(self) -> None:
        self._stage("N9", ("accepted",), "refund before the final acceptance")
        unresolved = ", ".join(f"#{n}" for n in self.open_violations)
        self._require("N9", not unresolved, f"refused: violation {unresolved} is unresolved")
        out = self.outstanding_passes
        self._require("N9", not out, f"refused: {len(out)} passes are not returned "
                      f"({', '.join(out)})")

    def sign_refund(self, ctx: Context) -> None:
        self._check_refundable()
        self._require("N9", self.refund_signed_by is None,
                      f"{self.refund_signed_by} already signed the refund")
        assert self.deposit is not None
        self.trigger(ev.RefundSigned, ctx, amount=self.deposit)

    def pay_refund(self, ctx: Context) -> None:
        self._check_refundable()
        self._require("N9", self.refund_signed_by is not None,
                      "the manager has not signed the refund yet")
        self._require("N9", not same_person(ctx.actor, self.refund_signed_by),
                      f"{ctx.actor} signed the refund: the cashier who pays it must be "
                      "another person (two-person rule)")
        assert self.deposit is not None and self.refund_signed_by is not None
        self.trigger(ev.DepositRefunded, ctx, amount=self.deposit,
                     signed_by=self.refund_signed_by)

    def spot_check(self, ctx: Context, note: str | None) -> None:
        self._stage("N10", ("active", "initial_accepted"), "spot-check")
        self.trigger(ev.SpotChecked, ctx, note=note)
