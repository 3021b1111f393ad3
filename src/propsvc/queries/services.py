"""The desk services' open records (Q1–Q5) with their open deadlines: what each
service's list page shows — move-ins not yet visited, paid services not yet visited,
goods not yet out, found items still held, units still vacant."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from propsvc.calendar import iso
from propsvc.projections._schema import deadlines
from propsvc.queries import found as fq
from propsvc.queries import movein as mq
from propsvc.queries import paid as pq
from propsvc.queries import release as relq
from propsvc.queries import vacancy as vq
from propsvc.queries.sql import Reads, cols, table

Rows = list[dict[str, Any]]
OPEN: dict[str, Callable[[Reads, str, datetime], Rows]] = {
    "movein": lambda db, office, now: mq.open_moveins(db, office),
    "paid": lambda db, office, now: pq.open_paid(db, office),
    "release": lambda db, office, now: relq.releases_pending(db, office),
    "found": lambda db, office, now: fq.held_items(db, office, now),
    "vacancy": lambda db, office, now: vq.vacancy_register(db, office, "vacant"),
}
KEY = {"vacancy": "unit"}  # the field a family's deadlines are keyed by (else the number)
DEADLINE = cols(deadlines, "d", "ref", "key", "rule", "label", "due_at")


def open_deadlines(db: Reads, office: str, subject: str, now: datetime
                   ) -> dict[str, Rows]:
    """Per record (its ``ref``): the open deadlines of one subject, soonest first."""
    out: dict[str, Rows] = {}
    for row in db.rows(DEADLINE, f"FROM {table(deadlines, 'd')} WHERE d.office = ? AND "
                       "d.subject = ? AND d.state = 'open' ORDER BY d.due_at, d.ref",
                       (office, subject)):
        due = row["due_at"]
        row["overdue"] = due < now
        row["due_at"] = iso(due)
        out.setdefault(str(row.pop("ref")), []).append(row)
    return out


def open_records(db: Reads, office: str, family: str, now: datetime) -> Rows:
    """The family's open records, each with ``deadlines`` (its open ones)."""
    rows = OPEN[family](db, office, now)
    due = open_deadlines(db, office, family, now)
    key = KEY.get(family, "number")
    for row in rows:
        row["deadlines"] = due.get(str(row[key]), [])
    return rows
