"""The lost-property register and the items still held (Q3)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from propsvc.projections._schema import found_items
from propsvc.queries.common import jsonable
from propsvc.queries.sql import Reads, cols, table

FOUND = cols(found_items, "f")
FROM_FOUND = f"FROM {table(found_items, 'f')}"


def found_register(db: Reads, office: str, start: datetime, end: datetime
                   ) -> list[dict[str, Any]]:
    """拾遗物品登记表: the items found in [start, end), in the order found."""
    rows = db.rows(FOUND, f"{FROM_FOUND} WHERE f.office = ? AND f.found_at >= ? AND "
                   "f.found_at < ? ORDER BY f.found_at, f.number", (office, start, end))
    return [jsonable(r) for r in rows]


def held_items(db: Reads, office: str, until: datetime) -> list[dict[str, Any]]:
    """Every item found by ``until`` and still unclaimed, oldest first."""
    rows = db.rows(FOUND, f"{FROM_FOUND} WHERE f.office = ? AND f.status = 'held' AND "
                   "f.found_at <= ? ORDER BY f.found_at, f.number", (office, until))
    return [jsonable(r) for r in rows]
