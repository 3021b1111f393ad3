"""What a deadline policy can ask for: open a deadline, meet it, or cancel it.

Every policy is a pure function of the event, the aggregate just after it, and the
profile. The numbers used are copied into the ``DeadlineSet`` event, so later profile
edits never rewrite history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from propsvc.aggregates.ticket import Ticket
from propsvc.profile import Profile


@dataclass(frozen=True)
class Open:
    key: str
    rule: str
    label: str
    due_at: datetime
    limit_minutes: int
    basis: str
    on_miss: str | None = None


@dataclass(frozen=True)
class Meet:
    key: str


@dataclass(frozen=True)
class Cancel:
    key: str
    reason: str


@dataclass(frozen=True)
class Pause:
    key: str


@dataclass(frozen=True)
class Resume:
    key: str


Action = Open | Meet | Cancel | Pause | Resume


def key(rule: str, name: str, ticket: Ticket) -> str:
    return f"{rule}.{name}#{ticket.cycle}"


def open_after(rule: str, name: str, ticket: Ticket, label: str, start: datetime, minutes: int,
          basis: str, on_miss: str | None) -> Open:
    return Open(key(rule, name, ticket), rule, label, start + timedelta(minutes=minutes),
                minutes, basis, on_miss)


def open_within(p: Profile, window: str, name: str, ticket: Ticket, label: str,
                start: datetime, minutes: int, basis: str, on_miss: str | None,
                *, days: int | None = None) -> Open:
    """A deadline whose window the profile may count on working days or hours
    (``calendar.windows``): the due time comes from the office's business calendar.
    ``days`` gives a day-long window in days (a working-hours day is the business
    hours' length); otherwise ``minutes`` is the window's length."""
    rule = window.split(".")[0]
    counting = p.calendar.basis(window)
    cal = p.office_calendar
    if days is not None:
        minutes = days * cal.minutes_per_day(counting)
    if counting == "calendar":
        return open_after(rule, name, ticket, label, start, minutes, basis, on_miss)
    noun = "working days" if counting == "working-days" else "working hours"
    return Open(key(rule, name, ticket), rule, label, cal.due(start, minutes, counting),
                minutes, f"{basis} ({noun})", on_miss)
