"""Read-side access: registers and lists from the read-model tables (indexed queries)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, select

from propsvc.calendar import OfficeCalendar, iso
from propsvc.profile import Profile
from propsvc.projections.tables.deadlines import deadlines
from propsvc.projections.tables.ticket import completions, tickets
from propsvc.projections.tables.visit import visits

OPEN = ("received", "ordered", "on_site", "assessing", "working", "deferred",
        "classified", "dispatched", "replied", "agreed")


def _json(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in row.items():
        if isinstance(v, datetime):
            out[k] = iso(v)
        elif isinstance(v, Decimal):
            out[k] = str(v)
        else:
            out[k] = v
    return out


def repair_register(engine: Engine, office: str, start: datetime, end: datetime
                    ) -> list[dict[str, Any]]:
    """业主报修记录表: every repair call received in [start, end), oldest first."""
    t = tickets.c
    query = (select(tickets).where(t.office == office, t.kind == "repair",
                                   t.opened_at >= start, t.opened_at < end)
             .order_by(t.opened_at, t.number))
    with engine.connect() as conn:
        return [_json(dict(r)) for r in conn.execute(query).mappings()]


def daily_repairs(engine: Engine, office: str, cal: OfficeCalendar, day: date
                  ) -> dict[str, Any]:
    """维修日报表 (R8, R15): the day's repairs split into in-home and public-area."""
    start, end = cal.day_bounds(day)
    t, c = tickets.c, completions.c
    received = select(tickets).where(t.office == office, t.kind == "repair",
                                     t.opened_at >= start, t.opened_at < end)
    done = (select(tickets, c.completed_at.label("completed_on"))
            .join(completions, c.ticket_id == t.ticket_id)
            .where(c.office == office, c.kind == "repair",
                   c.completed_at >= start, c.completed_at < end))
    # what is open, through the index of open tickets (rm_tickets_open); given a range
    # on opened_at or an ORDER BY it, SQLite walks the office's whole history by opening
    # time instead, to save sorting the few rows: the range and the order are applied here
    pending = select(tickets).where(t.office == office, t.kind == "repair",
                                    t.status.in_(OPEN))
    with engine.connect() as conn:
        rows = {
            "received": [dict(r) for r in conn.execute(received.order_by(t.opened_at))
                         .mappings()],
            "completed": [dict(r) for r in conn.execute(done.order_by(c.completed_at))
                          .mappings()],
            "open": sorted((dict(r) for r in conn.execute(pending).mappings()
                            if r["opened_at"] < end),
                           key=lambda r: (r["opened_at"], r["number"])),
        }
    report: dict[str, Any] = {"date": day.isoformat(), "office": office}
    for area, public in (("in_home", False), ("public", True)):
        section: dict[str, Any] = {
            name: [_json(r) for r in items if bool(r["public_area"]) == public]
            for name, items in rows.items()}
        section["deferred"] = [r for r in section["open"] if r["status"] == "deferred"]
        section["totals"] = {name: len(section[name])
                             for name in ("received", "completed", "open", "deferred")}
        report[area] = section
    return report


def visit_register(engine: Engine, office: str, cal: OfficeCalendar, month: str,
                   profile: Profile) -> dict[str, Any]:
    """回访登记表 (R13, V2): visits of the month, the achieved rate of repairs per completion
    day, and the achieved rate vs target of every visit class (repair, complaint, help)."""
    from propsvc.queries.requests import visit_classes

    start, end = cal.month_bounds(month)
    c, v = completions.c, visits.c
    with engine.connect() as conn:
        done = conn.execute(
            select(completions, tickets.c.number)
            .join(tickets, tickets.c.ticket_id == c.ticket_id)
            .where(c.office == office, c.kind == "repair", c.completed_at >= start,
                   c.completed_at < end).order_by(c.completed_at)).mappings().all()
        made = conn.execute(
            select(visits, tickets.c.number, tickets.c.unit)
            .join(tickets, tickets.c.ticket_id == v.ticket_id)
            .where(v.office == office, v.visited_at >= start, v.visited_at < end)
            .order_by(v.visited_at)).mappings().all()
    days: dict[str, dict[str, Any]] = {}
    for row in done:
        day = cal.local_date(row["completed_at"]).isoformat()
        entry = days.setdefault(day, {"date": day, "completed": 0, "visited": 0})
        entry["completed"] += 1
        entry["visited"] += bool(row["visited_at"] and row["within_window"])
    floor = profile.repair.daily_visit_floor
    for entry in days.values():
        entry["rate"] = round(entry["visited"] / entry["completed"], 4)
        entry["floor"] = floor
        entry["meets_floor"] = entry["rate"] >= floor
    completed = sum(d["completed"] for d in days.values())
    visited = sum(d["visited"] for d in days.values())
    rate = round(visited / completed, 4) if completed else None
    target = profile.visits.repair_target
    filing = timedelta(hours=profile.visits.filing_hours)
    made_rows: list[dict[str, Any]] = []
    for found in made:
        visit = dict(found)
        visit["filed_late"] = bool(visit["recorded_at"]
                                   and visit["recorded_at"] - visit["visited_at"] > filing)
        made_rows.append(visit)
    return {
        "month": month, "office": office,
        "visits": [_json(r) for r in made_rows],
        "days": sorted(days.values(), key=lambda d: d["date"]),
        "summary": {"kind": "repair", "completed": completed, "visited": visited,
                    "rate": rate, "target": target, "rule": "V2",
                    "meets_target": rate is not None and rate >= target,
                    "daily_floor": floor, "daily_floor_rule": "R13"},
        "classes": visit_classes(engine, office, start, end, profile),
    }


def overdue(engine: Engine, office: str, now: datetime) -> list[dict[str, Any]]:
    """Open deadlines past due, oldest first (whether or not tick has recorded them)."""
    d, t = deadlines.c, tickets.c
    query = (select(d.subject, d.ref, d.key, d.rule, d.label, d.due_at, d.missed, d.on_miss,
                    t.kind, t.unit, t.location, t.status, t.technician)
             .outerjoin(tickets, t.ticket_id == d.ticket_id)
             .where(d.office == office, d.state == "open", d.due_at < now)
             .order_by(d.due_at, d.ref))
    # one pass per row, no generic conversion (an office with years of stuck tickets
    # lists thousands): due_at is the only time, nothing is a Decimal
    keys = tuple(c.name for c in query.selected_columns)
    out = []
    with engine.connect() as conn:
        for values in conn.execute(query).tuples():
            row = dict(zip(keys, values, strict=True))
            due = row["due_at"]
            row["due_at"] = iso(due)
            row["number"] = row["ref"]
            row["minutes_overdue"] = int((now - due).total_seconds() // 60)
            row["miss_recorded"] = bool(row.pop("missed"))
            out.append(row)
    return out


def due_for_tick(engine: Engine, office: str, now: datetime
                 ) -> dict[tuple[str, str], list[str]]:
    """(subject, ref) → keys of open deadlines past due whose miss is not yet recorded."""
    d = deadlines.c
    query = (select(d.subject, d.ref, d.key)
             .where(d.office == office, d.state == "open", d.missed.is_(False),
                    d.due_at < now).order_by(d.due_at))
    out: dict[tuple[str, str], list[str]] = {}
    with engine.connect() as conn:
        for subject, ref, key in conn.execute(query):
            out.setdefault((subject, ref), []).append(key)
    return out
