"""业主入住登记表 and the move-in return-visit rate (Q5, V1, V2)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from propsvc.projections._schema import moveins
from propsvc.queries.common import jsonable
from propsvc.queries.sql import Reads, cols, table

MOVEIN = cols(moveins, "m")
FROM_MOVEINS = f"FROM {table(moveins, 'm')}"


def movein_register(db: Reads, office: str, start: datetime, end: datetime
                    ) -> list[dict[str, Any]]:
    """The move-ins begun in [start, end), in order."""
    rows = db.rows(MOVEIN, f"{FROM_MOVEINS} WHERE m.office = ? AND m.started_at >= ? AND "
                   "m.started_at < ? ORDER BY m.started_at, m.number", (office, start, end))
    return [jsonable(r) for r in rows]


def movein_visits(db: Reads, office: str, start: datetime, end: datetime
                  ) -> tuple[int, int]:
    """V2: move-ins completed in [start, end), and how many were visited in time."""
    rows = db.rows(cols(moveins, "m", "visit_within_window"),
                   f"{FROM_MOVEINS} WHERE m.office = ? AND m.completed_at >= ? AND "
                   "m.completed_at < ?", (office, start, end))
    return len(rows), sum(1 for r in rows if r["visit_within_window"])


def open_moveins(db: Reads, office: str) -> list[dict[str, Any]]:
    """Move-ins not yet visited: in progress, or complete and waiting for the visit."""
    rows = db.rows(MOVEIN, f"{FROM_MOVEINS} WHERE m.office = ? AND m.status != 'visited' "
                   "ORDER BY m.started_at, m.number", (office,))
    return [jsonable(r) for r in rows]
