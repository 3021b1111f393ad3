"""The supervisor's dashboard figures from the deadline index: how many deadlines of each
rule fell due in each office-local week and how many were met in time, and how many stood
overdue at the end of each week (the trend). Cancelled deadlines (a voided or merged
ticket's) are left out, as in every register."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from propsvc.calendar import OfficeCalendar
from propsvc.projections._schema import deadlines
from propsvc.queries.sql import Reads, cols, marks, table

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


def compliance(db: Reads, offices: list[str], cal: OfficeCalendar, mondays: list[date],
               now: datetime) -> list[dict[str, Any]]:
    """Per rule and week: deadlines due, met in time, missed (met late, recorded missed, or
    still open past due), and the rate met in time; one query over the weeks' span."""
    first, last = _bounds(cal, mondays[0])[0], _bounds(cal, mondays[-1])[1]
    found = db.rows(cols(deadlines, "d", "rule", "due_at", "state", "missed", "met_at",
                         "late_minutes"),
                    f"{_where(offices)} AND d.due_at >= ? AND d.due_at < ?",
                    (*offices, *COUNTED, first, last))
    weeks = {m.isoformat() for m in mondays}
    cells: dict[tuple[str, str], dict[str, int]] = {}
    for row in found:
        due = row["due_at"]
        week = _week_of(cal, due)
        if week not in weeks:
            continue
        cell = cells.setdefault((row["rule"], week), {"due": 0, "met": 0, "missed": 0,
                                                      "pending": 0})
        cell["due"] += 1
        cell[_outcome(row, now)] += 1
    rows = []
    for (rule, week), cell in sorted(cells.items(), key=lambda kv: (_rule_key(kv[0][0]),
                                                                    kv[0][1])):
        settled = cell["met"] + cell["missed"]
        rows.append({"rule": rule, "week": week, **cell,
                     "rate": round(cell["met"] / settled, 4) if settled else None})
    return rows


def _outcome(row: dict[str, Any], now: datetime) -> str:
    """Which count a deadline falls in: missed, met (in time) or pending."""
    due, state, met_at = row["due_at"], row["state"], row["met_at"]
    if row["missed"] or row["late_minutes"] or (state == "met" and met_at and met_at > due):
        return "missed"
    if state == "met":
        return "met"
    return "missed" if due < now else "pending"


def overdue_trend(db: Reads, offices: list[str], cal: OfficeCalendar,
                  mondays: list[date], now: datetime) -> list[dict[str, Any]]:
    """Deadlines standing overdue at the end of each week (or now, for this week): due
    before that moment and not met by then. One query: every deadline still open, and
    those met after the first week's end (the only ones that can count)."""
    moments = [min(_bounds(cal, m)[1], now) for m in mondays]
    found = db.rows(cols(deadlines, "d", "rule", "due_at", "met_at"),
                    f"{_where(offices)} AND d.due_at < ? AND (d.state = 'open' OR "
                    "d.met_at > ?)", (*offices, *COUNTED, moments[-1], moments[0]))
    counts: list[dict[str, int]] = [{} for _ in moments]
    for row in found:
        rule, due, met_at = row["rule"], row["due_at"], row["met_at"]
        for i, moment in enumerate(moments):
            if due < moment and (met_at is None or met_at > moment):
                counts[i][rule] = counts[i].get(rule, 0) + 1
    return [{"week": m.isoformat(), "at": moment.isoformat(), "overdue": sum(c.values()),
             "by_rule": dict(sorted(c.items(), key=lambda kv: _rule_key(kv[0])))}
            for m, moment, c in zip(mondays, moments, counts, strict=True)]


def _week_of(cal: OfficeCalendar, when: datetime) -> str:
    day = cal.local_date(when)
    return (day - timedelta(days=day.weekday())).isoformat()


def _rule_key(rule: str) -> tuple[str, int]:
    digits = "".join(ch for ch in rule if ch.isdigit())
    return rule.rstrip("0123456789"), int(digits or 0)
