"""The inquiry register (咨询登记表, H4): oral and written inquiries and their answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from propsvc.queries.common import desk_register


def inquiry_register(engine: Engine, office: str, start: datetime, end: datetime
                     ) -> list[dict[str, Any]]:
    """咨询登记表: inquiries received in [start, end)."""
    return desk_register(engine, office, "inquiry", start, end)
