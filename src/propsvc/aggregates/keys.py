"""The Key aggregate: one physical key held by the management office (K1–K6).

A key is filed by class (unit / public area / equipment room, K1). Owners deposit spare
keys (K2) and take them back (K4); every loan records identity, purpose and due-back time
(K3) and opens a return deadline that ``tick`` chases (K5). Developer handover creates the
keys of a batch (K6). Rules that need another aggregate (a repair ticket, a renovation
permit) arrive here as plain facts checked by the desk; the key judges them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

from propsvc import vocabulary
from propsvc.aggregates.base import Aggregate, Context, Event
from propsvc.aggregates.deadlines import HasDeadlines
from propsvc.aggregates.key_rules import Link, check_use
from propsvc.aggregates.people import same_person
from propsvc.aggregates.ticket import NAMESPACE
from propsvc.errors import RuleViolation
from propsvc.i18n import _

KEY_CLASSES = vocabulary.KEY_CLASSES.codes
BORROWER_TYPES = vocabulary.BORROWER_TYPES.codes


def key_id(office: str, label: str) -> UUID:
    return uuid5(NAMESPACE, f"key:{office}:{label.strip().upper()}")


class KeyRegistered(Event):
    """K1 (and K6 when ``handed_over_by`` names the developer)."""

    topic = "key.Registered"
    label: str
    key_class: str
    unit: str | None = None
    area: str | None = None
    equipment: str | None = None
    handed_over_by: str | None = None

    def create(self) -> Key:
        return Key(self.originator_id, self.timestamp, self.occurred_at)

    def apply(self, aggregate: Any) -> None:
        k: Key = aggregate
        k.label, k.key_class, k.unit = self.label, self.key_class, self.unit
        k.area, k.equipment, k.office = self.area, self.equipment, self.office
        k.handed_over_by = self.handed_over_by


class KeyDeposited(Event):
    """K2: the owner leaves a spare key and signs the deposit register."""

    topic = "key.Deposited"
    unit: str
    owner: str
    id_last4: str
    signed_by: str

    def apply(self, aggregate: Any) -> None:
        k: Key = aggregate
        k.owner, k.owner_id_last4, k.status = self.owner, self.id_last4, "in_custody"
        k.deposited_at = self.occurred_at


class KeyLent(Event):
    """K3: identity and purpose checked, due-back time recorded, borrower signed."""

    topic = "key.Lent"
    loan: int
    borrower: str
    borrower_type: str
    id_last4: str
    purpose: str
    due_at: datetime
    same_day: bool
    approved_by: str | None = None
    ticket: str | None = None
    renovation: str | None = None

    def apply(self, aggregate: Any) -> None:
        k: Key = aggregate
        k.status, k.loan = "lent", self


class KeyReturned(Event):
    """K3/K5: the key is back in the cabinet; late returns say by how much."""

    topic = "key.Returned"
    loan: int
    borrower: str
    late_minutes: int

    def apply(self, aggregate: Any) -> None:
        k: Key = aggregate
        k.status, k.loan = "in_custody", None


class KeyRetrieved(Event):
    """K4: the owner takes the deposited key back after an identity check and signs."""

    topic = "key.Retrieved"
    owner: str
    signed_by: str
    deposited_at: datetime  # which deposit this closes

    def apply(self, aggregate: Any) -> None:
        k: Key = aggregate
        k.status = "retrieved"


class KeyLabelChecked(Event):
    """K5: the keeper's regular check that the key and its label still match."""

    topic = "key.LabelChecked"
    ok: bool
    note: str | None = None

    def apply(self, aggregate: Any) -> None:
        aggregate.label_checked_at = self.occurred_at


class Key(HasDeadlines, Aggregate):
    subject = "key"

    def __init__(self, id: UUID, created_on: datetime, occurred_at: datetime) -> None:
        super().__init__(id, created_on, occurred_at)
        self.label = ""
        self.key_class = "unit"
        self.office = ""
        self.unit: str | None = None
        self.area: str | None = None
        self.equipment: str | None = None
        self.handed_over_by: str | None = None  # K6: the developer, for a batch key
        self.owner: str | None = None
        self.owner_id_last4: str | None = None
        self.deposited_at: datetime | None = None
        self.label_checked_at: datetime | None = None
        self.status = "in_custody"  # in_custody | lent | retrieved
        self.loan: KeyLent | None = None
        self.init_deadlines()

    @property
    def ref(self) -> str:
        return self.label

    @property
    def deposited(self) -> bool:
        return self.owner is not None

    @property
    def loans(self) -> int:
        return sum(1 for d in self.deadlines.values() if d.rule == "K5")

    @classmethod
    def register(cls, label: str, ctx: Context, **spec: Any) -> Key:
        return cls.start(KeyRegistered, key_id(ctx.office, label), ctx, label=label, **spec)

    def _require(self, rule: str, ok: bool, message: str) -> None:
        if not ok:
            raise RuleViolation(rule, _("key {label}: {message}",
                                        label=self.label, message=message))

    def deposit(self, ctx: Context, *, owner: str, id_last4: str) -> None:
        self._require("K1", self.key_class == "unit", "only unit keys are deposited by owners")
        self._require("K2", self.status != "lent", "the key is out on loan")
        self._require("K2", not self.deposited or self.status == "retrieved",
                      f"already deposited by {self.owner}")
        assert self.unit is not None
        self.trigger(KeyDeposited, ctx, unit=self.unit, owner=owner, id_last4=id_last4,
                     signed_by=owner)

    def lend(self, ctx: Context, *, borrower: str, borrower_type: str, id_last4: str,
             purpose: str, due_at: datetime, end_of_day: datetime, same_day: bool,
             personal: bool, approved_by: str | None, ticket: Link | None,
             renovation: Link | None) -> None:
        if self.loan is not None:
            raise RuleViolation("K3", _("key {label}: already lent to {borrower} (key return "
                                        "first)", label=self.label, borrower=self.loan.borrower))
        self._require("K4", self.status != "retrieved", "the owner took this key back")
        self._require("K3", due_at > ctx.occurred_at, "the due-back time is already past")
        if self.key_class in ("public", "equipment"):
            self._require("K3", not personal and borrower_type != "owner",
                          f"{self.key_class} keys are never lent for personal reasons")
        if same_day:
            self._require("K3", due_at <= end_of_day,
                          f"{borrower_type} keys come back the same day (by 23:59 office "
                          "time)")
        if borrower_type == "marketing":
            self._require("K3", bool(approved_by),
                          "marketing staff need their department head's approval (--approved-by)")
            self._require("K3", not same_person(approved_by, borrower)
                          and not same_person(approved_by, ctx.actor),
                          f"the approval of a marketing loan is their department head's: not "
                          f"the borrower's or the lender's own ({approved_by})")
        check_use(self, borrower, borrower_type, ticket, renovation)
        self.trigger(KeyLent, ctx, loan=self.loans + 1, borrower=borrower,
                     borrower_type=borrower_type, id_last4=id_last4, purpose=purpose,
                     due_at=due_at, same_day=same_day, approved_by=approved_by,
                     ticket=ticket.number if ticket else None,
                     renovation=renovation.number if renovation else None)

    def give_back(self, ctx: Context) -> KeyReturned:
        self._require("K3", self.status == "lent" and self.loan is not None, "is not lent out")
        loan = self.loan
        assert loan is not None
        late = max(0, int((ctx.occurred_at - loan.due_at).total_seconds() // 60))
        if ctx.occurred_at > loan.due_at:
            late = max(late, 1)
        return self.trigger(KeyReturned, ctx, loan=loan.loan, borrower=loan.borrower,
                            late_minutes=late)

    def retrieve(self, ctx: Context, *, id_last4: str, signed_by: str | None) -> None:
        self._require("K4", self.deposited and self.status != "retrieved",
                      "no owner deposit to take back")
        self._require("K4", self.status != "lent", "the key is out on loan: wait for its return")
        self._require("K4", id_last4 == self.owner_id_last4,
                      "identity check failed: the ID digits differ from the deposit's")
        assert self.owner is not None and self.deposited_at is not None
        self.trigger(KeyRetrieved, ctx, owner=self.owner, signed_by=signed_by or self.owner,
                     deposited_at=self.deposited_at)

    def check_label(self, ctx: Context, ok: bool, note: str | None) -> None:
        self._require("K5", self.status != "retrieved", "the owner took this key back")
        self._require("K5", self.status != "lent", "the key is out on loan: check it when back")
        self.trigger(KeyLabelChecked, ctx, ok=ok, note=note)
