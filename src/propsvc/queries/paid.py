"""有偿服务登记表 and the paid-service return-visit rate (Q1, V2)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from propsvc.projections.tables.paid import paid_services
from propsvc.queries.common import fetch, raw


def paid_register(engine: Engine, office: str, start: datetime, end: datetime
                  ) -> list[dict[str, Any]]:
    """The paid-service requests received in [start, end), in order."""
    c = paid_services.c
    return fetch(engine, select(paid_services).where(
        c.office == office, c.requested_at >= start, c.requested_at < end)
        .order_by(c.requested_at, c.number))


def paid_visits(engine: Engine, office: str, start: datetime, end: datetime
                ) -> tuple[int, int]:
    """V2: paid services completed in [start, end), and how many were visited in time."""
    c = paid_services.c
    rows = raw(engine, select(c.visit_within_window).where(
        c.office == office, c.completed_at >= start, c.completed_at < end))
    return len(rows), sum(1 for r in rows if r["visit_within_window"])


def open_paid(engine: Engine, office: str) -> list[dict[str, Any]]:
    """Paid services not yet visited."""
    c = paid_services.c
    return fetch(engine, select(paid_services).where(c.office == office,
                                                     c.status != "visited")
                 .order_by(c.requested_at, c.number))
