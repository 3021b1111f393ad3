"""钥匙留存登记表 and 钥匙借用登记表: keys, owner deposits and loans (K1–K6)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import singledispatchmethod
from typing import ClassVar

from propsvc.aggregates import keys as k
from propsvc.aggregates.base import Event
from propsvc.aggregates.deadlines import DeadlineMissed
from propsvc.projections._schema import key_deposits, key_loans, keys
from propsvc.projections.base import Projection, RawWants
from propsvc.projections.rows import Key
from propsvc.projections.schema import TableSpec


def _loan_of(deadline_key: str) -> int | None:
    name, _, loan = deadline_key.partition("#")
    return int(loan) if name == "K5.return" and loan.isdigit() else None


class KeyRegister(Projection):
    name = "keys"
    tables = (keys, key_deposits, key_loans)
    # a loan's return (K5)
    wants_raw: ClassVar[RawWants] = {DeadlineMissed: (b'"key":"K5.return#',)}

    def touches(self, event: Event) -> Iterable[tuple[TableSpec, Key]]:
        kid = self.oid(event)
        if event.topic.startswith("key."):
            yield keys, (kid,)
        if isinstance(event, k.KeyReturned):
            yield key_loans, (kid, event.loan)
        elif isinstance(event, k.KeyRetrieved):
            yield key_deposits, (kid, event.deposited_at)
        elif isinstance(event, DeadlineMissed) and _loan_of(event.key) is not None:
            yield key_loans, (kid, _loan_of(event.key))

    @singledispatchmethod
    def handle(self, event: Event) -> None:
        return None

    def _key(self, e: Event, **values: object) -> dict[str, object]:
        row = self.row(keys, (self.oid(e),))
        assert row is not None, f"key {e.originator_id} unknown to the register"
        row = {**row, **values, "updated_at": e.occurred_at}
        self.cache(keys).put(row)
        return row

    @handle.register
    def _(self, e: k.KeyRegistered) -> None:
        self.cache(keys).put({
            "key_id": self.oid(e), "office": e.office, "label": e.label,
            "key_class": e.key_class, "unit": e.unit, "area": e.area,
            "equipment": e.equipment, "handed_over_by": e.handed_over_by, "owner": None,
            "status": "in_custody", "borrower": None, "due_at": None,
            "registered_at": e.occurred_at, "label_checked_at": None, "label_problems": 0,
            "updated_at": e.occurred_at})

    @handle.register
    def _(self, e: k.KeyDeposited) -> None:
        row = self._key(e, owner=e.owner, status="in_custody")
        self.cache(key_deposits).put({
            "key_id": self.oid(e), "deposited_at": e.occurred_at,
            "office": e.office, "label": row["label"], "unit": e.unit, "owner": e.owner,
            "id_last4": e.id_last4, "signed_by": e.signed_by, "received_by": e.actor,
            "retrieved_at": None, "retrieved_signed_by": None, "handed_back_by": None})

    @handle.register
    def _(self, e: k.KeyLent) -> None:
        row = self._key(e, status="lent", borrower=e.borrower, due_at=e.due_at)
        self.cache(key_loans).put({
            "key_id": self.oid(e), "loan": e.loan, "office": e.office,
            "label": row["label"], "key_class": row["key_class"], "unit": row["unit"],
            "borrower": e.borrower, "borrower_type": e.borrower_type,
            "id_last4": e.id_last4, "purpose": e.purpose, "approved_by": e.approved_by,
            "ticket": e.ticket, "renovation": e.renovation, "lent_at": e.occurred_at,
            "lent_by": e.actor, "due_at": e.due_at, "returned_at": None,
            "late_minutes": 0, "missed": False})

    @handle.register
    def _(self, e: k.KeyReturned) -> None:
        self._key(e, status="in_custody", borrower=None, due_at=None)
        loan = self.row(key_loans, (self.oid(e), e.loan))
        if loan is not None:
            self.cache(key_loans).put({
                **loan, "returned_at": e.occurred_at, "late_minutes": e.late_minutes,
                "missed": bool(loan["missed"]) or e.late_minutes > 0})

    @handle.register
    def _(self, e: k.KeyRetrieved) -> None:
        self._key(e, status="retrieved")
        deposit = self.row(key_deposits, (self.oid(e), e.deposited_at))
        if deposit is not None:
            self.cache(key_deposits).put({
                **deposit, "retrieved_at": e.occurred_at,
                "retrieved_signed_by": e.signed_by, "handed_back_by": e.actor})

    @handle.register
    def _(self, e: k.KeyLabelChecked) -> None:
        row = self.row(keys, (self.oid(e),))
        assert row is not None
        self._key(e, label_checked_at=e.occurred_at,
                  label_problems=row["label_problems"] + (not e.ok))

    @handle.register
    def _(self, e: DeadlineMissed) -> None:
        number = _loan_of(e.key)
        loan = self.row(key_loans, (self.oid(e), number)) if number else None
        if loan is not None:
            self.cache(key_loans).put({**loan, "missed": True})
