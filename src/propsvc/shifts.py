"""Shifts of an office (S1): day and night, from the profile's start times, office-local.

A shift is named ``YYYY-MM-DD/day`` or ``YYYY-MM-DD/night``; the night shift belongs to
the date it starts on (a 03:00 call is in the previous date's night shift).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from propsvc.calendar import OfficeCalendar, parse_date
from propsvc.errors import InvalidInput
from propsvc.i18n import _
from propsvc.profile import Profile

SHIFTS = ("day", "night")


@dataclass(frozen=True)
class ShiftSpan:
    day: date
    which: str
    starts_at: datetime
    ends_at: datetime

    @property
    def key(self) -> str:
        return f"{self.day.isoformat()}/{self.which}"


def _hhmm(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


class Shifts:
    def __init__(self, profile: Profile) -> None:
        self.cal: OfficeCalendar = profile.office_calendar
        self.day_start = _hhmm(profile.calendar.day_shift_start)
        self.night_start = _hhmm(profile.calendar.night_shift_start)

    def _at(self, day: date, when: time) -> datetime:
        return self.cal.day_start(day) + timedelta(hours=when.hour, minutes=when.minute)

    def span(self, day: date, which: str) -> ShiftSpan:
        if which not in SHIFTS:
            raise InvalidInput(_("S1: shift {which!r} must be day or night", which=which))
        if which == "day":
            return ShiftSpan(day, which, self._at(day, self.day_start),
                             self._at(day, self.night_start))
        return ShiftSpan(day, which, self._at(day, self.night_start),
                         self._at(day + timedelta(days=1), self.day_start))

    def of(self, when: datetime) -> ShiftSpan:
        """The shift on duty at ``when``."""
        today = self.cal.local_date(when)
        for day in (today - timedelta(days=1), today):
            for which in SHIFTS:
                span = self.span(day, which)
                if span.starts_at <= when < span.ends_at:
                    return span
        raise InvalidInput(_("S1: the profile's shift start times leave a gap"))

    def parse(self, text: str) -> ShiftSpan:
        """``2026-11-22/day`` back into its span."""
        day, _sep, which = text.partition("/")
        return self.span(parse_date(day), which)
