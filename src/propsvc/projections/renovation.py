"""装修登记, 施工证登记表 and 延时施工申请: renovations, passes, extensions (N1–N10)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from functools import singledispatchmethod
from typing import Any, ClassVar

from propsvc.aggregates import renovation_events as ev
from propsvc.aggregates.base import Event
from propsvc.aggregates.deadlines import DeadlineMissed
from propsvc.aggregates.renovation import RenovationApplied
from propsvc.projections._schema import extensions, passes, renovations, spot_checks
from propsvc.projections.base import Projection, RawWants
from propsvc.projections.rows import Key
from propsvc.projections.schema import TableSpec

STATUS_AFTER: dict[type[Event], str] = {
    ev.PlanSigned: "signed", ev.AgreementSigned: "agreed", ev.DepositPaid: "paid",
    ev.PermitIssued: "active", ev.DepositRefunded: "refunded",
}


class RenovationRegister(Projection):
    name = "renovations"
    tables = (renovations, passes, extensions, spot_checks)
    # a missed inspection (N5)
    wants_raw: ClassVar[RawWants] = {DeadlineMissed: (b'"rule":"N5"', b'"rule":"N10"')}
    fallback_handles = tuple(STATUS_AFTER)  # the generic handler sets their status

    def touches(self, event: Event) -> Iterable[tuple[TableSpec, Key]]:
        rid = self.oid(event)
        if event.topic.startswith("reno.") or (
                isinstance(event, DeadlineMissed) and event.rule in ("N5", "N10")):
            yield renovations, (rid,)
        numbers: tuple[str, ...] = ()
        if isinstance(event, ev.ViolationRecorded):
            numbers = event.confiscated
        elif isinstance(event, ev.PassesReturned):
            numbers = event.numbers
        elif isinstance(event, ev.PassesReissued):
            numbers = tuple(p.number for p in event.passes)
        for number in numbers:
            yield passes, (event.office, number)

    def _reno(self, e: Event, **values: Any) -> dict[str, Any]:
        row = self.row(renovations, (self.oid(e),))
        assert row is not None, f"renovation {e.originator_id} unknown to the register"
        row = {**row, **values, "updated_at": e.occurred_at}
        self.cache(renovations).put(row)
        return row

    def _close_passes(self, e: Event, numbers: Iterable[str], state: str) -> None:
        for number in numbers:
            row = self.row(passes, (e.office, number))
            if row is not None:
                self.cache(passes).put({**row, "state": state, "closed_at": e.occurred_at})

    @singledispatchmethod
    def handle(self, event: Event) -> None:
        status = STATUS_AFTER.get(type(event))
        if status is not None:
            self._reno(event, status=status)

    @handle.register
    def _(self, e: RenovationApplied) -> None:
        self.cache(renovations).put({
            "reno_id": self.oid(e), "office": e.office, "number": e.number,
            "unit": e.unit, "owner": e.owner, "contractor": e.contractor, "scope": e.scope,
            "documents": ",".join(e.documents), "planned_from": e.planned_from,
            "planned_to": e.planned_to, "applied_at": e.occurred_at, "status": "applied",
            "phase": None, "review_reason": None, "deposit": None, "permit_at": None,
            "passes": 0, "inspections": 0, "violations": 0, "open_violations": 0,
            "extensions": 0, "missed_inspections": 0, "missed_spot_checks": 0,
            "deductions": None, "initial_at": None, "final_at": None,
            "refund_signed_by": None, "refunded_at": None, "updated_at": e.occurred_at})

    @handle.register
    def _(self, e: ev.PlanReviewed) -> None:
        self._reno(e, status="approved" if e.approved else "rejected",
                   review_reason=e.reason)

    @handle.register
    def _(self, e: ev.DepositPaid) -> None:
        self._reno(e, status="paid", deposit=e.amount)

    @handle.register
    def _(self, e: ev.PermitIssued) -> None:
        row = self._reno(e, status="active", permit_at=e.occurred_at, passes=len(e.passes))
        self._put_passes(e, row, e.passes)

    @handle.register
    def _(self, e: ev.PassesReissued) -> None:
        row = self._reno(e)
        row = self._reno(e, passes=row["passes"] + len(e.passes), status="active")
        self._put_passes(e, row, e.passes)

    @handle.register
    def _(self, e: ev.DeductionRecorded) -> None:
        row = self._reno(e)
        total = Decimal(row["deductions"] or 0) + e.amount
        self._reno(e, deductions=total)

    def _put_passes(self, e: Event, row: dict[str, Any], issued: Iterable[Any]) -> None:
        for p in issued:
            self.cache(passes).put({
                "office": e.office, "number": p.number, "reno_id": row["reno_id"],
                "renovation": row["number"], "unit": row["unit"], "kind": p.kind,
                "holder": p.holder, "issued_at": e.occurred_at, "state": "out",
                "closed_at": None})

    @handle.register
    def _(self, e: ev.PhaseStarted) -> None:
        self._reno(e, phase=e.phase)

    @handle.register
    def _(self, e: ev.Inspected) -> None:
        row = self.row(renovations, (self.oid(e),))
        assert row is not None
        self._reno(e, inspections=row["inspections"] + 1)

    @handle.register
    def _(self, e: ev.ViolationRecorded) -> None:
        row = self.row(renovations, (self.oid(e),))
        assert row is not None
        self._reno(e, violations=row["violations"] + 1,
                   open_violations=row["open_violations"] + 1)
        self._close_passes(e, e.confiscated, "confiscated")

    @handle.register
    def _(self, e: ev.ViolationResolved) -> None:
        row = self.row(renovations, (self.oid(e),))
        assert row is not None
        self._reno(e, open_violations=max(0, row["open_violations"] - 1))

    @handle.register
    def _(self, e: ev.ExtensionGranted) -> None:
        row = self.row(renovations, (self.oid(e),))
        assert row is not None
        self._reno(e, planned_to=e.new_to, extensions=row["extensions"] + 1)
        self.cache(extensions).put({
            "reno_id": row["reno_id"], "version": e.originator_version, "office": e.office,
            "renovation": row["number"], "unit": row["unit"], "previous_to": e.previous_to,
            "new_to": e.new_to, "signed_by": ",".join(e.signed_by),
            "signer_roles": ",".join(e.signer_roles) or None, "reason": e.reason,
            "granted_at": e.occurred_at, "recorded_by": e.actor})

    @handle.register
    def _(self, e: ev.CompletionAccepted) -> None:
        if e.stage == "initial":
            self._reno(e, status="initial_accepted", initial_at=e.occurred_at)
        else:
            self._reno(e, status="accepted", final_at=e.occurred_at)

    @handle.register
    def _(self, e: ev.PassesReturned) -> None:
        self._close_passes(e, e.numbers, "returned")

    @handle.register
    def _(self, e: ev.RefundSigned) -> None:
        self._reno(e, refund_signed_by=e.actor)

    @handle.register
    def _(self, e: ev.DepositRefunded) -> None:
        self._reno(e, status="refunded", refunded_at=e.occurred_at)

    @handle.register
    def _(self, e: ev.SpotChecked) -> None:
        self.cache(spot_checks).put({
            "reno_id": self.oid(e), "version": e.originator_version,
            "office": e.office, "checked_at": e.occurred_at, "checked_by": e.actor,
            "note": e.note})

    @handle.register
    def _(self, e: DeadlineMissed) -> None:
        column = {"N5": "missed_inspections", "N10": "missed_spot_checks"}.get(e.rule)
        if column is not None:
            row = self.row(renovations, (self.oid(e),))
            if row is not None:
                self._reno(e, **{column: row[column] + 1})
