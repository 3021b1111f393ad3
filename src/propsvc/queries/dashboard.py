"""The supervisor's dashboard figures from the deadline index: how many deadlines of each
rule fell due in each office-local week and how many were met in time, and how many stood
overdue at the end of each week (the trend). Cancelled deadlines (a voided or merged
ticket's) are left out, as in every register."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from propsvc.calendar import OfficeCalendar
from propsvc.projections._schema import deadlines
from propsvc.queries.sql import Reads, marks, table

COUNTED = ("open", "met")  # a cancelled deadline (voided or merged ticket) is not counted
FROM = f"FROM {table(deadlines, 'd')}"


def week_starts(today: date, weeks: int) -> list[date]:
    """The Mondays of the last ``weeks`` office-local weeks, oldest first, this week last."""
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def _bounds(cal: OfficeCalendar, monday: date) -> tuple[datetime, datetime]:
    return cal.day_bounds(monday)[0], cal.day_bounds(monday + timedelta(days=6))[1]


def _where(offices: list[str]) -> str:
    return (f"{FROM} WHERE d.office IN ({marks(offices)}) AND "
            f"d.state IN ({marks(COUNTED)})")


# which count a deadline falls in: missed (recorded missed, met late, or still open past
# due), met in time, or pending (open, not yet due); ``?`` is now
OUTCOME = ("CASE WHEN d.missed = ? OR COALESCE(d.late_minutes, 0) <> 0 OR "
           "(d.state = 'met' AND d.met_at > d.due_at) THEN 'missed' "
           "WHEN d.state = 'met' THEN 'met' WHEN d.due_at < ? THEN 'missed' "
           "ELSE 'pending' END")


def _week_case(bounds: list[datetime]) -> str:
    """The index of the office-local week a deadline fell due in (``?``: each week's end)."""
    return "CASE " + " ".join(f"WHEN d.due_at < ? THEN {i}" for i in range(len(bounds))) + \
        " END"


def compliance(db: Reads, offices: list[str], cal: OfficeCalendar, mondays: list[date],
               now: datetime) -> list[dict[str, Any]]:
    """Per rule and week: deadlines due, met in time, missed (met late, recorded missed, or
    still open past due), and the rate met in time; one query over the weeks' span,
    counted by the database (a week: from its Monday's office-local start to the next's)."""
    ends = [_bounds(cal, m)[1] for m in mondays]
    first = _bounds(cal, mondays[0])[0]
    found = db.values(f"SELECT d.rule, {_week_case(ends)}, {OUTCOME}, count(*) "
                      f"{_where(offices)} AND d.due_at >= ? AND d.due_at < ? "
                      "GROUP BY 1, 2, 3", (*ends, True, now, *offices, *COUNTED, first,
                                            ends[-1]))
    cells: dict[tuple[str, str], dict[str, int]] = {}
    for rule, week, outcome, n in found:
        cell = cells.setdefault((rule, mondays[int(week)].isoformat()),
                                {"due": 0, "met": 0, "missed": 0, "pending": 0})
        cell["due"] += int(n)
        cell[outcome] += int(n)
    rows = []
    for (rule, week), cell in sorted(cells.items(), key=lambda kv: (_rule_key(kv[0][0]),
                                                                    kv[0][1])):
        settled = cell["met"] + cell["missed"]
        rows.append({"rule": rule, "week": week, **cell,
                     "rate": round(cell["met"] / settled, 4) if settled else None})
    return rows


def overdue_trend(db: Reads, offices: list[str], cal: OfficeCalendar,
                  mondays: list[date], now: datetime) -> list[dict[str, Any]]:
    """Deadlines standing overdue at the end of each week (or now, for this week): due
    before that moment and not met by then. One query, counted by the database per rule
    and moment, over every deadline still open and those met after the first week's end
    (the only ones that can count)."""
    moments = [min(_bounds(cal, m)[1], now) for m in mondays]
    sums = ", ".join("sum(CASE WHEN d.due_at < ? AND (d.met_at IS NULL OR d.met_at > ?) "
                     "THEN 1 ELSE 0 END)" for _ in moments)
    where = f"WHERE d.office IN ({marks(offices)}) AND d.due_at < ?"
    found = db.values(f"SELECT d.rule, {sums} FROM (SELECT d.rule, d.due_at, d.met_at "
                      f"{FROM} {where} AND d.state = 'open' UNION ALL "
                      f"SELECT d.rule, d.due_at, d.met_at {FROM} {where} AND "
                      "d.state = 'met' AND d.met_at > ?) d GROUP BY d.rule",
                      (*(m for m in moments for _ in (1, 2)), *offices, moments[-1],
                       *offices, moments[-1], moments[0]))
    counts: list[dict[str, int]] = [{} for _ in moments]
    for rule, *per_moment in found:
        for i, n in enumerate(per_moment):
            if n:
                counts[i][rule] = int(n)
    return [{"week": m.isoformat(), "at": moment.isoformat(), "overdue": sum(c.values()),
             "by_rule": dict(sorted(c.items(), key=lambda kv: _rule_key(kv[0])))}
            for m, moment, c in zip(mondays, moments, counts, strict=True)]


def _week_of(cal: OfficeCalendar, when: datetime) -> str:
    day = cal.local_date(when)
    return (day - timedelta(days=day.weekday())).isoformat()


def _rule_key(rule: str) -> tuple[str, int]:
    digits = "".join(ch for ch in rule if ch.isdigit())
    return rule.rstrip("0123456789"), int(digits or 0)
