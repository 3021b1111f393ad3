"""Special incidents (特别事件, I1–I4): their own aggregate, numbered TB-YYYYMMDD-NNN.

Reported at once up to the property director and classified as security or engineering
(I2); a written report reaches the company within 24 h of the event, or 36 h when a phone
report came first (I3); emergency playbooks are checklists whose steps are recorded (I4).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

from propsvc.aggregates.base import Aggregate, Context, Event
from propsvc.aggregates.deadlines import Escalated, HasDeadlines
from propsvc.aggregates.playbooks import PLAYBOOKS
from propsvc.aggregates.ticket import NAMESPACE
from propsvc.errors import MissingInput, RuleViolation
from propsvc.i18n import _

# I1 (and H1's security incidents and disasters), with their I2 class.
CATEGORIES = {
    "theft": "security", "robbery": "security", "fight": "security",
    "homicide": "security", "poisoning": "security", "traffic-accident": "security",
    "fire": "security", "staff-misconduct": "security", "protected-person": "security",
    "flood": "engineering", "building-defect": "engineering",
    "facility-damage": "engineering", "renovation-violation": "engineering",
}
# I2: who is told at once, by class.
TOLD = {"security": ("property-director", "operations-head"),
        "engineering": ("property-director", "engineering-adviser")}


def incident_id(office: str, number: str) -> UUID:
    return uuid5(NAMESPACE, f"incident:{office}:{number.upper()}")


class IncidentReported(Event):
    topic = "incident.Reported"
    number: str
    category: str
    incident_class: str
    place: str
    description: str
    happened_at: datetime
    phoned_at: datetime | None = None
    playbook: str | None = None
    linked_from: str | None = None

    def create(self) -> Incident:
        return Incident(self.originator_id, self.timestamp, self.occurred_at)

    def apply(self, aggregate: Any) -> None:
        i: Incident = aggregate
        i.report, i.number, i.office = self, self.number, self.office
        i.playbook = self.playbook


class PlaybookStepDone(Event):
    topic = "incident.PlaybookStepDone"
    playbook: str
    step: str
    text: str
    note: str | None = None

    def apply(self, aggregate: Any) -> None:
        aggregate.playbook = self.playbook
        aggregate.steps.append(self)


class WrittenReportFiled(Event):
    topic = "incident.WrittenReportFiled"
    happened_at: datetime
    place: str
    course: str
    outcome: str
    hours_after_event: float

    def apply(self, aggregate: Any) -> None:
        aggregate.written = self
        aggregate.status = "reported"


class Incident(HasDeadlines, Aggregate):
    subject = "incident"

    def __init__(self, id: UUID, created_on: datetime, occurred_at: datetime) -> None:
        super().__init__(id, created_on, occurred_at)
        self.report: IncidentReported
        self.number = ""
        self.office = ""
        self.kind = "incident"
        self.status = "open"
        self.playbook: str | None = None
        self.steps: list[PlaybookStepDone] = []
        self.written: WrittenReportFiled | None = None
        self.init_deadlines()

    @property
    def ref(self) -> str:
        return self.number

    @classmethod
    def file(cls, number: str, ctx: Context, **data: Any) -> Incident:
        incident = cls.start(IncidentReported, incident_id(ctx.office, number), ctx,
                             number=number, **data)
        for to in TOLD[incident.report.incident_class]:
            incident.trigger(Escalated, ctx, rule="I2", to=to, automatic=True,
                             reason=f"{incident.report.category} at {incident.report.place}")
        return incident

    def do_step(self, ctx: Context, step: str, playbook: str | None, note: str | None) -> None:
        book = playbook or self.playbook
        if book is None:
            raise MissingInput("I4", _("{number} has no playbook yet: give --playbook ({value})",
                                        number=self.number, value=', '.join(PLAYBOOKS)))
        if self.playbook is not None and book != self.playbook:
            raise RuleViolation("I4", _("{number} follows the {playbook} playbook",
                                        number=self.number, playbook=self.playbook))
        if step not in PLAYBOOKS[book]:
            raise RuleViolation("I4", _("{step!r} is not a step of the {book} playbook: {value}",
                                        step=step, book=book, value=', '.join(PLAYBOOKS[book])))
        if any(s.step == step for s in self.steps):
            raise RuleViolation("I4", _("{number}: step {step} was already recorded",
                                        number=self.number, step=step))
        self.trigger(PlaybookStepDone, ctx, playbook=book, step=step,
                     text=PLAYBOOKS[book][step], note=note)

    def file_written_report(self, ctx: Context, course: str, outcome: str) -> None:
        if self.written is not None:
            raise RuleViolation("I3", _("{number}: the written report was already filed",
                                        number=self.number))
        r = self.report
        hours = (ctx.occurred_at - r.happened_at).total_seconds() / 3600
        self.trigger(WrittenReportFiled, ctx, happened_at=r.happened_at, place=r.place,
                     course=course, outcome=outcome, hours_after_event=round(hours, 2))

    def pending_steps(self) -> list[str]:
        if self.playbook is None:
            return []
        done = {s.step for s in self.steps}
        return [s for s in PLAYBOOKS[self.playbook] if s not in done]
