"""The renovation registers and day lists (N1–N10): 装修登记, passes, extensions, the
inspections due and the manager's spot-check list."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from propsvc.projections._schema import deadlines, extensions, passes, renovations, spot_checks
from propsvc.queries.keys import fetch
from propsvc.queries.sql import Col, Reads, cols, marks, table

ACTIVE = ("active", "initial_accepted")


def renovation_register(db: Reads, office: str, status: str | None = None
                        ) -> list[dict[str, Any]]:
    where, params = "r.office = ?", [office]
    if status == "active":
        where, params = f"{where} AND r.status IN ({marks(ACTIVE)})", [office, *ACTIVE]
    elif status:
        where, params = f"{where} AND r.status = ?", [office, status]
    return fetch(db, cols(renovations, "r"), f"FROM {table(renovations, 'r')} WHERE {where} "
                 "ORDER BY r.applied_at, r.number", tuple(params))


def pass_register(db: Reads, office: str, renovation: str | None = None
                  ) -> list[dict[str, Any]]:
    where, params = "p.office = ?", [office]
    if renovation:
        where, params = f"{where} AND p.renovation = ?", [office, renovation.upper()]
    return fetch(db, cols(passes, "p"), f"FROM {table(passes, 'p')} WHERE {where} "
                 "ORDER BY p.issued_at, p.number", tuple(params))


def extension_register(db: Reads, office: str) -> list[dict[str, Any]]:
    return fetch(db, cols(extensions, "x"), f"FROM {table(extensions, 'x')} WHERE "
                 "x.office = ? ORDER BY x.granted_at", (office,))


def due_inspections(db: Reads, office: str, end: datetime, now: datetime
                    ) -> list[dict[str, Any]]:
    """N5: open inspection deadlines due before ``end`` (overdue ones included)."""
    rows = fetch(db, (*cols(renovations, "r", "number", "unit", "contractor", "phase"),
                      *cols(deadlines, "d", "label", "due_at", "missed", "limit_minutes")),
                 f"FROM {table(deadlines, 'd')} JOIN {table(renovations, 'r')} "
                 "ON r.reno_id = d.ticket_id WHERE d.office = ? AND "
                 "d.subject = 'renovation' AND d.rule = 'N5' AND d.state = 'open' AND "
                 "d.due_at < ? ORDER BY d.due_at, r.number", (office, end))
    for row in rows:
        row["overdue"] = datetime.fromisoformat(row["due_at"]) < now
    return rows


def spot_check_list(db: Reads, office: str, start: datetime, end: datetime
                    ) -> list[dict[str, Any]]:
    """N10: every unit renovating that day (permit issued, final acceptance not yet
    before the day), and whether the manager checked it that day."""
    checked = Col("checked", f"EXISTS (SELECT * FROM {table(spot_checks, 's')} WHERE "
                  "s.reno_id = r.reno_id AND s.checked_at >= ? AND s.checked_at < ?)", "bool")
    return fetch(db, (*cols(renovations, "r", "number", "unit", "contractor", "phase",
                            "open_violations"), checked),
                 f"FROM {table(renovations, 'r')} WHERE r.office = ? AND "
                 "r.permit_at IS NOT NULL AND r.permit_at < ? AND "
                 "(r.final_at IS NULL OR r.final_at >= ?) ORDER BY r.unit",
                 (start, end, office, end, start))
