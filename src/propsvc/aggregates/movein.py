"""Move-in (入住, Q5): one owner's move-in, numbered RZ-YYYYMMDD-NNN.

The desk checks the documents, the owner signs the agreements, the owner file is filled
in, the fees are paid, the unit's keys (handed over by the developer, K6) go to the owner,
and owner and office inspect the unit together. Each defect found opens a repair ticket
linked to the move-in; a second, stricter inspection (二次验房: smart systems, heating
pressure, water closure) follows once they are fixed. When all is done the move-in is
complete and a return visit is due one month later (V1), counted against V2's target.
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

DOCUMENTS = vocabulary.MOVEIN_DOCUMENTS.codes
AGREEMENTS = vocabulary.MOVEIN_AGREEMENTS.codes
SECOND_CHECKS = vocabulary.SECOND_INSPECTION_CHECKS.codes


def movein_id(office: str, number: str) -> UUID:
    return uuid5(NAMESPACE, f"movein:{office}:{number.strip().upper()}")


class MoveInStarted(Event):
    topic = "movein.Started"
    number: str
    unit: str
    owner: str
    phone: str

    def create(self) -> MoveIn:
        return MoveIn(self.originator_id, self.timestamp, self.occurred_at)

    def apply(self, aggregate: Any) -> None:
        m: MoveIn = aggregate
        m.number, m.office, m.unit, m.owner = self.number, self.office, self.unit, self.owner
        m.phone = self.phone


class DocumentsVerified(Event):
    """Q5: the documents seen; those still missing are listed."""

    topic = "movein.DocumentsVerified"
    rule: str = "Q5"
    documents: tuple[str, ...]
    missing: tuple[str, ...]

    def apply(self, aggregate: Any) -> None:
        aggregate.documents = set(aggregate.documents) | set(self.documents)


class AgreementsSigned(Event):
    topic = "movein.AgreementsSigned"
    rule: str = "Q5"
    agreements: tuple[str, ...]

    def apply(self, aggregate: Any) -> None:
        aggregate.agreements = set(aggregate.agreements) | set(self.agreements)


class OwnerFiled(Event):
    """Q5: the owner file — household members, vehicles, an emergency contact."""

    topic = "movein.OwnerFiled"
    rule: str = "Q5"
    members: tuple[str, ...] = ()
    vehicles: tuple[str, ...] = ()
    emergency_contact: str | None = None

    def apply(self, aggregate: Any) -> None:
        aggregate.filed = True


class MoveInPaid(Event):
    topic = "movein.Paid"
    rule: str = "Q5"
    amount: Decimal

    def apply(self, aggregate: Any) -> None:
        aggregate.paid = self.amount


class MoveInKeysHandedOver(Event):
    """Q5/K6: the unit's keys, handed over by the developer, given to the owner."""

    topic = "movein.KeysHandedOver"
    rule: str = "K6"
    count: int
    developer: str

    def apply(self, aggregate: Any) -> None:
        aggregate.keys = self.count


class MoveInInspected(Event):
    """Q5: a joint inspection; each defect opened a linked repair ticket."""

    topic = "movein.Inspected"
    rule: str = "Q5"
    round: int
    result: str
    defects: tuple[str, ...] = ()
    tickets: tuple[str, ...] = ()
    checks: tuple[str, ...] = ()

    def apply(self, aggregate: Any) -> None:
        aggregate.rounds.append(self)
        aggregate.defect_tickets.extend(self.tickets)
        aggregate.status = "inspecting" if self.result == "defects" else "started"


class MoveInCompleted(Event):
    topic = "movein.Completed"
    rule: str = "Q5"

    def apply(self, aggregate: Any) -> None:
        aggregate.status, aggregate.completed_at = "completed", self.occurred_at


class MoveInVisited(Event):
    """V1: the return visit a month after move-in."""

    topic = "movein.Visited"
    rule: str = "V1"
    method: str
    result: str
    note: str | None = None
    days_after_completion: float
    within_window: bool

    def apply(self, aggregate: Any) -> None:
        aggregate.status = "visited"


class MoveIn(HasDeadlines, Aggregate):
    subject = "movein"

    def __init__(self, id: UUID, created_on: datetime, occurred_at: datetime) -> None:
        super().__init__(id, created_on, occurred_at)
        self.number = self.office = self.unit = self.owner = self.phone = ""
        self.documents: set[str] = set()
        self.agreements: set[str] = set()
        self.filed = False
        self.paid: Decimal | None = None
        self.keys = 0
        self.rounds: list[MoveInInspected] = []
        self.defect_tickets: list[str] = []
        self.completed_at: datetime | None = None
        self.status = "started"
        self.init_deadlines()

    @property
    def ref(self) -> str:
        return self.number

    @property
    def passed(self) -> bool:
        return bool(self.rounds) and self.rounds[-1].result == "ok"

    @classmethod
    def begin(cls, number: str, ctx: Context, **spec: Any) -> MoveIn:
        return cls.start(MoveInStarted, movein_id(ctx.office, number), ctx, number=number,
                         **spec)

    def _require(self, ok: bool, msgid: str, rule: str = "Q5", **values: object) -> None:
        if not ok:
            raise RuleViolation(rule, _("{number}: ", number=self.number)
                                + _(msgid, **values))

    def _open(self) -> None:
        self._require(self.completed_at is None, N_("the move-in is already complete"))

    def verify(self, ctx: Context, documents: tuple[str, ...]) -> DocumentsVerified:
        self._open()
        seen = set(self.documents) | set(documents)
        return self.trigger(DocumentsVerified, ctx, documents=documents,
                            missing=tuple(d for d in DOCUMENTS if d not in seen))

    def sign(self, ctx: Context, agreements: tuple[str, ...]) -> None:
        self._open()
        missing = [d for d in DOCUMENTS if d not in self.documents]
        self._require(not missing, N_("documents first: still missing {docs} (--doc {codes})"),
                      docs=", ".join(vocabulary.MOVEIN_DOCUMENTS.say(d) for d in missing),
                      codes=" --doc ".join(missing))
        self.trigger(AgreementsSigned, ctx, agreements=agreements)

    def file(self, ctx: Context, **spec: Any) -> None:
        self._open()
        self.trigger(OwnerFiled, ctx, **spec)

    def pay(self, ctx: Context, amount: Decimal) -> None:
        self._open()
        self._require(self.paid is None, N_("already paid {amount}"), amount=self.paid)
        self.trigger(MoveInPaid, ctx, amount=amount)

    def hand_keys(self, ctx: Context, count: int, developer: str | None) -> None:
        self._open()
        self._require(developer is not None, N_("the developer has not handed over the keys of "
                      "{unit} (key handover --developer … --unit {unit})"), "K6", unit=self.unit)
        self._require(self.keys == 0, N_("{n} keys were already handed over"), n=self.keys)
        assert developer is not None
        self.trigger(MoveInKeysHandedOver, ctx, count=count, developer=developer)

    def inspect(self, ctx: Context, *, result: str, defects: tuple[str, ...],
                tickets: tuple[str, ...], checks: tuple[str, ...],
                unfinished: list[str]) -> None:
        """A first inspection, or (after defects) the second, stricter one: the defect
        tickets completed and every 二次验房 check made before it can pass."""
        self._open()
        self._require(self.keys > 0, N_("the keys are handed over before the joint inspection"))
        self._require(not self.passed, N_("the unit already passed its inspection"))
        if self.rounds:
            self._require(not unfinished, N_("the second inspection follows the repairs: "
                          "{tickets} not completed yet"), tickets=", ".join(unfinished))
            missing = [c for c in SECOND_CHECKS if c not in checks]
            self._require(result == "defects" or not missing, N_("the second inspection also "
                          "checks {checks} (--check)"), checks=", ".join(missing))
        self.trigger(MoveInInspected, ctx, round=len(self.rounds) + 1, result=result,
                     defects=defects, tickets=tickets, checks=checks)

    def complete(self, ctx: Context) -> None:
        self._open()
        steps = {N_("documents verified"): not [d for d in DOCUMENTS
                                                if d not in self.documents],
                 N_("agreements signed"): not [a for a in AGREEMENTS if a not in self.agreements],
                 N_("owner file filled in"): self.filed, N_("fees paid"): self.paid is not None,
                 N_("keys handed over"): self.keys > 0, N_("inspection passed"): self.passed}
        left = [_(name) for name, done in steps.items() if not done]
        self._require(not left, N_("not yet: {steps}"), steps=", ".join(left))
        self.trigger(MoveInCompleted, ctx)

    def visit(self, ctx: Context, *, method: str, result: str, note: str | None,
              window_days: float) -> None:
        self._require(self.completed_at is not None, N_("the return visit follows completion"),
                      "V1")
        self._require(self.status != "visited", N_("already visited"), "V1")
        assert self.completed_at is not None
        days = (ctx.occurred_at - self.completed_at).total_seconds() / 86400
        self.trigger(MoveInVisited, ctx, method=method, result=result, note=note,
                     days_after_completion=round(days, 2), within_window=days <= window_days)
