"""业主入住登记表 and the move-in return-visit rate (Q5, V1, V2)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from propsvc.projections.tables.movein import moveins
from propsvc.queries.common import fetch, raw


def movein_register(engine: Engine, office: str, start: datetime, end: datetime
                    ) -> list[dict[str, Any]]:
    """The move-ins begun in [start, end), in order."""
    c = moveins.c
    return fetch(engine, select(moveins).where(
        c.office == office, c.started_at >= start, c.started_at < end)
        .order_by(c.started_at, c.number))


def movein_visits(engine: Engine, office: str, start: datetime, end: datetime
                  ) -> tuple[int, int]:
    """V2: move-ins completed in [start, end), and how many were visited in time."""
    c = moveins.c
    rows = raw(engine, select(c.visit_within_window).where(
        c.office == office, c.completed_at >= start, c.completed_at < end))
    return len(rows), sum(1 for r in rows if r["visit_within_window"])


def open_moveins(engine: Engine, office: str) -> list[dict[str, Any]]:
    """Move-ins not yet visited: in progress, or complete and waiting for the visit."""
    c = moveins.c
    return fetch(engine, select(moveins).where(c.office == office, c.status != "visited")
                 .order_by(c.started_at, c.number))
