"""Closing a month of the carry-over file (S7): the previous month must be closed first
when it holds items; the archive is the month's file exactly as it stood at its end."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

from propsvc.aggregates import handover as h
from propsvc.aggregates.base import Context
from propsvc.calendar import parse_month, shown
from propsvc.desks.common import load_or_none
from propsvc.desks.result import Result
from propsvc.desks.service import Service
from propsvc.errors import RuleViolation
from propsvc.i18n import _
from propsvc.permissions import permit
from propsvc.queries.handover import carryover_file, carryover_live, previous_month


class MonthEnd:
    """``catch_up`` brings the read models up to date (the month's file is read from
    them); ``read_engine`` is where they are read."""

    def __init__(self, service: Service, read_engine: Engine,
                 catch_up: Callable[[], object]) -> None:
        self.svc, self.engine, self.catch_up = service, read_engine, catch_up

    def close_month(self, month: str) -> Result:
        parse_month(month)
        self.catch_up()
        office, cal, now = self.svc.who.office, self.svc.calendar, self.svc.clock.now()
        before = carryover_file(self.engine, office, cal, previous_month(month), now)
        if not before["archived"] and before["rows"]:
            raise RuleViolation("S7", _("close {previous_month} first: its open items are copied "
                                        "into {month}'s file",
                                        previous_month=previous_month(month), month=month))
        permit(self.svc.who.role, "carryover.close_month")
        return self._archive(month, lambda: carryover_live(self.engine, office, cal, month,
                                                           now))

    def _archive(self, month: str, rows: Callable[[], list[dict[str, Any]]]) -> Result:
        """S7: archive the month exactly as ``rows`` lists it (computed as of its end)."""
        month_end = self.svc.calendar.month_bounds(month)[1]
        office = self.svc.who.office

        def load(ctx: Context) -> list[Any]:
            if month_end > ctx.occurred_at:
                raise RuleViolation("S7", _("month {month} has not ended yet (it ends "
                                            "{month_end}): close it after its last day",
                                            month=month, month_end=shown(month_end)))
            fid = h.file_id(office, month)
            done: h.CarryoverFile | None = load_or_none(self.svc, fid)
            if done is not None:
                raise RuleViolation("S7", _("month {month} was already closed at {created_on}: "
                                            "an archived month never changes",
                                            month=month, created_on=shown(done.created_on)))
            return [h.CarryoverFile.start(h.MonthClosed, fid, ctx, month=month,
                                          items=rows())]

        return self.svc.act_together(load, lambda a, c: None, None, h.CarryoverFile)
