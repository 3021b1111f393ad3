"""The goods-release register (Q2)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from propsvc.projections._schema import releases
from propsvc.queries.common import jsonable
from propsvc.queries.sql import Reads, cols, table

RELEASE = cols(releases, "r")
FROM_RELEASES = f"FROM {table(releases, 'r')}"


def release_register(db: Reads, office: str, start: datetime, end: datetime
                     ) -> list[dict[str, Any]]:
    """物品放行登记表: the releases applied for in [start, end)."""
    rows = db.rows(RELEASE, f"{FROM_RELEASES} WHERE r.office = ? AND r.applied_at >= ? AND "
                   "r.applied_at < ? ORDER BY r.applied_at, r.number", (office, start, end))
    return [jsonable(r) for r in rows]


def releases_pending(db: Reads, office: str) -> list[dict[str, Any]]:
    """Releases applied for whose goods have not gone out yet, oldest first."""
    rows = db.rows(RELEASE, f"{FROM_RELEASES} WHERE r.office = ? AND r.status != 'out' "
                   "ORDER BY r.applied_at, r.number", (office,))
    return [jsonable(r) for r in rows]
