"""The renovation registers and day lists (N1–N10): 装修登记, passes, extensions, the
inspections due and the manager's spot-check list."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, and_, exists, or_, select

from propsvc.projections.tables.deadlines import deadlines
from propsvc.projections.tables.renovation import extensions, passes, renovations, spot_checks
from propsvc.queries.common import fetch

ACTIVE = ("active", "initial_accepted")


def renovation_register(engine: Engine, office: str, status: str | None = None
                        ) -> list[dict[str, Any]]:
    c = renovations.c
    query = select(renovations).where(c.office == office)
    if status == "active":
        query = query.where(c.status.in_(ACTIVE))
    elif status:
        query = query.where(c.status == status)
    return fetch(engine, query.order_by(c.applied_at, c.number))


def pass_register(engine: Engine, office: str, renovation: str | None = None
                  ) -> list[dict[str, Any]]:
    c = passes.c
    query = select(passes).where(c.office == office)
    if renovation:
        query = query.where(c.renovation == renovation.upper())
    return fetch(engine, query.order_by(c.issued_at, c.number))


def extension_register(engine: Engine, office: str) -> list[dict[str, Any]]:
    c = extensions.c
    return fetch(engine, select(extensions).where(c.office == office)
                 .order_by(c.granted_at))


def due_inspections(engine: Engine, office: str, end: datetime, now: datetime
                    ) -> list[dict[str, Any]]:
    """N5: open inspection deadlines due before ``end`` (overdue ones included)."""
    d, r = deadlines.c, renovations.c
    query = (select(r.number, r.unit, r.contractor, r.phase, d.label, d.due_at, d.missed,
                    d.limit_minutes)
             .join(renovations, r.reno_id == d.ticket_id)
             .where(d.office == office, d.subject == "renovation", d.rule == "N5",
                    d.state == "open", d.due_at < end)
             .order_by(d.due_at, r.number))
    rows = fetch(engine, query)
    for row in rows:
        row["overdue"] = datetime.fromisoformat(row["due_at"]) < now
    return rows


def spot_check_list(engine: Engine, office: str, start: datetime, end: datetime
                    ) -> list[dict[str, Any]]:
    """N10: every unit renovating that day (permit issued, final acceptance not yet
    before the day), and whether the manager checked it that day."""
    r, s = renovations.c, spot_checks.c
    checked = exists().where(and_(s.reno_id == r.reno_id, s.checked_at >= start,
                                  s.checked_at < end))
    query = (select(r.number, r.unit, r.contractor, r.phase, r.open_violations,
                    checked.label("checked"))
             .where(r.office == office, r.permit_at.is_not(None), r.permit_at < end,
                    or_(r.final_at.is_(None), r.final_at >= start)).order_by(r.unit))
    return fetch(engine, query)
