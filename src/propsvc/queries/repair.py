"""The repair registers: 业主报修记录表 and 维修日报表 (R1–R15)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, select

from propsvc.aggregates.corrections import STRUCK
from propsvc.aggregates.ticket import OPEN_STATUSES as OPEN
from propsvc.calendar import OfficeCalendar
from propsvc.projections.tables.ticket import completions, tickets
from propsvc.queries.common import fetch, jsonable


def repair_register(engine: Engine, office: str, start: datetime, end: datetime
                    ) -> list[dict[str, Any]]:
    """业主报修记录表: every repair call received in [start, end), oldest first."""
    t = tickets.c
    query = (select(tickets).where(t.office == office, t.kind == "repair",
                                   t.opened_at >= start, t.opened_at < end)
             .order_by(t.opened_at, t.number))
    return fetch(engine, query)


def daily_repairs(engine: Engine, office: str, cal: OfficeCalendar, day: date
                  ) -> dict[str, Any]:
    """维修日报表 (R8, R15): the day's repairs split into in-home and public-area; voided
    and merged calls are not counted."""
    start, end = cal.day_bounds(day)
    t, c = tickets.c, completions.c
    received = select(tickets).where(t.office == office, t.kind == "repair",
                                     t.opened_at >= start, t.opened_at < end,
                                     t.status.not_in(STRUCK))
    done = (select(tickets, c.completed_at.label("completed_on"))
            .join(completions, c.ticket_id == t.ticket_id)
            .where(c.office == office, c.kind == "repair",
                   c.completed_at >= start, c.completed_at < end, t.status.not_in(STRUCK)))
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
            name: [jsonable(r) for r in items if bool(r["public_area"]) == public]
            for name, items in rows.items()}
        section["deferred"] = [r for r in section["open"] if r["status"] == "deferred"]
        section["totals"] = {name: len(section[name])
                             for name in ("received", "completed", "open", "deferred")}
        report[area] = section
    return report


WORK_OPEN = ("ordered", "on_site", "assessing", "working", "deferred")


def work_orders(engine: Engine, office: str, technician: str) -> list[dict[str, Any]]:
    """A technician's open work orders (R3–R9), the oldest order first."""
    t = tickets.c
    query = (select(t.number, t.unit, t.location, t.part, t.summary, t.caller, t.phone,
                    t.status, t.urgent, t.appointment, t.opened_at, t.ordered_at,
                    t.arrived_at)
             .where(t.office == office, t.kind == "repair", t.technician == technician,
                    t.status.in_(WORK_OPEN))
             .order_by(t.ordered_at, t.number))
    return fetch(engine, query)
