"""Deadlines on the read side: what is overdue, and what ``tick`` has still to record."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from propsvc.calendar import iso
from propsvc.projections._schema import deadlines, tickets
from propsvc.queries.sql import Reads, cols, table

OVERDUE = (*cols(deadlines, "d", "subject", "ref", "key", "rule", "label", "due_at",
                 "missed", "on_miss"),
           *cols(tickets, "t", "kind", "unit", "location", "status", "technician"))


def overdue(db: Reads, office: str, now: datetime) -> list[dict[str, Any]]:
    """Open deadlines past due, oldest first (whether or not tick has recorded them)."""
    found = db.rows(OVERDUE, f"FROM {table(deadlines, 'd')} LEFT OUTER JOIN "
                    f"{table(tickets, 't')} ON t.ticket_id = d.ticket_id WHERE d.office = ? "
                    "AND d.state = 'open' AND d.due_at < ? ORDER BY d.due_at, d.ref",
                    (office, now))
    # one pass per row, no generic conversion (an office with years of stuck tickets
    # lists thousands): due_at is the only time, nothing is a Decimal
    for row in found:
        due = row["due_at"]
        row["due_at"] = iso(due)
        row["number"] = row["ref"]
        row["minutes_overdue"] = int((now - due).total_seconds() // 60)
        row["miss_recorded"] = bool(row.pop("missed"))
    return found


def due_for_tick(db: Reads, office: str, now: datetime
                 ) -> dict[tuple[str, str], list[str]]:
    """(subject, ref) → keys of open deadlines past due whose miss is not yet recorded."""
    out: dict[tuple[str, str], list[str]] = {}
    for subject, ref, key in db.values(
            f'SELECT d.subject, d.ref, d."key" FROM {table(deadlines, "d")} WHERE '
            "d.office = ? AND d.state = 'open' AND d.missed = ? AND d.due_at < ? "
            "ORDER BY d.due_at", (office, False, now)):
        out.setdefault((subject, ref), []).append(key)
    return out


def opened_between(db: Reads, office: str, start: datetime, end: datetime
                   ) -> list[tuple[str, str]]:
    """(subject, ref) of every aggregate that had a deadline opened in [start, end)."""
    found = db.values(f'SELECT DISTINCT d.subject, d.ref FROM {table(deadlines, "d")} '
                      "WHERE d.office = ? AND d.opened_at >= ? AND d.opened_at < ? "
                      "ORDER BY d.subject, d.ref", (office, start, end))
    return [(str(s), str(r)) for s, r in found]
