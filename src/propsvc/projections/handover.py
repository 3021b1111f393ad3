"""交接班记录本 and 遗留问题档案 (S1–S7, P1): one read model over every aggregate.

Tickets enter as they are called in (R1) and count as done when completed (a reopen
undoes that); the handover actions, free entries, patrol findings, shift changes and
archived months come from the handover aggregates.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any, ClassVar, cast

from propsvc.aggregates.base import Event
from propsvc.aggregates.complaint import ComplaintResolved
from propsvc.aggregates.corrections import TicketMerged, TicketVoided
from propsvc.aggregates.help import HelpAnswered, HelpRouted, InquiryAnswered, MedicalActionTaken
from propsvc.aggregates.repair import RepairCompleted
from propsvc.aggregates.ticket import CallReceived, Reopened
from propsvc.projections._schema import archive, entries, items, months, shifts
from propsvc.projections.base import Projection
from propsvc.projections.rows import Key
from propsvc.projections.schema import TableSpec

if TYPE_CHECKING:  # their events are handled by topic: a ticket's write imports none
    from propsvc.aggregates import found as fd
    from propsvc.aggregates import handover as h
    from propsvc.aggregates import movein as mv
    from propsvc.aggregates import paid as pd
    from propsvc.aggregates import release as rl
    from propsvc.aggregates import vacancy as vc

# a ticket is done when its kind's handling is finished: repair completed, complaint
# resolved (C7), help answered, acted on or routed (H2 H3 H5), inquiry answered (H4)
DONE_EVENTS = (RepairCompleted, ComplaintResolved, HelpAnswered, MedicalActionTaken,
               HelpRouted, InquiryAnswered)
TICKET_ITEM_EVENTS = (*DONE_EVENTS, Reopened, TicketVoided, TicketMerged)
# the desk services are matters too, from the request until they are done (Q1–Q5); they
# and the handover's own events are handled by topic (``by_topic``), without importing
# those families
SERVICE_STARTS = {"movein.Started": "_movein_started", "paid.Requested": "_paid_requested",
                  "release.Applied": "_release_applied", "found.Recorded": "_found_recorded",
                  "vacancy.Applied": "_vacancy_applied"}
# (a vacant unit, Q4, from the application until the vacancy ends; its number is the unit)
SERVICE_DONE = {t: "_service_done" for t in (
    "movein.Visited", "paid.Visited", "release.GoodsLetOut", "found.Claimed",
    "found.Disposed", "vacancy.Ended")}
MATTER_EVENTS = {  # handover.MatterEvent: about the matter ``event.item``
    "handover.MatterTracked": "_matter_tracked", "handover.EntryWritten": "_entry_written",
    "patrol.FindingRecorded": "_finding_recorded", "handover.ItemTriaged": "_item_triaged",
    "handover.MarkedOk": "_marked_ok", "handover.ReasonNoted": "_reason_noted"}
SHIFT_EVENTS = {"handover.ShiftTakenOver": "_shift_taken_over",
                "handover.ShiftHandedOver": "_shift_handed_over",
                "carryover.MonthClosed": "_month_closed"}


class HandoverLog(Projection):
    name = "handover"
    tables = (items, entries, shifts, months, archive)
    by_topic: ClassVar[dict[str, str]] = {**SERVICE_STARTS, **SERVICE_DONE, **MATTER_EVENTS,
                                          **SHIFT_EVENTS}

    def touches(self, event: Event) -> Iterable[tuple[TableSpec, Key]]:
        topic = event.topic
        if topic in MATTER_EVENTS:
            yield items, (cast("h.MatterEvent", event).item,)
        elif isinstance(event, TICKET_ITEM_EVENTS) or topic in SERVICE_STARTS \
                or topic in SERVICE_DONE:
            yield items, (self.oid(event),)
        elif topic == "handover.ShiftHandedOver":
            e = cast("h.ShiftHandedOver", event)
            yield shifts, (e.office, e.shift)

    @singledispatchmethod
    def handle(self, event: Event) -> None:
        self.on_topic(event)

    def _item(self, item_id: str, **values: Any) -> None:
        row = self.row(items, (item_id,))
        if row is not None:
            self.cache(items).put({**row, **values})

    def _entry(self, e: Event, shift: str, action: str, number: str | None,
               detail: str | None, major: bool = False) -> None:
        self.cache(entries).put({
            "source_id": self.oid(e), "version": e.originator_version,
            "office": e.office, "shift": shift, "at": e.occurred_at, "action": action,
            "number": number, "detail": detail, "actor": e.actor, "major": major})

    def _new(self, e: Event, item_id: str, number: str, kind: str, summary: str,
             **values: Any) -> None:
        self.cache(items).put({
            "item_id": item_id, "office": e.office, "number": number, "kind": kind,
            "summary": summary, "unit": None, "area": None, "location": None,
            "department": None, "major": False, "raised_at": e.occurred_at,
            "raised_by": e.actor, "done_at": None, "triage": None, "triaged_at": None,
            "later_at": None, "reason": None, "reason_at": None, "ok_at": None,
            "ok_by": None, "ok_note": None, "instructed_by": None, "voided_at": None,
            **values})

    @handle.register
    def _(self, e: CallReceived) -> None:
        self._new(e, self.oid(e), e.number, e.kind, e.summary, unit=e.unit,
                  location=e.location)

    @handle.register
    def _(self, e: RepairCompleted | ComplaintResolved | HelpAnswered | MedicalActionTaken
          | HelpRouted | InquiryAnswered) -> None:
        self._item(self.oid(e), done_at=e.occurred_at)

    def _movein_started(self, e: mv.MoveInStarted) -> None:
        self._new(e, self.oid(e), e.number, "movein", f"{e.owner} 入住", unit=e.unit)

    def _paid_requested(self, e: pd.PaidRequested) -> None:
        self._new(e, self.oid(e), e.number, "paid", e.service, unit=e.unit)

    def _release_applied(self, e: rl.ReleaseApplied) -> None:
        self._new(e, self.oid(e), e.number, "release", e.goods, unit=e.unit)

    def _found_recorded(self, e: fd.FoundRecorded) -> None:
        self._new(e, self.oid(e), e.number, "found", e.item, location=e.place)

    def _vacancy_applied(self, e: vc.VacancyApplied) -> None:
        summary = f"空置 {e.starts_on.isoformat()} 至 {e.ends_on.isoformat()}"
        if self.row(items, (self.oid(e),)) is None:
            self._new(e, self.oid(e), e.unit, "vacancy", summary, unit=e.unit)
        else:  # the unit vacant again: the same matter, open anew
            self._item(self.oid(e), summary=summary, raised_at=e.occurred_at,
                       raised_by=e.actor, done_at=None, triage=None, triaged_at=None,
                       later_at=None, reason=None, reason_at=None, ok_at=None, ok_by=None,
                       ok_note=None, instructed_by=None)

    def _service_done(self, e: mv.MoveInVisited | pd.PaidVisited | rl.GoodsLetOut
                      | fd.FoundClaimed | fd.FoundDisposed | vc.VacancyEnded) -> None:
        self._item(self.oid(e), done_at=e.occurred_at)

    @handle.register
    def _(self, e: Reopened) -> None:
        self._item(self.oid(e), done_at=None)

    @handle.register
    def _(self, e: TicketVoided | TicketMerged) -> None:
        self._item(str(e.originator_id), voided_at=e.occurred_at)

    def _matter_tracked(self, e: h.MatterTracked) -> None:
        if self.row(items, (e.item,)) is None:
            self._new(e, e.item, e.number, e.kind, e.summary)

    def _entry_written(self, e: h.EntryWritten) -> None:
        self._new(e, e.item, e.number, e.kind, e.summary, major=e.major)
        self._entry(e, e.shift, "note", e.number, e.summary, e.major)

    def _finding_recorded(self, e: h.FindingRecorded) -> None:
        self._new(e, e.item, e.number, e.kind, e.summary, area=e.area, location=e.location,
                  department=e.department)
        self._entry(e, e.shift, "patrol", e.number, f"{e.area}: {e.summary}")

    def _item_triaged(self, e: h.ItemTriaged) -> None:
        row = self.row(items, (e.item,))
        later = (row or {}).get("later_at")
        if e.triage == "later" and later is None:
            later = e.occurred_at
        self._item(e.item, triage=e.triage, triaged_at=e.occurred_at, later_at=later)
        self._entry(e, e.shift, "triage", e.number, e.triage)

    def _marked_ok(self, e: h.MarkedOk) -> None:
        self._item(e.item, ok_at=e.occurred_at, ok_by=e.actor, ok_note=e.note,
                   instructed_by=e.instructed_by)
        detail = " · ".join(x for x in (e.note, e.instructed_by and
                                        f"instructed by {e.instructed_by}") if x)
        self._entry(e, e.shift, "ok", e.number, detail or None)

    def _reason_noted(self, e: h.ReasonNoted) -> None:
        self._item(e.item, reason=e.reason, reason_at=e.occurred_at)
        self._entry(e, e.shift, "reason", e.number, e.reason)

    def _shift_taken_over(self, e: h.ShiftTakenOver) -> None:
        self.cache(shifts).put({
            "office": e.office, "shift": e.shift, "starts_at": e.starts_at,
            "ends_at": e.ends_at, "taken_over_by": e.actor, "taken_over_at": e.occurred_at,
            "handed_over_by": None, "handed_over_at": None, "passed_on": None})
        self._entry(e, e.shift, "take_over", None, None)

    def _shift_handed_over(self, e: h.ShiftHandedOver) -> None:
        row = self.row(shifts, (e.office, e.shift))
        if row is not None:
            self.cache(shifts).put({**row, "handed_over_by": e.actor,
                                    "handed_over_at": e.occurred_at,
                                    "passed_on": json.dumps(e.passed_on)})
        self._entry(e, e.shift, "hand_over", None, ", ".join(e.passed_on) or None)

    def _month_closed(self, e: h.MonthClosed) -> None:
        self.cache(months).put({"office": e.office, "month": e.month,
                                "closed_at": e.occurred_at, "closed_by": e.actor,
                                "items": len(e.items)})
        for i, row in enumerate(e.items):
            text = json.dumps(row, ensure_ascii=False, sort_keys=True)
            self.cache(archive).put({"office": e.office, "month": e.month, "position": i,
                                     "number": row["number"], "row": text})
