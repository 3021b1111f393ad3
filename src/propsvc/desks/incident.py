"""Special-incident use cases (I1–I4)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from eventsourcing.application import AggregateNotFoundError

from propsvc.aggregates.base import Context
from propsvc.aggregates.incident import CATEGORIES, Incident, incident_id
from propsvc.aggregates.playbooks import PLAYBOOKS
from propsvc.desks.common import required
from propsvc.desks.result import Result
from propsvc.desks.service import Service
from propsvc.errors import InvalidInput, NotFound
from propsvc.i18n import _
from propsvc.permissions import permit
from propsvc.vocabulary import INCIDENT_CLASSES

PREFIX = "TB"
CLASSES = INCIDENT_CLASSES.codes


class IncidentDesk:
    def __init__(self, service: Service) -> None:
        self.svc = service

    def load(self, number: str) -> Incident:
        ref = number.strip().upper()
        try:
            incident: Incident = self.svc.store.repository.get(
                incident_id(self.svc.who.office, ref))
        except AggregateNotFoundError:
            raise NotFound(_("no incident {ref} in office {office}: check the number (register "
                             "incidents lists them)", ref=ref,
                             office=self.svc.who.office)) from None
        return incident

    def report(self, *, category: str, place: str, description: str,
               happened_at: datetime | None = None, phoned_at: datetime | None = None,
               playbook: str | None = None, incident_class: str | None = None,
               linked_from: str | None = None, at: datetime | None = None
               ) -> Result:
        permit(self.svc.who.role, "incident.report")
        if category not in CATEGORIES:
            raise InvalidInput(_("I1: --category is one of {value}", value=', '.join(CATEGORIES)))
        if incident_class is not None and incident_class not in CLASSES:
            raise InvalidInput(_("I2: --class is security or engineering"))
        if playbook is not None and playbook not in PLAYBOOKS:
            raise InvalidInput(_("I4: --playbook is one of {value}", value=', '.join(PLAYBOOKS)))
        where = required(place, "the place (--place)", "I3")
        what = required(description, "what happened (--description)", "I3")
        when = at or self.svc.clock.now()
        happened = happened_at or when
        if happened > when:
            raise InvalidInput(_("I3: the incident cannot happen after it is reported"))
        if phoned_at is not None and not happened <= phoned_at <= when:
            raise InvalidInput(_("I3: --phoned-at falls between the event and this report"))

        def build(number: str, ctx: Context) -> Incident:
            return Incident.file(number, ctx, category=category,
                                 incident_class=incident_class or CATEGORIES[category],
                                 place=where, description=what, happened_at=happened,
                                 phoned_at=phoned_at, playbook=playbook,
                                 linked_from=linked_from)

        return self.svc.open_numbered(PREFIX, at, build)

    def _act(self, number: str, command: Any, at: datetime | None) -> Result:
        ref = number.strip().upper()
        return self.svc.act_on(incident_id(self.svc.who.office, ref), command, at,
                               lambda: self.load(ref))

    def step(self, number: str, step: str, playbook: str | None = None,
             note: str | None = None, at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "incident.step")
        if playbook is not None and playbook not in PLAYBOOKS:
            raise InvalidInput(_("I4: --playbook is one of {value}", value=', '.join(PLAYBOOKS)))
        key = required(step, "the step (--step)", "I4")
        return self._act(number, lambda i, c: i.do_step(c, key, playbook, note), at)

    def written_report(self, number: str, course: str, outcome: str,
                       at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "incident.written_report")
        how = required(course, "the course of events (--course)", "I3")
        result = required(outcome, "the outcome (--outcome)", "I3")
        return self._act(number, lambda i, c: i.file_written_report(c, how, result), at)
