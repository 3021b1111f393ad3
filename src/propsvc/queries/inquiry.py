"""The inquiry register (咨询登记表, H4): oral and written inquiries and their answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from propsvc.queries.common import desk_register
from propsvc.queries.sql import Reads


def inquiry_register(db: Reads, office: str, start: datetime, end: datetime
                     ) -> list[dict[str, Any]]:
    """咨询登记表: inquiries received in [start, end)."""
    return desk_register(db, office, "inquiry", start, end)
