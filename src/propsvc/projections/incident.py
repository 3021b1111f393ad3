"""Special incident reports (特别事件报告, I1–I4): one row per incident plus its steps."""

from __future__ import annotations

from collections.abc import Iterable
from functools import singledispatchmethod
from typing import ClassVar

from propsvc.aggregates import incident as i
from propsvc.aggregates.base import Event
from propsvc.aggregates.deadlines import DeadlineSet, Escalated
from propsvc.projections._schema import incident_steps, incidents
from propsvc.projections.base import Projection, RawWants
from propsvc.projections.rows import Key
from propsvc.projections.schema import TableSpec


class IncidentLog(Projection):
    name = "incidents"
    tables = (incidents, incident_steps)
    # only I3's written-report due
    wants_raw: ClassVar[RawWants] = {DeadlineSet: (b'"subject":"incident"',)}

    def touches(self, event: Event) -> Iterable[tuple[TableSpec, Key]]:
        if event.topic.startswith(("incident.", "deadline.Set", "ticket.Escalated")):
            yield incidents, (self.oid(event),)

    def _set(self, event: Event, **values: object) -> None:
        row = self.row(incidents, (self.oid(event),))
        if row is not None:
            self.cache(incidents).put({**row, **values})

    @singledispatchmethod
    def handle(self, event: Event) -> None:
        return None

    @handle.register
    def _(self, e: i.IncidentReported) -> None:
        self.cache(incidents).put({
            "incident_id": self.oid(e), "office": e.office, "number": e.number,
            "category": e.category, "incident_class": e.incident_class, "place": e.place,
            "description": e.description, "happened_at": e.happened_at,
            "reported_at": e.occurred_at, "phoned_at": e.phoned_at,
            "linked_from": e.linked_from, "told": None, "playbook": e.playbook,
            "steps_done": 0, "written_at": None, "course": None, "outcome": None,
            "written_due_at": None,
            "hours_after_event": None, "written_late": False, "status": "open",
        })

    @handle.register
    def _(self, e: Escalated) -> None:
        row = self.row(incidents, (self.oid(e),))
        if row is not None:
            self._set(e, told=",".join(filter(None, [row["told"], e.to])))

    @handle.register
    def _(self, e: DeadlineSet) -> None:
        if e.subject == "incident" and e.rule == "I3":
            self._set(e, written_due_at=e.due_at)

    @handle.register
    def _(self, e: i.PlaybookStepDone) -> None:
        row = self.row(incidents, (self.oid(e),))
        if row is not None:
            self._set(e, playbook=e.playbook, steps_done=row["steps_done"] + 1)
        self.cache(incident_steps).put({
            "incident_id": self.oid(e), "step": e.step, "office": e.office,
            "playbook": e.playbook, "text": e.text, "done_at": e.occurred_at,
            "actor": e.actor, "note": e.note,
        })

    @handle.register
    def _(self, e: i.WrittenReportFiled) -> None:
        row = self.row(incidents, (self.oid(e),))
        late = bool(row and row["written_due_at"] and e.occurred_at > row["written_due_at"])
        self._set(e, written_at=e.occurred_at, hours_after_event=e.hours_after_event,
                  written_late=late, status="reported", course=e.course, outcome=e.outcome)
