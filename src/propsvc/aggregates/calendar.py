"""The office's business calendar (营业日历): public holidays and make-up working days.

One aggregate per office. Monday to Friday are working days unless a public holiday is
recorded; a make-up working day (调休) makes a weekend day a working day. Rules whose
window the profile counts on working days (``calendar.windows``) read it when they set a
deadline — each ``DeadlineSet`` keeps the due time it got, so a holiday added later
never moves a deadline already set.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid5

from propsvc.aggregates.base import Aggregate, Context, Event
from propsvc.aggregates.ticket import NAMESPACE
from propsvc.errors import Conflict, NotFound


def calendar_id(office: str) -> UUID:
    return uuid5(NAMESPACE, f"calendar:{office}")


@dataclass(frozen=True)
class Day:
    day: date
    kind: str  # "holiday" | "workday"
    name: str | None
    added_at: datetime
    added_by: str


class CalendarStarted(Event):
    topic = "calendar.Started"

    def create(self) -> BusinessCalendar:
        return BusinessCalendar(self.originator_id, self.timestamp, self.occurred_at)

    def apply(self, aggregate: Any) -> None:
        aggregate.office = self.office


class HolidayAdded(Event):
    topic = "calendar.HolidayAdded"
    day: date
    name: str | None = None

    def apply(self, aggregate: Any) -> None:
        aggregate.days[self.day] = Day(self.day, "holiday", self.name, self.timestamp,
                                       self.actor)


class WorkdayAdded(Event):
    """A make-up working day (调休): a weekend day worked in exchange for a holiday."""

    topic = "calendar.WorkdayAdded"
    day: date
    name: str | None = None

    def apply(self, aggregate: Any) -> None:
        aggregate.days[self.day] = Day(self.day, "workday", self.name, self.timestamp,
                                       self.actor)


class DayRemoved(Event):
    """A holiday or make-up day taken off the calendar (entered by mistake)."""

    topic = "calendar.DayRemoved"
    day: date
    kind: str

    def apply(self, aggregate: Any) -> None:
        aggregate.days.pop(self.day, None)


class BusinessCalendar(Aggregate):
    subject = "calendar"

    def __init__(self, id: UUID, created_on: datetime, occurred_at: datetime) -> None:
        super().__init__(id, created_on, occurred_at)
        self.office = ""
        self.days: dict[date, Day] = {}

    @property
    def ref(self) -> str:
        return self.office

    @property
    def status(self) -> str:
        return f"{len(self.holidays)} holidays, {len(self.workdays)} make-up days"

    @property
    def holidays(self) -> set[date]:
        return {d.day for d in self.days.values() if d.kind == "holiday"}

    @property
    def workdays(self) -> set[date]:
        return {d.day for d in self.days.values() if d.kind == "workday"}

    @classmethod
    def begin(cls, ctx: Context) -> BusinessCalendar:
        return cls.start(CalendarStarted, calendar_id(ctx.office), ctx)

    def add(self, kind: str, day: date, name: str | None, ctx: Context) -> None:
        found = self.days.get(day)
        if found is not None:
            what = "a public holiday" if found.kind == "holiday" else "a make-up working day"
            raise Conflict(f"{day.isoformat()} is already {what}"
                           + (f" ({found.name})" if found.name else "")
                           + ": remove it first (calendar holiday remove / workday remove)")
        if kind == "workday" and day.weekday() < 5:
            raise Conflict(f"{day.isoformat()} is a {day.strftime('%A')}, already a working "
                           "day: a make-up day (调休) is a Saturday or Sunday")
        self.record(HolidayAdded if kind == "holiday" else WorkdayAdded, ctx, day=day,
                    name=name)

    def remove(self, kind: str, day: date, ctx: Context) -> None:
        found = self.days.get(day)
        if found is None or found.kind != kind:
            noun = "public holiday" if kind == "holiday" else "make-up working day"
            raise NotFound(f"{day.isoformat()} is not a {noun} of office {self.office}: "
                           "see calendar show")
        self.record(DayRemoved, ctx, day=day, kind=kind)
