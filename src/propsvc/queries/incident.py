"""The special-incident register (特别事件报告, I1–I4)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from propsvc.projections.tables.incident import incident_steps, incidents
from propsvc.queries.common import jsonable


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
                    jsonable({k: st[k] for k in ("step", "text", "done_at", "actor", "note")}))
    out = []
    for row in rows:
        row["steps"] = steps.get(row.pop("incident_id"), [])
        out.append(jsonable(row))
    return out
