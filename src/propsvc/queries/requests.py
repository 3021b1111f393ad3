"""Read-side access for complaints, help, inquiries, incidents and return-visit planning."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select

from propsvc.calendar import OfficeCalendar, iso
from propsvc.policies.visit import VISIT_CLASSES, rule_of, target
from propsvc.profile import Profile
from propsvc.projections.tables.incident import incident_steps, incidents
from propsvc.projections.tables.requests import desk_items
from propsvc.projections.tables.ticket import completions, tickets
from propsvc.queries.repair import _json


def desk_register(engine: Engine, office: str, kind: str, start: datetime, end: datetime
                  ) -> list[dict[str, Any]]:
    """Complaints (业主投诉登记表), help (住户求助登记表) or inquiries in [start, end)."""
    d = desk_items.c
    query = (select(desk_items).where(d.office == office, d.kind == kind,
                                      d.opened_at >= start, d.opened_at < end)
             .order_by(d.opened_at, d.number))
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
    for row in rows:
        row.pop("ticket_id")
    return [_json(r) for r in rows]


def complaint_summary(engine: Engine, office: str, cal: OfficeCalendar, month: str
                      ) -> dict[str, Any]:
    """住户投诉汇总表 (C11): the month's complaints by class and channel, and how they went."""
    start, end = cal.month_bounds(month)
    rows = desk_register(engine, office, "complaint", start, end)
    by_class: dict[str, int] = {"1": 0, "2": 0, "3": 0, "unclassified": 0}
    by_channel: dict[str, int] = {}
    for r in rows:
        key = str(r["complaint_class"]) if r["complaint_class"] else "unclassified"
        by_class[key] += 1
        by_channel[r["channel"]] = by_channel.get(r["channel"], 0) + 1
    resolved = [r for r in rows if r["resolved_at"]]
    visited = [r for r in rows if r["visits"]]
    return {
        "register": "住户投诉汇总表", "month": month, "office": office, "rule": "C11",
        "received": len(rows), "by_class": by_class, "by_channel": by_channel,
        "resolved": len(resolved), "open": len(rows) - len(resolved),
        "handled_late": sum(1 for r in rows if r["handled_late"]),
        "escalated": sum(1 for r in rows if r["escalated_to"]),
        "lodged_outside": sum(1 for r in rows if r["lodged_with"]),
        "visited": len(visited),
        "visit_rate": round(len(visited) / len(resolved), 4) if resolved else None,
        "satisfied": sum(1 for r in visited if r["visit_result"] == "satisfied"),
        "confirmed": sum(1 for r in rows if r["confirmed_by"]),
        "case_studies": [r["number"] for r in rows if r["follow_up"] == "case-study"],
        "defect_repairs": [r["linked_number"] for r in rows
                           if r["follow_up"] == "defect-repair"],
    }


def incident_register(engine: Engine, office: str, start: datetime, end: datetime
                      ) -> list[dict[str, Any]]:
    """特别事件报告 (I1–I4): incidents that happened in [start, end) with their steps."""
    i, s = incidents.c, incident_steps.c
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(
            select(incidents).where(i.office == office, i.happened_at >= start,
                                    i.happened_at < end)
            .order_by(i.happened_at, i.number)).mappings()]
        ids = [r["incident_id"] for r in rows]
        steps: dict[str, list[dict[str, Any]]] = {}
        if ids:
            for st in conn.execute(select(incident_steps).where(s.incident_id.in_(ids))
                                   .order_by(s.done_at)).mappings():
                steps.setdefault(st["incident_id"], []).append(
                    _json({k: st[k] for k in ("step", "text", "done_at", "actor", "note")}))
    out = []
    for row in rows:
        row["steps"] = steps.get(row.pop("incident_id"), [])
        out.append(_json(row))
    return out


def visit_classes(engine: Engine, office: str, start: datetime, end: datetime,
                  profile: Profile) -> list[dict[str, Any]]:
    """V2: per visit class, completions in [start, end), visited in time, vs the target."""
    c = completions.c
    with engine.connect() as conn:
        done = conn.execute(select(c.kind, c.visited_at, c.within_window).where(
            c.office == office, c.completed_at >= start, c.completed_at < end)).all()
    out = []
    for cls in VISIT_CLASSES:
        mine = [r for r in done if r.kind == cls]
        visited = sum(1 for r in mine if r.visited_at and r.within_window)
        rate = round(visited / len(mine), 4) if mine else None
        goal = target(profile, cls)
        out.append({"class": cls, "completed": len(mine), "visited": visited, "rate": rate,
                    "target": goal, "rule": "V2", "window_rule": rule_of(cls),
                    "meets_target": rate is None or rate >= goal})
    return out


def visit_plan(engine: Engine, office: str, cal: OfficeCalendar, day: date,
               profile: Profile) -> dict[str, Any]:
    """Which completed, unvisited items to visit on ``day`` so each class meets its target:
    the month so far decides how many are still needed; the nearest window end goes first."""
    month_start = cal.day_start(day.replace(day=1))
    day_end = cal.day_start(day + timedelta(days=1))
    windows = {"repair": profile.repair.visit_window_days,
               "complaint": profile.complaint.visit_window_days,
               "help": max(profile.help.medical_visit_days, profile.help.other_visit_days)}
    c, t, d = completions.c, tickets.c, desk_items.c
    query = (select(c.kind, c.completed_at, c.visited_at, c.within_window, t.number, t.unit,
                    t.location, d.important, d.dispatched_to, d.help_kind)
             .join(tickets, t.ticket_id == c.ticket_id)
             .outerjoin(desk_items, d.ticket_id == c.ticket_id)
             .where(c.office == office, c.completed_at < day_end,
                    c.completed_at >= month_start - timedelta(days=max(windows.values())))
             .order_by(c.completed_at))
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
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
