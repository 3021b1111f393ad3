"""The lost-property register and the items still held (Q3)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from propsvc.projections.tables.found import found_items
from propsvc.queries.common import fetch


def found_register(engine: Engine, office: str, start: datetime, end: datetime
                   ) -> list[dict[str, Any]]:
    """拾遗物品登记表: the items found in [start, end), in the order found."""
    c = found_items.c
    return fetch(engine, select(found_items).where(
        c.office == office, c.found_at >= start, c.found_at < end)
        .order_by(c.found_at, c.number))


def held_items(engine: Engine, office: str, until: datetime) -> list[dict[str, Any]]:
    """Every item found by ``until`` and still unclaimed, oldest first."""
    c = found_items.c
    return fetch(engine, select(found_items).where(
        c.office == office, c.status == "held", c.found_at <= until)
        .order_by(c.found_at, c.number))
