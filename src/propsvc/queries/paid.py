"""有偿服务登记表 and the paid-service return-visit rate (Q1, V2)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from propsvc.projections._schema import paid_services
from propsvc.queries.common import jsonable
from propsvc.queries.sql import Reads, cols, table

PAID = cols(paid_services, "p")
FROM_PAID = f"FROM {table(paid_services, 'p')}"


def paid_register(db: Reads, office: str, start: datetime, end: datetime
                  ) -> list[dict[str, Any]]:
    """The paid-service requests received in [start, end), in order."""
    rows = db.rows(PAID, f"{FROM_PAID} WHERE p.office = ? AND p.requested_at >= ? AND "
                   "p.requested_at < ? ORDER BY p.requested_at, p.number",
                   (office, start, end))
    return [jsonable(r) for r in rows]


def paid_visits(db: Reads, office: str, start: datetime, end: datetime
                ) -> tuple[int, int]:
    """V2: paid services completed in [start, end), and how many were visited in time."""
    rows = db.rows(cols(paid_services, "p", "visit_within_window"),
                   f"{FROM_PAID} WHERE p.office = ? AND p.completed_at >= ? AND "
                   "p.completed_at < ?", (office, start, end))
    return len(rows), sum(1 for r in rows if r["visit_within_window"])


def open_paid(db: Reads, office: str) -> list[dict[str, Any]]:
    """Paid services not yet visited."""
    rows = db.rows(PAID, f"{FROM_PAID} WHERE p.office = ? AND p.status != 'visited' "
                   "ORDER BY p.requested_at, p.number", (office,))
    return [jsonable(r) for r in rows]
