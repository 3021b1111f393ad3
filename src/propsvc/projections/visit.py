"""Completions and return visits: the 回访登记表 and its achieved rate (R13, V1–V3).

A completion is whatever a return visit follows: a completed repair, a resolved complaint
(C9), a medical emergency handled or other help given (H6)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import singledispatchmethod

from propsvc.aggregates.base import Event
from propsvc.aggregates.complaint import ComplaintResolved
from propsvc.aggregates.help import EscortReturned, HelpAnswered, MedicalActionTaken
from propsvc.aggregates.repair import RepairCompleted
from propsvc.aggregates.ticket import ReturnVisitRecorded, VisitReviewed
from propsvc.projections._schema import completions, visits
from propsvc.projections.base import Projection
from propsvc.projections.rows import Key
from propsvc.projections.schema import TableSpec


class VisitLog(Projection):
    name = "visits"
    tables = (completions, visits)

    def touches(self, event: Event) -> Iterable[tuple[TableSpec, Key]]:
        if isinstance(event, ReturnVisitRecorded):
            yield completions, (self.oid(event), event.completed_at)
        if isinstance(event, VisitReviewed):
            yield visits, (self.oid(event), event.visit_version)

    @singledispatchmethod
    def handle(self, event: Event) -> None:
        return None

    def _completed(self, e: Event, kind: str, public_area: bool = False) -> None:
        self.cache(completions).put({
            "ticket_id": self.oid(e), "completed_at": e.occurred_at,
            "office": e.office, "kind": kind, "public_area": public_area,
            "visited_at": None,
            "visit_method": None, "visit_result": None, "visitor": None,
            "within_window": None,
        })

    @handle.register
    def _(self, e: RepairCompleted) -> None:
        self._completed(e, "repair", e.public_area)

    @handle.register
    def _(self, e: ComplaintResolved) -> None:
        self._completed(e, "complaint")

    @handle.register
    def _(self, e: MedicalActionTaken) -> None:
        if e.action != "hospital":  # H3: an escort to hospital completes on its return
            self._completed(e, "help")

    @handle.register
    def _(self, e: EscortReturned) -> None:
        self._completed(e, "help")

    @handle.register
    def _(self, e: HelpAnswered) -> None:
        self._completed(e, "help")

    @handle.register
    def _(self, e: ReturnVisitRecorded) -> None:
        tid = self.oid(e)
        row = self.row(completions, (tid, e.completed_at))
        if row is not None and row["visited_at"] is None:
            self.cache(completions).put({
                **row, "visited_at": e.occurred_at, "visit_method": e.method,
                "visit_result": e.result, "visitor": e.visitor,
                "within_window": e.within_window,
            })
        kind = row["kind"] if row is not None else "repair"
        self.cache(visits).put({
            "ticket_id": tid, "version": e.originator_version, "office": e.office,
            "kind": kind, "visited_at": e.occurred_at, "completed_at": e.completed_at,
            "method": e.method, "result": e.result, "visitor": e.visitor,
            "resident_signed_by": e.resident_signed_by, "note": e.note,
            "within_window": e.within_window, "recorded_at": e.timestamp,
            "quality": e.quality, "effect": e.effect, "shortcomings": e.shortcomings,
            "suggestions": e.suggestions, "reviewed_by": None, "reviewed_at": None,
            "review_note": None,
        })

    @handle.register
    def _(self, e: VisitReviewed) -> None:
        row = self.row(visits, (self.oid(e), e.visit_version))
        if row is not None:
            self.cache(visits).put({**row, "reviewed_by": e.actor,
                                    "reviewed_at": e.occurred_at, "review_note": e.note})

