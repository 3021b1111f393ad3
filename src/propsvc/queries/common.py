"""Shared by every read: rows as JSON-ready dicts (ISO 8601 times, money as text), the
period of a register, and the complaint/help/inquiry table they share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from propsvc.calendar import OfficeCalendar, iso
from propsvc.profile import Profile
from propsvc.projections._schema import desk_items
from propsvc.queries.sql import Reads, cols, table


@dataclass(frozen=True)
class Source:
    """Where and as of when a register is read: the read models of one office."""

    db: Reads
    office: str
    profile: Profile
    now: datetime

    @property
    def calendar(self) -> OfficeCalendar:
        return self.profile.office_calendar


def jsonable(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in row.items():
        if isinstance(v, datetime):
            out[k] = iso(v)
        elif isinstance(v, Decimal):
            out[k] = str(v)
        else:
            out[k] = v
    return out


DESK_COLUMNS = tuple(c for c in cols(desk_items, "d") if c.key != "ticket_id")


def desk_register(db: Reads, office: str, kind: str, start: datetime, end: datetime
                  ) -> list[dict[str, Any]]:
    """Complaints (业主投诉登记表), help (住户求助登记表) or inquiries in [start, end)."""
    rows = db.rows(DESK_COLUMNS, f"FROM {table(desk_items, 'd')} WHERE d.office = ? AND "
                   "d.kind = ? AND d.opened_at >= ? AND d.opened_at < ? "
                   "ORDER BY d.opened_at, d.number", (office, kind, start, end))
    return [jsonable(r) for r in rows]
