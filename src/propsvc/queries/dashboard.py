"""The supervisor's dashboard figures from the deadline index: how many deadlines of each
rule fell due in each office-local week and how many were met in time, and how many stood
overdue at the end of each week (the trend). Cancelled deadlines (a voided or merged
ticket's) are left out, as in every register."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, and_, or_, select

from propsvc.calendar import OfficeCalendar
from propsvc.projections.tables.deadlines import deadlines


def week_starts(today: date, weeks: int) -> list[date]:
    """The Mondays of the last ``weeks`` office-local weeks, oldest first, this week last."""
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def _bounds(cal: OfficeCalendar, monday: date) -> tuple[datetime, datetime]:
    return cal.day_bounds(monday)[0], cal.day_bounds(monday + timedelta(days=6))[1]


def compliance(engine: Engine, offices: list[str], cal: OfficeCalendar, mondays: list[date],
               now: datetime) -> list[dict[str, Any]]:
    """Per rule and week: deadlines due, met in time, missed (met late, recorded missed, or
    still open past due), and the rate met in time; one query over the weeks' span."""
    first, last = _bounds(cal, mondays[0])[0], _bounds(cal, mondays[-1])[1]
    d = deadlines.c
    query = (select(d.rule, d.due_at, d.state, d.missed, d.met_at, d.late_minutes)
             .where(d.office.in_(offices), d.state != "cancelled", d.due_at >= first,
                    d.due_at < last))
    weeks = {m.isoformat(): _bounds(cal, m) for m in mondays}
    table: dict[tuple[str, str], dict[str, int]] = {}
    with engine.connect() as conn:
        for rule, due, state, missed, met_at, late in conn.execute(query).tuples():
            week = _week_of(cal, due)
            if week not in weeks:
                continue
            cell = table.setdefault((rule, week), {"due": 0, "met": 0, "missed": 0,
                                                   "pending": 0})
            cell["due"] += 1
            if missed or late or (state == "met" and met_at and met_at > due):
                cell["missed"] += 1
            elif state == "met":
                cell["met"] += 1
            elif due < now:
                cell["missed"] += 1
            else:
                cell["pending"] += 1
    rows = []
    for (rule, week), cell in sorted(table.items(), key=lambda kv: (_rule_key(kv[0][0]),
                                                                    kv[0][1])):
        settled = cell["met"] + cell["missed"]
        rows.append({"rule": rule, "week": week, **cell,
                     "rate": round(cell["met"] / settled, 4) if settled else None})
    return rows


def overdue_trend(engine: Engine, offices: list[str], cal: OfficeCalendar,
                  mondays: list[date], now: datetime) -> list[dict[str, Any]]:
    """Deadlines standing overdue at the end of each week (or now, for this week): due
    before that moment and not met by then."""
    d = deadlines.c
    out = []
    with engine.connect() as conn:
        for monday in mondays:
            moment = min(_bounds(cal, monday)[1], now)
            query = select(d.rule).where(
                d.office.in_(offices), d.state != "cancelled", d.due_at < moment,
                or_(d.state == "open", and_(d.met_at.is_not(None), d.met_at > moment)))
            count = 0
            by_rule: dict[str, int] = {}
            for (rule,) in conn.execute(query).tuples():
                count += 1
                by_rule[rule] = by_rule.get(rule, 0) + 1
            out.append({"week": monday.isoformat(), "at": moment.isoformat(),
                        "overdue": count, "by_rule": by_rule})
    return out


def _week_of(cal: OfficeCalendar, when: datetime) -> str:
    day = cal.local_date(when)
    return (day - timedelta(days=day.weekday())).isoformat()


def _rule_key(rule: str) -> tuple[str, int]:
    digits = "".join(ch for ch in rule if ch.isdigit())
    return rule.rstrip("0123456789"), int(digits or 0)
