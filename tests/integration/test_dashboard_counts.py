"""The dashboard's compliance and overdue trend are counted by the database (one grouped
query each, the weeks as office-local day bounds): they must equal the same figures
counted in Python from every deadline row, as the dashboard did before, on both stores,
across misses, late work, deferrals, visits and ticks (R3–R11)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from propsvc.calendar import OfficeCalendar
from propsvc.clock import SettableClock
from propsvc.office import Office
from propsvc.projections.tables.deadlines import deadlines
from propsvc.queries import dashboard as dash_q
from tests.integration._support import play_workload


def _week_of(cal: OfficeCalendar, when: datetime) -> str:
    day = cal.local_date(when)
    return (day - timedelta(days=day.weekday())).isoformat()


def reference(rt: Office, mondays: list[date], now: datetime
              ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Compliance and trend counted row by row in Python (the former algorithm)."""
    cal = rt.profile.office_calendar
    with rt.backend.read_engine.connect() as conn:
        rows = [r for r in conn.execute(select(deadlines)).mappings()
                if r["office"] == rt.code and r["state"] in dash_q.COUNTED]
    weeks = {m.isoformat() for m in mondays}
    cells: dict[tuple[str, str], dict[str, int]] = {}
    for r in rows:
        week = _week_of(cal, r["due_at"])
        if week not in weeks:
            continue
        cell = cells.setdefault((r["rule"], week), {"due": 0, "met": 0, "missed": 0,
                                                    "pending": 0})
        cell["due"] += 1
        due, met_at = r["due_at"], r["met_at"]
        if r["missed"] or r["late_minutes"] or (r["state"] == "met" and met_at and
                                                met_at > due):
            cell["missed"] += 1
        elif r["state"] == "met":
            cell["met"] += 1
        else:
            cell["missed" if due < now else "pending"] += 1
    compliance = []
    for (rule, week), cell in sorted(cells.items(), key=lambda kv: (
            dash_q._rule_key(kv[0][0]), kv[0][1])):
        settled = cell["met"] + cell["missed"]
        compliance.append({"rule": rule, "week": week, **cell,
                           "rate": round(cell["met"] / settled, 4) if settled else None})
    moments = [min(cal.day_bounds(m + timedelta(days=6))[1], now) for m in mondays]
    counts: list[dict[str, int]] = [{} for _ in moments]
    for r in rows:
        for i, moment in enumerate(moments):
            if r["due_at"] < moment and (r["met_at"] is None or r["met_at"] > moment):
                counts[i][r["rule"]] = counts[i].get(r["rule"], 0) + 1
    trend = [{"week": m.isoformat(), "at": t.isoformat(), "overdue": sum(c.values()),
              "by_rule": dict(sorted(c.items(), key=lambda kv: dash_q._rule_key(kv[0])))}
             for m, t, c in zip(mondays, moments, counts, strict=True)]
    return compliance, trend


def test_counted_by_the_database_as_row_by_row(make_runtime: Callable[..., Office],
                                                db_url: str, clock: SettableClock) -> None:
    rt = make_runtime(db_url)
    play_workload(rt, clock)
    cal = rt.profile.office_calendar
    checked = 0
    for later in (timedelta(0), timedelta(hours=3), timedelta(days=9)):
        now = clock.now() + later
        for weeks in (1, 2, 8):
            mondays = dash_q.week_starts(cal.local_date(now), weeks)
            compliance = dash_q.compliance(rt.backend.read_db, [rt.code], cal, mondays, now)
            trend = dash_q.overdue_trend(rt.backend.read_db, [rt.code], cal, mondays, now)
            assert (compliance, trend) == reference(rt, mondays, now), (later, weeks)
            checked += sum(c["due"] for c in compliance)
    outcomes = {k for c in dash_q.compliance(rt.backend.read_db, [rt.code], cal,
                                              dash_q.week_starts(cal.local_date(
                                                  clock.now()), 8), clock.now())
                for k in ("met", "missed", "pending") if c[k]}
    assert checked > 0 and outcomes == {"met", "missed", "pending"}  # every branch taken


def test_the_trend_seeks_the_met_index_and_no_deadline_query_scans(
        make_runtime: Callable[..., Office], db_url: str, clock: SettableClock) -> None:
    """The trend's deadlines met after the first week's end come from
    ``rm_deadlines_office_met``, the open ones and the weeks' from ``rm_deadlines_office_due``
    (the plans of the statements the dashboard really sent, with their parameters)."""
    from tests.integration.test_catch_up_plans import _plan, _record

    rt = make_runtime(db_url)
    play_workload(rt, clock)
    db = rt.backend.read_db.db
    seen = _record(db)
    rt.read.dashboard()
    plans = {sql: _plan(db, sql, params) for sql, params in seen if "rm_deadlines" in sql}
    trend = next(p for sql, p in plans.items() if "UNION ALL" in sql)
    compliance = next(p for sql, p in plans.items() if "GROUP BY 1, 2, 3" in sql)
    assert "rm_deadlines_office_met" in trend, trend
    if db.kind == "sqlite":  # PostgreSQL picks either (office, state, …) index for the rest
        assert "rm_deadlines_office_due" in trend, trend
        assert "rm_deadlines_office_due" in compliance, compliance
    for plan in plans.values():
        assert "Seq Scan on rm_deadlines" not in plan, plan
        assert not any(line.strip().startswith(("SCAN rm_deadlines", "SCAN d USING"))
                       for line in plan.splitlines()), plan
