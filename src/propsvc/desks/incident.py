"""Special-incident use cases (I1–I4)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from propsvc.aggregates.base import Context, Event
from propsvc.aggregates.deadlines import DeadlineSet
from propsvc.aggregates.incident import CATEGORIES, Incident, incident_id
from propsvc.aggregates.playbooks import PLAYBOOKS
from propsvc.calendar import iso
from propsvc.desks.repair import _text
from propsvc.desks.service import Service
from propsvc.errors import InvalidInput, NotFound
from propsvc.permissions import permit

PREFIX = "TB"
CLASSES = ("security", "engineering")


class IncidentOutcome:
    """What one incident command recorded (the shape ``ctx.recorded`` prints)."""

    def __init__(self, incident: Incident, events: list[Event]) -> None:
        self.incident, self.events = incident, events

    def view(self) -> dict[str, Any]:
        i = self.incident
        return {
            "number": i.number, "office": i.office, "kind": "incident", "status": i.status,
            "version": i.version,
            "events": [{"event": type(e).__name__, "occurred_at": iso(e.occurred_at),
                        "recorded_at": iso(e.timestamp), "actor": e.actor, "role": e.role,
                        "data": e.data()} for e in self.events],
            "deadlines_opened": [
                {"key": d.key, "rule": d.rule, "label": d.label, "due_at": iso(d.due_at),
                 "limit_minutes": d.limit_minutes, "basis": d.basis}
                for d in self.events if isinstance(d, DeadlineSet)],
            "rules": sorted({r for e in self.events if (r := getattr(e, "rule", None))}),
            "pending_steps": i.pending_steps(),
        }


class IncidentDesk:
    def __init__(self, service: Service) -> None:
        self.svc = service

    def load(self, number: str) -> Incident:
        from eventsourcing.application import AggregateNotFoundError

        ref = number.strip().upper()
        try:
            incident: Incident = self.svc.store.repository.get(
                incident_id(self.svc.who.office, ref))
        except AggregateNotFoundError:
            raise NotFound(f"no incident {ref} in office {self.svc.who.office}: check the "
                           "number (register incidents lists them)") from None
        return incident

    def report(self, *, category: str, place: str, description: str,
               happened_at: datetime | None = None, phoned_at: datetime | None = None,
               playbook: str | None = None, incident_class: str | None = None,
               linked_from: str | None = None, at: datetime | None = None
               ) -> IncidentOutcome:
        permit(self.svc.who.role, "incident.report")
        if category not in CATEGORIES:
            raise InvalidInput(f"I1: --category is one of {', '.join(CATEGORIES)}")
        if incident_class is not None and incident_class not in CLASSES:
            raise InvalidInput("I2: --class is security or engineering")
        if playbook is not None and playbook not in PLAYBOOKS:
            raise InvalidInput(f"I4: --playbook is one of {', '.join(PLAYBOOKS)}")
        where = _text(place, "the place (--place)", "I3")
        what = _text(description, "what happened (--description)", "I3")
        when = at or self.svc.clock.now()
        happened = happened_at or when
        if happened > when:
            raise InvalidInput("I3: the incident cannot happen after it is reported")
        if phoned_at is not None and not happened <= phoned_at <= when:
            raise InvalidInput("I3: --phoned-at falls between the event and this report")

        def build(number: str, ctx: Context) -> Incident:
            return Incident.file(number, ctx, category=category,
                                 incident_class=incident_class or CATEGORIES[category],
                                 place=where, description=what, happened_at=happened,
                                 phoned_at=phoned_at, playbook=playbook,
                                 linked_from=linked_from)

        incident, events = self.svc.open_numbered(PREFIX, at, build)
        return IncidentOutcome(incident, events)

    def _act(self, number: str, command: Any, at: datetime | None) -> IncidentOutcome:
        ref = number.strip().upper()
        incident, events = self.svc.act_on(incident_id(self.svc.who.office, ref), command,
                                           at, lambda: self.load(ref))
        return IncidentOutcome(incident, events)

    def step(self, number: str, step: str, playbook: str | None = None,
             note: str | None = None, at: datetime | None = None) -> IncidentOutcome:
        permit(self.svc.who.role, "incident.step")
        if playbook is not None and playbook not in PLAYBOOKS:
            raise InvalidInput(f"I4: --playbook is one of {', '.join(PLAYBOOKS)}")
        key = _text(step, "the step (--step)", "I4")
        return self._act(number, lambda i, c: i.do_step(c, key, playbook, note), at)

    def written_report(self, number: str, course: str, outcome: str,
                       at: datetime | None = None) -> IncidentOutcome:
        permit(self.svc.who.role, "incident.written_report")
        how = _text(course, "the course of events (--course)", "I3")
        result = _text(outcome, "the outcome (--outcome)", "I3")
        return self._act(number, lambda i, c: i.file_written_report(c, how, result), at)


def incident_view(i: Incident, now: datetime) -> dict[str, Any]:
    """An incident as a user sees it: who was told, the checklist, the written report."""
    r = i.report
    return {
        "number": i.number, "office": i.office, "status": i.status,
        "category": r.category, "class": r.incident_class, "place": r.place,
        "description": r.description, "happened_at": iso(r.happened_at),
        "reported_at": iso(r.occurred_at), "phoned_at": iso(r.phoned_at),
        "linked_from": r.linked_from,
        "told": [{"to": e.to, "rule": e.rule, "at": iso(e.occurred_at)}
                 for e in i.escalations],
        "playbook": i.playbook,
        "steps": [{"step": s.step, "text": s.text, "at": iso(s.occurred_at),
                   "by": s.actor, "note": s.note} for s in i.steps],
        "pending_steps": i.pending_steps(),
        "deadlines": [{"rule": d.rule, "label": d.label, "due_at": iso(d.due_at),
                       "state": d.state,
                       "missed": d.missed or (d.state == "open" and now > d.due_at)}
                      for d in i.deadlines.values()],
        "written_report": None if i.written is None else {
            "at": iso(i.written.occurred_at), "course": i.written.course,
            "outcome": i.written.outcome, "hours_after_event": i.written.hours_after_event},
    }
