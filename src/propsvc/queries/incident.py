"""The special-incident register (特别事件报告, I1–I4)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from propsvc.projections._schema import incident_steps, incidents
from propsvc.queries.common import jsonable
from propsvc.queries.sql import Reads, cols, marks, table

STEP_FIELDS = ("incident_id", "step", "text", "done_at", "actor", "note")


def incident_register(db: Reads, office: str, start: datetime, end: datetime
                      ) -> list[dict[str, Any]]:
    """特别事件报告 (I1–I4): incidents that happened in [start, end) with their steps."""
    rows = db.rows(cols(incidents, "i"), f"FROM {table(incidents, 'i')} WHERE i.office = ? "
                   "AND i.happened_at >= ? AND i.happened_at < ? "
                   "ORDER BY i.happened_at, i.number", (office, start, end))
    ids = [r["incident_id"] for r in rows]
    steps: dict[str, list[dict[str, Any]]] = {}
    if ids:
        for st in db.rows(cols(incident_steps, "s", *STEP_FIELDS),
                          f"FROM {table(incident_steps, 's')} WHERE s.incident_id IN "
                          f"({marks(ids)}) ORDER BY s.done_at", ids):
            steps.setdefault(st.pop("incident_id"), []).append(jsonable(st))
    out = []
    for row in rows:
        row["steps"] = steps.get(row.pop("incident_id"), [])
        out.append(jsonable(row))
    return out
