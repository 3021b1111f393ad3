"""The help register (住户求助登记表, H1–H6), kept by year and archived each January."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from propsvc.queries.common import desk_register


def help_register(engine: Engine, office: str, start: datetime, end: datetime
                  ) -> list[dict[str, Any]]:
    """住户求助登记表: help requests received in [start, end)."""
    return desk_register(engine, office, "help", start, end)
