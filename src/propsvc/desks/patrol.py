"""Patrol findings (P1): each one a tracked matter, dispatched to its area's department
and carried over monthly until it is OK'd (S7); and the day's patrol reported to the
manager (000 §3.5.8): the day's first finding opens the day and its report deadline
(the end of the office day), the report meets it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from propsvc.aggregates import handover as h
from propsvc.aggregates.base import Context
from propsvc.aggregates.patrol import PatrolDay, patrol_day_id
from propsvc.calendar import parse_date
from propsvc.desks.common import load_or_none, optional, required
from propsvc.desks.handover import new_matter
from propsvc.desks.result import Result
from propsvc.desks.service import Service
from propsvc.errors import InvalidInput
from propsvc.i18n import _
from propsvc.permissions import permit
from propsvc.shifts import Shifts

if TYPE_CHECKING:
    from propsvc.queries.sql import Reads

PATROL_PREFIX = "XS"


class PatrolDesk:
    def __init__(self, service: Service, reads: Callable[[], Reads] | None = None) -> None:
        """``reads`` gives the read models, caught up (the day's findings for a report)."""
        self.svc = service
        self.shifts = Shifts(service.profile)
        self._reads = reads

    def record(self, area: str, finding: str, location: str | None = None,
               at: datetime | None = None) -> Result:
        """P1: a patrol finding, dispatched to the department of its area; the day's
        first finding opens the day's patrol and its report deadline."""
        permit(self.svc.who.role, "patrol.record")
        if area not in h.PATROL_AREAS:
            raise InvalidInput(_("P1: --area must be one of {value}",
                                 value=', '.join(h.PATROL_AREAS)))
        what = required(finding, "the finding (--finding)", "P1")
        return new_matter(self.svc, self.shifts, PATROL_PREFIX, h.FindingRecorded, "patrol",
                          what, at, False, also=self._day_of, area=area,
                          location=optional(location), department=h.PATROL_AREAS[area])

    def _day_of(self, ctx: Context, number: str) -> list[Any]:
        day = self.svc.calendar.local_date(ctx.occurred_at).isoformat()
        if load_or_none(self.svc, patrol_day_id(self.svc.who.office, day)) is not None:
            return []  # the day's patrol is open (or reported) already
        return [PatrolDay.open_day(day, ctx, number)]

    def report(self, to: str, day: str | None = None, note: str | None = None,
               at: datetime | None = None) -> Result:
        """P1: report the day's patrol to the manager ``to``: every finding of the day and
        those still open (a day with nothing found is reported too)."""
        permit(self.svc.who.role, "patrol.report")
        manager = required(to, "the manager reported to (--to NAME)", "P1")
        when = self._day(day, at)
        start, end = self.svc.calendar.day_bounds(when)
        found = self._findings(start, end)
        numbers = [f["number"] for f in found]
        still_open = [f["number"] for f in found if not f["ok"] and not f["voided"]]
        key = when.isoformat()

        def load(ctx: Context) -> list[Any]:
            if ctx.occurred_at < start:
                raise InvalidInput(_("P1: the patrol of {day} cannot be reported before the "
                                     "day begins", day=key))
            existing = load_or_none(self.svc, patrol_day_id(self.svc.who.office, key))
            return [existing or PatrolDay.open_day(key, ctx, None)]

        def command(days: list[Any], ctx: Context) -> None:
            days[0].report(ctx, manager, numbers, still_open, optional(note))

        return self.svc.act_together(load, command, at, PatrolDay)

    def _day(self, day: str | None, at: datetime | None) -> date:
        today = self.svc.calendar.local_date(at or self.svc.clock.now())
        when = parse_date(day) if day else today
        if when > today:
            raise InvalidInput(_("P1: {day} has not come yet: report a day's patrol on or "
                                 "after it", day=when.isoformat()))
        return when

    def _findings(self, start: datetime, end: datetime) -> list[dict[str, Any]]:
        from propsvc.queries.handover import patrol_findings

        if self._reads is None:
            return []
        return patrol_findings(self._reads(), self.svc.who.office, start, end,
                               self.svc.clock.now())
