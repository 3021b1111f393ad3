"""Office-local calendar: time zone, days, months, shifts and time parsing.

Storage is UTC; every "day", "month" or "end of the same day" is in the office's zone.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from propsvc.errors import InvalidInput
from propsvc.i18n import _

# The office whose time human texts show: set when an Office opens (per command, per
# request on a server); errors and messages deep in the domain use it through shown().
_ZONE: ContextVar[str] = ContextVar("propsvc_office_zone", default="Asia/Shanghai")
_TIME_ONLY = re.compile(r"^\d{1,2}:\d{2}(:\d{2})?$")
# How a rule's window counts time (profile calendar.windows): every minute, only the
# minutes of working days, or only the minutes of business hours on working days.
BASES = ("calendar", "working-days", "working-hours")


@dataclass(frozen=True)
class OfficeCalendar:
    timezone: str = "Asia/Shanghai"
    go_live: date = date(2000, 1, 1)  # no business time before it (profile calendar.go_live)
    holidays: frozenset[date] = field(default_factory=frozenset)  # public holidays (节假日)
    workdays: frozenset[date] = field(default_factory=frozenset)  # make-up working days (调休)
    hours: tuple[time, time] = (time(8, 30), time(17, 30))  # business hours, working-hours basis

    def is_working_day(self, day: date) -> bool:
        """Monday to Friday unless a public holiday; a make-up day (调休) works anyway."""
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def counted(self, day: date, basis: str) -> tuple[datetime, datetime] | None:
        """The stretch of ``day`` a window of ``basis`` counts (UTC), or None."""
        if basis == "calendar":
            return self.day_bounds(day)
        if not self.is_working_day(day):
            return None
        if basis == "working-days":
            return self.day_bounds(day)
        opens, closes = self.hours
        return (datetime.combine(day, opens, self.zone).astimezone(UTC),
                datetime.combine(day, closes, self.zone).astimezone(UTC))

    def due(self, start: datetime, minutes: int, basis: str = "calendar") -> datetime:
        """When ``minutes`` of counted time have passed since ``start``: every minute on
        the calendar basis; on the others only minutes inside what ``counted`` allows
        (a window opened on a holiday starts on the next working day)."""
        if basis == "calendar":
            return start + timedelta(minutes=minutes)
        left = timedelta(minutes=minutes)
        day = self.local_date(start)
        for _day in range(3660):  # ten years of days: no profile window is longer
            stretch = self.counted(day, basis)
            if stretch is not None:
                begin, end = max(stretch[0], start), stretch[1]
                if begin < end:
                    if begin + left <= end:
                        return begin + left
                    left -= end - begin
            day += timedelta(days=1)
        raise InvalidInput(f"no working days in the ten years after {day.isoformat()}: "
                           "check the business calendar (calendar show)")

    def minutes_per_day(self, basis: str) -> int:
        """A "day" of a rule's window in counted minutes (business hours: their length)."""
        if basis != "working-hours":
            return 24 * 60
        opens, closes = self.hours
        return (closes.hour * 60 + closes.minute) - (opens.hour * 60 + opens.minute)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def local(self, when: datetime) -> datetime:
        return when.astimezone(self.zone)

    def local_date(self, when: datetime) -> date:
        return self.local(when).date()

    def day_start(self, day: date) -> datetime:
        try:
            return datetime.combine(day, time.min, self.zone).astimezone(UTC)
        except OverflowError:  # 0001-01-01 east of UTC, 9999-12-31 west of it
            raise InvalidInput(_("date {day} is out of range: use a date after the office's "
                                 "go-live date {go_live}",
                                 day=day.isoformat(), go_live=self.go_live.isoformat())) from None

    def day_bounds(self, day: date) -> tuple[datetime, datetime]:
        if day >= date.max:
            raise InvalidInput(_("date {day} is out of range", day=day.isoformat()))
        return self.day_start(day), self.day_start(day + timedelta(days=1))

    def end_of_day(self, when: datetime) -> datetime:
        """The last instant of the office-local day containing ``when``."""
        return self.day_start(self.local_date(when) + timedelta(days=1)) - timedelta(
            microseconds=1
        )

    def add_months(self, when: datetime, months: int) -> datetime:
        """The same office-local time ``months`` calendar months later (the 31st becomes
        the month's last day)."""
        local = self.local(when)
        index = local.month - 1 + months
        year, month = local.year + index // 12, index % 12 + 1
        last = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day
        return local.replace(year=year, month=month, day=min(local.day, last)
                             ).astimezone(UTC)

    def month_of(self, when: datetime) -> str:
        """The office-local month of ``when`` as YYYY-MM."""
        return self.local(when).strftime("%Y-%m")

    def month_bounds(self, month: str) -> tuple[datetime, datetime]:
        first = parse_month(month)
        nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
        return self.day_start(first), self.day_start(nxt)

    def parse_time(self, text: str, *, today: datetime | None = None) -> datetime:
        """Parse a user-typed time. Naive times are office-local.

        Accepts ISO 8601 (``2026-11-22T09:03``, ``2026-11-22 09:03``, with or without an
        offset) and, when ``today`` is given, a bare ``HH:MM`` on that office-local day.
        """
        raw = text.strip()
        if _TIME_ONLY.match(raw) and today is not None:
            hhmm = raw.zfill(len(raw) + (raw.index(":") == 1))  # 9:03 -> 09:03
            raw = f"{self.local_date(today).isoformat()}T{hhmm}"
        try:
            parsed = datetime.fromisoformat(raw)
        except ValueError:
            raise InvalidInput(
                _("cannot read time {text!r}: use YYYY-MM-DD HH:MM (office time) or ISO 8601",
                  text=text)
            ) from None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=self.zone)
        try:
            moment = parsed.astimezone(UTC)
            local_day = self.local_date(moment)
        except (OverflowError, ValueError):
            raise InvalidInput(_("time {text!r} is out of range: use a date after the office's "
                                 "go-live date {go_live}",
                                 text=text, go_live=self.go_live.isoformat())) from None
        if local_day.year not in YEARS:  # a shift or a day around it would overflow
            raise InvalidInput(_("time {text!r} is out of range: use a year from 1900 to 9000",
                                 text=text))
        if local_day < self.go_live:
            raise InvalidInput(_("time {text!r} is before the office's go-live date {go_live} "
                                 "(profile calendar.go_live): check the date",
                                 text=text, go_live=self.go_live.isoformat()))
        return moment


YEARS = range(1900, 9001)  # dates a register can be asked for (no arithmetic overflows)


def parse_date(text: str) -> date:
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(_("cannot read date {text!r}: use YYYY-MM-DD", text=text)) from None
    if day.year not in YEARS:
        raise InvalidInput(_("date {text!r} is out of range: use a year from 1900 to 9000",
                             text=text))
    return day


def parse_month(text: str) -> date:
    match = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise InvalidInput(_("cannot read month {text!r}: use YYYY-MM", text=text))
    if int(match.group(1)) not in YEARS:
        raise InvalidInput(_("month {text!r} is out of range: use a year from 1900 to 9000",
                             text=text))
    return date(int(match.group(1)), int(match.group(2)), 1)


def use_office_zone(timezone: str) -> None:
    """Human texts of this command or request show times in ``timezone``."""
    _ZONE.set(timezone)


def office_zone() -> str:
    """The time zone of the office this command or request serves."""
    return _ZONE.get()


def shown(when: datetime | date | None) -> str:
    """A time as a human text shows it: office-local ``YYYY-MM-DD HH:MM`` (never UTC;
    JSON keeps ISO 8601 with its offset); a date as ``YYYY-MM-DD``; none as ``—``."""
    if when is None:
        return "—"
    if not isinstance(when, datetime):
        return when.isoformat()
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(ZoneInfo(_ZONE.get())).strftime("%Y-%m-%d %H:%M")


def iso(when: datetime | None) -> str | None:
    """ISO 8601 in UTC with offset, the form every --json output uses."""
    return None if when is None else when.astimezone(UTC).isoformat()
