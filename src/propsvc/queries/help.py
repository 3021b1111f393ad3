"""The help register (住户求助登记表, H1–H6), kept by year and archived each January."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from propsvc.queries.common import desk_register
from propsvc.queries.sql import Reads


def help_register(db: Reads, office: str, start: datetime, end: datetime
                  ) -> list[dict[str, Any]]:
    """住户求助登记表: help requests received in [start, end)."""
    return desk_register(db, office, "help", start, end)
