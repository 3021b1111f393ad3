"""Vacant-unit deadlines (Q4): every vacant unit is inspected each month. The application
opens the first month's inspection; each inspection meets the one open and opens the next
(while the vacancy lasts); the end of the vacancy cancels what is still open."""

from __future__ import annotations

from datetime import date, timedelta

from propsvc.aggregates.base import Event
from propsvc.aggregates.vacancy import Vacancy, VacancyApplied, VacancyEnded, VacancyInspected
from propsvc.calendar import OfficeCalendar, parse_month
from propsvc.i18n import N_
from propsvc.policies.base import Action, Cancel, Meet, Open
from propsvc.profile import Profile


def inspection_key(period: int, month: str) -> str:
    return f"Q4.inspect#{period}#{month}"


def month_after(month: str, months: int) -> str:
    first = parse_month(month)
    index = first.month - 1 + months
    return f"{first.year + index // 12:04d}-{index % 12 + 1:02d}"


def plan_vacancy(event: Event, v: Vacancy, profile: Profile) -> list[Action]:
    cal = profile.office_calendar
    if isinstance(event, VacancyApplied):
        first = max(event.starts_on, cal.local_date(event.occurred_at))
        return [_inspection(v, cal, f"{first.year:04d}-{first.month:02d}", event)]
    if isinstance(event, VacancyInspected):
        actions: list[Action] = [Meet(k) for k in _open_keys(v)]
        current = v.current
        nxt = month_after(event.month, profile.services.vacancy_inspection_months)
        if current is not None and parse_month(nxt) <= current.ends_on:
            actions.append(_inspection(v, cal, nxt, event))
        return actions
    if isinstance(event, VacancyEnded):
        return [Cancel(k, f"vacancy ended ({event.reason})") for k in _open_keys(v)]
    return []


def _open_keys(v: Vacancy) -> list[str]:
    return [k for k, d in v.deadlines.items()
            if k.startswith("Q4.inspect#") and d.state == "open"]


def _inspection(v: Vacancy, cal: OfficeCalendar, month: str, opened: Event) -> Open:
    end = cal.month_bounds(month)[1] - timedelta(microseconds=1)
    minutes = max(1, int((end - opened.occurred_at).total_seconds() // 60))
    return Open(inspection_key(v.period, month), "Q4",
                N_("monthly inspection of the vacant unit"), end, minutes, N_("vacancy month"),
                "escalate:supervisor")


def ends_within(starts_on: date, ends_on: date, months: int) -> bool:
    """Q4: a period shorter than ``months`` calendar months."""
    index = starts_on.month - 1 + months
    year, month = starts_on.year + index // 12, index % 12 + 1
    last = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day
    return ends_on < date(year, month, min(starts_on.day, last))
