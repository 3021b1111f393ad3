"""The day's patrol (P1, 000 §3.5.8 "向物业经理报告当天巡视状况及解决进度"): one
``PatrolDay`` per office and office-local day. It opens with the day's first finding
(the patrol happened), which sets the deadline to report the day to the manager; the
report records what was found, what is still open, and to whom it went.

The findings themselves are ``handover.Matter``s (``XS-…``); a day is reported once,
and a later report of the same day (more found after it) is a further report, never an
edit of the first."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

from propsvc.aggregates.base import Aggregate, Context, Event
from propsvc.aggregates.deadlines import HasDeadlines
from propsvc.aggregates.ticket import NAMESPACE


def patrol_day_id(office: str, day: str) -> UUID:
    return uuid5(NAMESPACE, f"patrol-day:{office}:{day}")


class PatrolDayOpened(Event):
    """P1: the day's patrol has begun — its first finding (``first``) was recorded; or
    the day is reported with nothing found (``first`` is None)."""

    topic = "patrol.DayOpened"
    day: str
    first: str | None

    def create(self) -> PatrolDay:
        return PatrolDay(self.originator_id, self.timestamp, self.occurred_at)

    def apply(self, aggregate: Any) -> None:
        aggregate.day, aggregate.first = self.day, self.first


class PatrolReported(Event):
    """P1: the day's patrol reported to the manager — the findings and their progress."""

    topic = "patrol.Reported"
    rule: str = "P1"
    day: str
    to: str  # the manager reported to
    findings: list[str]  # every finding of the day, by number
    still_open: list[str]  # those not OK'd when reported
    note: str | None

    def apply(self, aggregate: Any) -> None:
        aggregate.reports.append(self)


class PatrolDay(HasDeadlines, Aggregate):
    subject = "patrol-day"

    def __init__(self, id: UUID, created_on: datetime, occurred_at: datetime) -> None:
        super().__init__(id, created_on, occurred_at)
        self.day = ""
        self.first: str | None = None
        self.reports: list[PatrolReported] = []
        self.init_deadlines()

    @property
    def ref(self) -> str:
        return self.day

    @property
    def status(self) -> str:
        return "reported" if self.reports else "patrolled"

    @classmethod
    def open_day(cls, day: str, ctx: Context, first: str | None) -> PatrolDay:
        return cls.start(PatrolDayOpened, patrol_day_id(ctx.office, day), ctx, day=day,
                         first=first)

    def report(self, ctx: Context, to: str, findings: list[str], still_open: list[str],
               note: str | None) -> None:
        self.trigger(PatrolReported, ctx, day=self.day, to=to, findings=findings,
                     still_open=still_open, note=note)
