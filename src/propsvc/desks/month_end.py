"""Closing a month of the carry-over file (S7): the previous month must be closed first
when it holds items; the archive is the month's file as it stood at its end."""

from __future__ import annotations

from typing import TYPE_CHECKING

from propsvc.calendar import parse_month
from propsvc.errors import RuleViolation
from propsvc.queries.handover import carryover_file, carryover_live, previous_month

if TYPE_CHECKING:
    from propsvc.desks.common import Recorded
    from propsvc.office.runtime import Runtime


def close_month(rt: Runtime, month: str) -> Recorded:
    parse_month(month)
    rt.require_existing()
    rt.catch_up()
    now, cal, engine = rt.clock.now(), rt.profile.office_calendar, rt.read_engine
    before = carryover_file(engine, rt.office, cal, previous_month(month), now)
    if not before["archived"] and before["rows"]:
        raise RuleViolation("S7", f"close {previous_month(month)} first: its open items "
                            f"are copied into {month}'s file")
    end = cal.month_bounds(month)[1]
    return rt.handover.close_month(
        month, end, lambda: carryover_live(engine, rt.office, cal, month, now))
