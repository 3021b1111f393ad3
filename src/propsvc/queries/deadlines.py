"""Deadlines on the read side: what is overdue, and what ``tick`` has still to record."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from propsvc.calendar import iso
from propsvc.projections.tables.deadlines import deadlines
from propsvc.projections.tables.ticket import tickets


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


def due_between(engine: Engine, office: str, start: datetime, end: datetime
                ) -> list[dict[str, Any]]:
    """Open deadlines falling due in [start, end), soonest first: the desk's "due soon"."""
    d, t = deadlines.c, tickets.c
    query = (select(d.subject, d.ref, d.key, d.rule, d.label, d.due_at, t.kind, t.unit,
                    t.location, t.status, t.technician)
             .outerjoin(tickets, t.ticket_id == d.ticket_id)
             .where(d.office == office, d.state == "open", d.due_at >= start,
                    d.due_at < end)
             .order_by(d.due_at, d.ref))
    keys = tuple(c.name for c in query.selected_columns)
    out = []
    with engine.connect() as conn:
        for values in conn.execute(query).tuples():
            row = dict(zip(keys, values, strict=True))
            row["minutes_left"] = int((row["due_at"] - start).total_seconds() // 60)
            row["due_at"] = iso(row["due_at"])
            row["number"] = row["ref"]
            out.append(row)
    return out
