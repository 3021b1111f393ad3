"""One row per ticket: the source of 业主报修记录表 and the daily repair report (R1–R15)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from functools import singledispatchmethod
from typing import Any, ClassVar

from propsvc.aggregates import complaint as c
from propsvc.aggregates import feedback as f
from propsvc.aggregates import help as h
from propsvc.aggregates import repair as r
from propsvc.aggregates.base import Event
from propsvc.aggregates.corrections import DuplicateMerged, TicketMerged, TicketVoided
from propsvc.aggregates.deadlines import (
    Chased,
    DeadlineMet,
    DeadlineMissed,
    Escalated,
)
from propsvc.aggregates.ticket import CallReceived, Reopened, ReturnVisitRecorded
from propsvc.projections._schema import tickets
from propsvc.projections.base import Projection, RawWants
from propsvc.projections.rows import Key
from propsvc.projections.schema import TableSpec

TICKET_TOPICS = ("ticket.", "repair.", "deadline.", "complaint.", "help.", "inquiry.",
                 "feedback.")


class TicketRegister(Projection):
    name = "tickets"
    tables = (tickets,)
    # a met deadline changes the miss count only when met late or clearing a miss
    wants_raw: ClassVar[RawWants] = {DeadlineMet: (b'"first_miss":true', b'"clears_miss":true')}

    def touches(self, event: Event) -> Iterable[tuple[TableSpec, Key]]:
        if event.topic.startswith(TICKET_TOPICS):
            yield tickets, (self.oid(event),)

    def _row(self, event: Event) -> dict[str, Any] | None:
        row = self.row(tickets, (self.oid(event),))
        if row is not None:
            row = dict(row)
            row["updated_at"] = event.occurred_at
        return row

    def _put(self, row: dict[str, Any] | None) -> None:
        if row is not None:
            self.cache(tickets).put(row)

    @singledispatchmethod
    def handle(self, event: Event) -> None:
        return None

    @handle.register
    def _(self, e: CallReceived) -> None:
        self.cache(tickets).put({
            "ticket_id": self.oid(e), "office": e.office, "number": e.number,
            "kind": e.kind, "unit": e.unit, "location": e.location, "part": e.part,
            "caller": e.caller, "phone": e.phone, "summary": e.summary, "channel": e.channel,
            "urgent": e.urgent, "home": e.home, "spare_key": e.spare_key,
            "appointment": e.appointment, "public_area": e.public_area,
            "opened_at": e.occurred_at, "status": "received", "technician": None,
            "ordered_at": None, "arrived_at": None, "completed_at": None, "signed_by": None,
            "rating": None, "quote_amount": None, "quote_items": None,
            "fee_accepted_at": None, "fee_collected": None, "materials": 0,
            "materials_total": None, "deferred_at": None, "deferred_measure": None,
            "deferred_reason": None, "paused_at": None, "paused_reason": None,
            "paused_minutes": 0, "escalations": 0, "chases": 0, "reopens": 0,
            "visits": 0, "last_visit_result": None, "missed": 0, "voided_at": None,
            "void_reason": None, "merged_into": None, "duplicates": None,
            "updated_at": e.occurred_at, "recorded_at": e.timestamp,
        })

    def _set(self, event: Event, **values: Any) -> None:
        row = self._row(event)
        if row is not None:
            row.update(values)
        self._put(row)

    @handle.register
    def _(self, e: r.WorkOrderIssued) -> None:
        self._set(e, status="ordered", technician=e.technician, ordered_at=e.occurred_at)

    @handle.register
    def _(self, e: r.TechnicianArrived) -> None:
        row = self._row(e)
        if row is not None:
            row.update(status="on_site", arrived_at=e.occurred_at,
                       technician=e.technician or row["technician"])
        self._put(row)

    @handle.register
    def _(self, e: r.AssessmentRequested) -> None:
        self._set(e, status="assessing")

    @handle.register
    def _(self, e: r.BackOnSite) -> None:
        self._set(e, status=e.back_to or "on_site")

    @handle.register
    def _(self, e: r.WorkStarted) -> None:
        self._set(e, status="working")

    @handle.register
    def _(self, e: r.FeeQuoted) -> None:
        self._set(e, quote_amount=e.amount, quote_items=e.items, fee_accepted_at=None)

    @handle.register
    def _(self, e: r.FeeAccepted) -> None:
        self._set(e, fee_accepted_at=e.occurred_at)

    @handle.register
    def _(self, e: r.MaterialsRecorded) -> None:
        row = self._row(e)
        if row is not None:
            total = sum((i.quantity * i.unit_price for i in e.items), Decimal(0))
            row["materials"] += len(e.items)
            row["materials_total"] = (row["materials_total"] or Decimal(0)) + total
        self._put(row)

    @handle.register
    def _(self, e: r.RepairDeferred) -> None:
        self._set(e, status="deferred", deferred_at=e.occurred_at, deferred_measure=e.measure,
                  deferred_reason=e.reason)

    @handle.register
    def _(self, e: r.RepairPaused) -> None:
        self._set(e, paused_at=e.occurred_at, paused_reason=e.reason)

    @handle.register
    def _(self, e: r.RepairResumed) -> None:
        row = self._row(e)
        if row is not None:
            row.update(paused_at=None, paused_reason=None,
                       paused_minutes=row["paused_minutes"] + e.paused_minutes)
        self._put(row)

    @handle.register
    def _(self, e: r.RepairCompleted) -> None:
        self._set(e, status="completed", completed_at=e.occurred_at, signed_by=e.signed_by,
                  rating=e.rating)

    @handle.register
    def _(self, e: r.FeeCollected) -> None:
        self._set(e, fee_collected=e.amount)

    # -- other kinds: their status only (their own registers hold the rest) -------------
    def _advance(self, e: Event, status: str, frm: tuple[str, ...]) -> None:
        row = self._row(e)
        if row is not None and row["status"] in frm:
            row["status"] = status
        self._put(row)

    @handle.register
    def _(self, e: c.ComplaintClassified) -> None:
        self._advance(e, "classified", ("received",))

    @handle.register
    def _(self, e: f.WorkContactSlipIssued) -> None:
        row = self._row(e)
        if row is not None and row["kind"] == "complaint":
            row["status"] = "dispatched"
        self._put(row)

    @handle.register
    def _(self, e: f.HandlerReplied) -> None:
        self._advance(e, "replied", ("dispatched",))

    @handle.register
    def _(self, e: c.RemedyAgreed) -> None:
        self._set(e, status="agreed")

    @handle.register
    def _(self, e: c.ComplaintResolved | h.HelpAnswered | h.MedicalActionTaken) -> None:
        self._set(e, status="completed", completed_at=e.occurred_at)

    @handle.register
    def _(self, e: h.HelpRouted) -> None:
        self._set(e, status="routed")

    @handle.register
    def _(self, e: h.InquiryAnswered) -> None:
        self._set(e, status="answered")

    @handle.register
    def _(self, e: Escalated) -> None:
        self._bump(e, "escalations")

    @handle.register
    def _(self, e: Chased) -> None:
        self._bump(e, "chases")

    @handle.register
    def _(self, e: ReturnVisitRecorded) -> None:
        row = self._row(e)
        if row is not None:
            row["visits"] += 1
            row["last_visit_result"] = e.result
            if e.result == "satisfied":
                row["status"] = "closed"
        self._put(row)

    @handle.register
    def _(self, e: Reopened) -> None:
        row = self._row(e)
        if row is not None:
            row.update(status="received", technician=None, arrived_at=None,
                       completed_at=None, signed_by=None, rating=None)
            row["reopens"] += 1
        self._put(row)

    @handle.register
    def _(self, e: TicketVoided) -> None:
        self._set(e, status="voided", voided_at=e.occurred_at, void_reason=e.reason)

    @handle.register
    def _(self, e: TicketMerged) -> None:
        self._set(e, status="merged", voided_at=e.occurred_at, merged_into=e.into,
                  void_reason=e.reason)

    @handle.register
    def _(self, e: DuplicateMerged) -> None:
        row = self._row(e)
        if row is not None:
            row["duplicates"] = ",".join(filter(None, [row["duplicates"], e.duplicate]))
        self._put(row)

    @handle.register
    def _(self, e: DeadlineMissed) -> None:
        self._bump(e, "missed")

    @handle.register
    def _(self, e: DeadlineMet) -> None:
        if e.first_miss:
            self._bump(e, "missed")
        elif e.clears_miss:
            self._bump(e, "missed", -1)

    def _bump(self, event: Event, column: str, by: int = 1) -> None:
        row = self._row(event)
        if row is not None:
            row[column] += by
        self._put(row)
