"""The repair registers: 业主报修记录表 and 维修日报表 (R1–R15)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from propsvc.calendar import OfficeCalendar
from propsvc.projections._schema import completions, tickets
from propsvc.queries.common import jsonable
from propsvc.queries.sql import Col, Reads, cols, marks, table
from propsvc.vocabulary import OPEN_STATUSES as OPEN
from propsvc.vocabulary import STRUCK

TICKET = cols(tickets, "t")
FROM_TICKETS = f"FROM {table(tickets, 't')}"
NOT_STRUCK = f"t.status NOT IN ({marks(STRUCK)})"


def repair_register(db: Reads, office: str, start: datetime, end: datetime, *,
                    recorded_since: datetime | None = None) -> list[dict[str, Any]]:
    """业主报修记录表: every repair call received in [start, end), oldest first; with
    ``recorded_since``, only the calls recorded since then (the index on the recorded
    time: the late entries of sealed months)."""
    if recorded_since is None:
        rows = db.rows(TICKET, f"{FROM_TICKETS} WHERE t.office = ? AND t.kind = 'repair' "
                       "AND t.opened_at >= ? AND t.opened_at < ? "
                       "ORDER BY t.opened_at, t.number", (office, start, end))
    else:
        rows = db.rows(TICKET, f"{FROM_TICKETS} WHERE t.office = ? AND t.recorded_at >= ? "
                       "AND t.kind = 'repair' AND t.opened_at >= ? AND t.opened_at < ? "
                       "ORDER BY t.opened_at, t.number", (office, recorded_since, start, end))
    return [jsonable(r) for r in rows]


def daily_repairs(db: Reads, office: str, cal: OfficeCalendar, day: date
                  ) -> dict[str, Any]:
    """维修日报表 (R8, R15): the day's repairs split into in-home and public-area; voided
    and merged calls are not counted."""
    start, end = cal.day_bounds(day)
    received = db.rows(
        TICKET, f"{FROM_TICKETS} WHERE t.office = ? AND t.kind = 'repair' AND "
        f"t.opened_at >= ? AND t.opened_at < ? AND {NOT_STRUCK} ORDER BY t.opened_at",
        (office, start, end, *STRUCK))
    done = db.rows(
        (*TICKET, Col("completed_on", "c.completed_at", "utc")),
        f"{FROM_TICKETS} JOIN {table(completions, 'c')} ON c.ticket_id = t.ticket_id "
        "WHERE c.office = ? AND c.kind = 'repair' AND c.completed_at >= ? AND "
        f"c.completed_at < ? AND {NOT_STRUCK} ORDER BY c.completed_at",
        (office, start, end, *STRUCK))
    # what is open, through the index of open tickets (rm_tickets_open); given a range
    # on opened_at or an ORDER BY it, SQLite walks the office's whole history by opening
    # time instead, to save sorting the few rows: the range and the order are applied here
    pending = db.rows(TICKET, f"{FROM_TICKETS} WHERE t.office = ? AND t.kind = 'repair' "
                      f"AND t.status IN ({marks(OPEN)})", (office, *OPEN))
    rows = {
        "received": received,
        "completed": done,
        "open": sorted((r for r in pending if r["opened_at"] < end),
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


WORK_ORDER = cols(tickets, "t", "number", "unit", "location", "part", "summary", "caller",
                  "phone", "status", "urgent", "appointment", "opened_at", "ordered_at",
                  "arrived_at")


def work_orders(db: Reads, office: str, technician: str) -> list[dict[str, Any]]:
    """A technician's open work orders (R3–R9), the oldest order first."""
    return [jsonable(r) for r in db.rows(
        WORK_ORDER, f"FROM {table(tickets, 't')} WHERE t.office = ? AND t.kind = 'repair' "
        f"AND t.technician = ? AND t.status IN ({marks(WORK_OPEN)}) "
        "ORDER BY t.ordered_at, t.number", (office, technician, *WORK_OPEN))]
