"""One row per complaint, help request or inquiry: the source of 业主投诉登记表, the
monthly 住户投诉汇总表 (C1, C11), 住户求助登记表 (H1–H6) and the inquiry register (H4)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import singledispatchmethod
from typing import Any, ClassVar

from propsvc.aggregates import complaint as c
from propsvc.aggregates import feedback as f
from propsvc.aggregates import help as h
from propsvc.aggregates.base import Event
from propsvc.aggregates.corrections import DuplicateMerged, TicketMerged, TicketVoided
from propsvc.aggregates.deadlines import DeadlineMet, DeadlineMissed, Escalated
from propsvc.aggregates.ticket import CallReceived, Reopened, ReturnVisitRecorded
from propsvc.projections._schema import desk_items
from propsvc.projections.base import Projection, RawWants
from propsvc.projections.rows import Key
from propsvc.projections.schema import TableSpec

KINDS = ("complaint", "help", "inquiry")
TOPICS = ("ticket.", "complaint.", "help.", "inquiry.", "feedback.", "deadline.")
HANDLING_RULES = ("C5", "H2", "H4")


class DeskRegister(Projection):
    name = "desk_items"
    tables = (desk_items,)
    # see _(DeadlineMet) below
    wants_raw: ClassVar[RawWants] = {DeadlineMet: (b'"first_miss":true',)}

    def touches(self, event: Event) -> Iterable[tuple[TableSpec, Key]]:
        if event.topic.startswith(TOPICS):
            yield desk_items, (self.oid(event),)

    def _set(self, event: Event, **values: Any) -> None:
        row = self.row(desk_items, (self.oid(event),))
        if row is not None:
            self.cache(desk_items).put({**row, **values, "updated_at": event.occurred_at})

    def _add(self, event: Event, column: str, text: str) -> None:
        row = self.row(desk_items, (self.oid(event),))
        if row is not None:
            joined = ",".join(filter(None, [row[column], text]))
            self._set(event, **{column: joined})

    @singledispatchmethod
    def handle(self, event: Event) -> None:
        return None

    @handle.register
    def _(self, e: CallReceived) -> None:
        if e.kind not in KINDS:
            return
        self.cache(desk_items).put({
            "ticket_id": self.oid(e), "office": e.office, "number": e.number,
            "kind": e.kind, "opened_at": e.occurred_at, "unit": e.unit,
            "location": e.location, "caller": e.caller, "phone": e.phone,
            "summary": e.summary, "channel": e.channel, "lodged_with": e.lodged_with,
            "help_kind": e.help_kind, "written": e.written, "paid": e.paid,
            "linked_from": e.linked_from, "status": "received", "complaint_class": None,
            "important": False, "superior_notified_at": None, "slip": None,
            "dispatched_to": None, "dispatched_at": None, "reported_up_at": None,
            "reply": None, "replied_at": None, "customer_answered_at": None,
            "remedy": None, "remedy_by": None, "remedy_done_at": None,
            "suggestion": e.suggestion, "resolved_at": None, "follow_up": None,
            "resolution_note": None, "linked_number": None, "confirmed_by": None,
            "answer": None, "answered_at": None, "referred_to": None,
            "asked_supervisor": False, "medical_action": None, "medical_staff": None,
            "relative": None, "escort_returned_at": None,
            "serious": False, "routed_to": None, "escalated_to": None, "missed": 0,
            "handled_late": False, "visits": 0, "visit_result": None, "visited_at": None,
            "reopens": 0, "voided_at": None, "void_reason": None, "merged_into": None,
            "duplicates": None, "updated_at": e.occurred_at,
        })

    @handle.register
    def _(self, e: c.ComplaintClassified) -> None:
        row = self.row(desk_items, (self.oid(e),))
        status = "classified" if row and row["status"] == "received" else None
        self._set(e, complaint_class=e.complaint_class, important=e.important,
                  **({"status": status} if status else {}))

    @handle.register
    def _(self, e: c.SuperiorNotified) -> None:
        self._set(e, superior_notified_at=e.occurred_at)

    @handle.register
    def _(self, e: f.WorkContactSlipIssued) -> None:
        row = self.row(desk_items, (self.oid(e),))
        extra = {"status": "dispatched"} if row and row["kind"] == "complaint" else {}
        self._set(e, slip=e.slip, dispatched_to=e.to, dispatched_at=e.occurred_at, **extra)

    @handle.register
    def _(self, e: f.ReportedToSuperior) -> None:
        self._set(e, reported_up_at=e.occurred_at)

    @handle.register
    def _(self, e: f.HandlerReplied) -> None:
        row = self.row(desk_items, (self.oid(e),))
        extra = {"status": "replied"} if row and row["status"] == "dispatched" else {}
        self._set(e, reply=e.text, replied_at=e.occurred_at, **extra)

    @handle.register
    def _(self, e: f.CustomerAnswered) -> None:
        self._set(e, customer_answered_at=e.occurred_at)

    @handle.register
    def _(self, e: c.RemedyAgreed) -> None:
        self._set(e, remedy=e.remedy, remedy_by=e.due_by, status="agreed")

    @handle.register
    def _(self, e: c.ComplaintResolved) -> None:
        self._set(e, status="completed", resolved_at=e.occurred_at, follow_up=e.follow_up,
                  resolution_note=e.note, linked_number=e.repair_number)

    @handle.register
    def _(self, e: c.RemedyCarriedOut) -> None:
        self._set(e, remedy_done_at=e.occurred_at)

    @handle.register
    def _(self, e: c.HeadOpinionGiven) -> None:
        self._add(e, "escalated_to", e.reported_to)

    @handle.register
    def _(self, e: c.ResolutionConfirmed) -> None:
        self._set(e, confirmed_by=e.signed_by)

    @handle.register
    def _(self, e: h.HelpAnswered) -> None:
        self._set(e, status="completed", answer=e.text, answered_at=e.occurred_at,
                  referred_to=e.referred_to, asked_supervisor=e.asked_supervisor)

    @handle.register
    def _(self, e: h.MedicalActionTaken) -> None:
        self._set(e, status="dispatched" if e.action == "hospital" else "completed",
                  answered_at=e.occurred_at, medical_action=e.action,
                  medical_staff=",".join(e.staff), serious=e.serious, relative=e.relative)

    @handle.register
    def _(self, e: h.EscortReturned) -> None:
        self._set(e, status="completed", escort_returned_at=e.occurred_at)

    @handle.register
    def _(self, e: h.HelpRouted) -> None:
        self._set(e, status="routed", routed_to=e.to, linked_number=e.linked_number,
                  answered_at=e.occurred_at)

    @handle.register
    def _(self, e: h.InquiryAnswered) -> None:
        self._set(e, status="answered", answer=e.text, answered_at=e.occurred_at,
                  asked_supervisor=e.asked_supervisor)

    @handle.register
    def _(self, e: Escalated) -> None:
        self._add(e, "escalated_to", e.to)

    @handle.register
    def _(self, e: DeadlineMissed) -> None:
        self._miss(e, e.rule)

    @handle.register
    def _(self, e: DeadlineMet) -> None:
        if e.first_miss:
            self._miss(e, e.rule)

    def _miss(self, e: Event, rule: str) -> None:
        row = self.row(desk_items, (self.oid(e),))
        if row is not None:
            self._set(e, missed=row["missed"] + 1,
                      handled_late=row["handled_late"] or rule in HANDLING_RULES)

    @handle.register
    def _(self, e: ReturnVisitRecorded) -> None:
        row = self.row(desk_items, (self.oid(e),))
        if row is not None:
            closed = {"status": "closed"} if e.result == "satisfied" else {}
            self._set(e, visits=row["visits"] + 1, visit_result=e.result,
                      visited_at=e.occurred_at, **closed)

    @handle.register
    def _(self, e: Reopened) -> None:
        row = self.row(desk_items, (self.oid(e),))
        if row is not None:
            self._set(e, status="received", reopens=row["reopens"] + 1)

    @handle.register
    def _(self, e: TicketVoided) -> None:
        self._set(e, status="voided", voided_at=e.occurred_at, void_reason=e.reason)

    @handle.register
    def _(self, e: TicketMerged) -> None:
        self._set(e, status="merged", voided_at=e.occurred_at, merged_into=e.into,
                  void_reason=e.reason)

    @handle.register
    def _(self, e: DuplicateMerged) -> None:
        self._add(e, "duplicates", e.duplicate)
