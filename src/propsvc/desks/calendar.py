"""The office's business calendar: public holidays and make-up working days (调休), each
added or removed as an event; deadlines counted on working days read it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from propsvc.aggregates.base import Context
from propsvc.aggregates.calendar import BusinessCalendar, calendar_id
from propsvc.calendar import YEARS, iso, parse_date
from propsvc.desks.common import load_or_none, optional
from propsvc.desks.result import Result
from propsvc.desks.service import Service
from propsvc.errors import InvalidInput
from propsvc.permissions import permit

KINDS = ("holiday", "workday")


class CalendarDesk:
    def __init__(self, service: Service) -> None:
        self.svc = service

    def add(self, kind: str, day: str, name: str | None = None) -> Result:
        """Record a public holiday or a make-up working day on ``day`` (YYYY-MM-DD)."""
        permit(self.svc.who.role, "calendar.edit")
        when = parse_date(day)
        label = optional(name)
        return self._write(lambda c, ctx: c.add(kind, when, label, ctx))

    def remove(self, kind: str, day: str) -> Result:
        permit(self.svc.who.role, "calendar.edit")
        when = parse_date(day)
        return self._write(lambda c, ctx: c.remove(kind, when, ctx))

    def _write(self, change: Any) -> Result:
        office = self.svc.who.office

        def load(ctx: Context) -> list[Any]:
            found: BusinessCalendar | None = load_or_none(self.svc, calendar_id(office))
            return [found or BusinessCalendar.begin(ctx)]

        return self.svc.act_together(load, lambda found, ctx: change(found[0], ctx), None,
                                     BusinessCalendar)

    def year(self, year: int) -> dict[str, Any]:
        """The year's public holidays and make-up days, and its working-day count."""
        if year not in YEARS:
            raise InvalidInput(f"--year {year} is out of range: use a year from 1900 to 9000")
        found: BusinessCalendar | None = load_or_none(self.svc, calendar_id(self.svc.who.office))
        days = sorted((d for d in (found.days.values() if found else ()) if d.day.year == year),
                      key=lambda d: d.day)
        cal = self.svc.planning.office_calendar
        first, count, day = date(year, 1, 1), 0, date(year, 1, 1)
        while day.year == year:
            count += cal.is_working_day(day)
            day += timedelta(days=1)
        extra = [d for d in cal.holidays | cal.workdays
                 if d.year == year and d not in {x.day for x in days}]
        rows: list[dict[str, Any]] = [
            {"day": d.day.isoformat(), "weekday": d.day.strftime("%a"), "kind": d.kind,
                 "name": d.name, "source": "calendar", "added_at": iso(d.added_at),
                 "added_by": d.added_by} for d in days]
        rows += [{"day": d.isoformat(), "weekday": d.strftime("%a"),
                  "kind": "holiday" if d in cal.holidays else "workday", "name": None,
                  "source": "profile", "added_at": None, "added_by": None}
                 for d in sorted(extra)]
        rows.sort(key=lambda r: r["day"])
        return {"office": self.svc.who.office, "year": first.year, "working_days": count,
                "days": rows}
