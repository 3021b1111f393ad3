"""The goods-release register (Q2)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from propsvc.projections.tables.release import releases
from propsvc.queries.common import fetch


def release_register(engine: Engine, office: str, start: datetime, end: datetime
                     ) -> list[dict[str, Any]]:
    """物品放行登记表: the releases applied for in [start, end)."""
    c = releases.c
    return fetch(engine, select(releases).where(
        c.office == office, c.applied_at >= start, c.applied_at < end)
        .order_by(c.applied_at, c.number))


def releases_pending(engine: Engine, office: str) -> list[dict[str, Any]]:
    """Releases applied for whose goods have not gone out yet, oldest first."""
    c = releases.c
    return fetch(engine, select(releases).where(c.office == office, c.status != "out")
                 .order_by(c.applied_at, c.number))
