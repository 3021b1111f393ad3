"""Return visits on the read side (R13, V1–V4): the visit register with its achieved
rates, the rate of every visit class, and the day's visit plan."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from typing import Any

from propsvc.calendar import OfficeCalendar, iso
from propsvc.policies.visit import VISIT_CLASSES, rule_of, target
from propsvc.profile import Profile
from propsvc.projections._schema import completions, desk_items, tickets, visits
from propsvc.queries.common import jsonable
from propsvc.queries.movein import movein_visits
from propsvc.queries.paid import paid_visits
from propsvc.queries.sql import Reads, cols, marks, table
from propsvc.vocabulary import STRUCK

NOT_STRUCK = f"t.status NOT IN ({marks(STRUCK)})"
JOIN_TICKETS = f"JOIN {table(tickets, 't')} ON t.ticket_id"


def visit_register(db: Reads, office: str, cal: OfficeCalendar, month: str,
                   profile: Profile) -> dict[str, Any]:
    """回访登记表 (R13, V2): visits of the month, the achieved rate of repairs per completion
    day, and the achieved rate vs target of every visit class (repair, complaint, help)."""
    start, end = cal.month_bounds(month)
    done = db.rows((*cols(completions, "c"), *cols(tickets, "t", "number")),
                   f"FROM {table(completions, 'c')} {JOIN_TICKETS} = c.ticket_id "
                   "WHERE c.office = ? AND c.kind = 'repair' AND c.completed_at >= ? AND "
                   f"c.completed_at < ? AND {NOT_STRUCK} ORDER BY c.completed_at",
                   (office, start, end, *STRUCK))
    made = db.rows((*cols(visits, "v"), *cols(tickets, "t", "number", "unit")),
                   f"FROM {table(visits, 'v')} {JOIN_TICKETS} = v.ticket_id "
                   "WHERE v.office = ? AND v.visited_at >= ? AND v.visited_at < ? "
                   "ORDER BY v.visited_at", (office, start, end))
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
        "visits": [jsonable(r) for r in made_rows],
        "days": sorted(days.values(), key=lambda d: d["date"]),
        "summary": {"kind": "repair", "completed": completed, "visited": visited,
                    "rate": rate, "target": target, "rule": "V2",
                    "meets_target": rate is not None and rate >= target,
                    "daily_floor": floor, "daily_floor_rule": "R13"},
        "classes": visit_classes(db, office, start, end, profile),
    }


def visit_classes(db: Reads, office: str, start: datetime, end: datetime,
                  profile: Profile) -> list[dict[str, Any]]:
    """V2: per visit class, completions in [start, end), visited in time, vs the target
    (voided and merged tickets are not counted)."""
    done = db.rows(cols(completions, "c", "kind", "visited_at", "within_window"),
                   f"FROM {table(completions, 'c')} {JOIN_TICKETS} = c.ticket_id "
                   "WHERE c.office = ? AND c.completed_at >= ? AND c.completed_at < ? "
                   f"AND {NOT_STRUCK}", (office, start, end, *STRUCK))
    out = []
    for cls in VISIT_CLASSES:
        mine = [r for r in done if r["kind"] == cls]
        visited = sum(1 for r in mine if r["visited_at"] and r["within_window"])
        rate = round(visited / len(mine), 4) if mine else None
        goal = target(profile, cls)
        out.append({"class": cls, "completed": len(mine), "visited": visited, "rate": rate,
                    "target": goal, "rule": "V2", "window_rule": rule_of(cls),
                    "meets_target": rate is None or rate >= goal})
    out.append(_service_class("movein", movein_visits(db, office, start, end),
                              profile.visits.move_in_target))
    out.append(_service_class("paid", paid_visits(db, office, start, end),
                              profile.paid.visit_target))
    return out


def _service_class(name: str, counts: tuple[int, int], goal: float) -> dict[str, Any]:
    """V2 for a desk service visited within V1's window: move-in (target 100 %) and paid
    services (other management services)."""
    completed, visited = counts
    rate = round(visited / completed, 4) if completed else None
    return {"class": name, "completed": completed, "visited": visited, "rate": rate,
            "target": goal, "rule": "V2", "window_rule": "V1",
            "meets_target": rate is None or rate >= goal}


def visit_plan(db: Reads, office: str, cal: OfficeCalendar, day: date,
               profile: Profile) -> dict[str, Any]:
    """Which completed, unvisited items to visit on ``day`` so each class meets its target:
    the month so far decides how many are still needed; the nearest window end goes first."""
    month_start = cal.day_start(day.replace(day=1))
    day_end = cal.day_start(day + timedelta(days=1))
    windows = {"repair": profile.repair.visit_window_days,
               "complaint": profile.complaint.visit_window_days,
               "help": max(profile.help.medical_visit_days, profile.help.other_visit_days)}
    rows = db.rows(
        (*cols(completions, "c", "kind", "completed_at", "visited_at", "within_window"),
         *cols(tickets, "t", "number", "unit", "location"),
         *cols(desk_items, "d", "important", "dispatched_to", "help_kind")),
        f"FROM {table(completions, 'c')} {JOIN_TICKETS} = c.ticket_id LEFT OUTER JOIN "
        f"{table(desk_items, 'd')} ON d.ticket_id = c.ticket_id WHERE c.office = ? AND "
        f"c.completed_at < ? AND c.completed_at >= ? AND {NOT_STRUCK} "
        "ORDER BY c.completed_at",
        (office, day_end, month_start - timedelta(days=max(windows.values())), *STRUCK))
    classes = []
    for cls in VISIT_CLASSES:
        mine = [r for r in rows if r["kind"] == cls]
        in_month = [r for r in mine if r["completed_at"] >= month_start]
        visited = sum(1 for r in in_month if r["visited_at"] and r["within_window"])
        goal = target(profile, cls)
        needed = max(0, math.ceil(goal * len(in_month) - 1e-9) - visited)
        open_ = [r for r in mine if r["visited_at"] is None
                 and r["completed_at"] + timedelta(days=windows[cls]) >= cal.day_start(day)]
        must = [r for r in open_ if cls == "complaint" or r["help_kind"] == "medical"]
        rest = [r for r in open_ if r not in must]
        chosen = must + rest[:max(0, needed - len(must))]
        classes.append({
            "class": cls, "target": goal, "completed_this_month": len(in_month),
            "visited_this_month": visited, "needed": needed,
            "proposals": [_proposal(r, cls, windows[cls]) for r in chosen]})
    return {"date": day.isoformat(), "office": office, "classes": classes}


def _proposal(r: dict[str, Any], cls: str, window: int) -> dict[str, Any]:
    if cls == "complaint":
        visitor = ("manager" if r["important"]
                   else f"supervisor of {r['dispatched_to'] or 'the department concerned'}")
    else:
        visitor = "desk"
    return {"number": r["number"], "unit": r["unit"] or r["location"],
            "completed_at": iso(r["completed_at"]),
            "visit_by": iso(r["completed_at"] + timedelta(days=window)), "visitor": visitor}
