"""Shared by every read: rows as JSON-ready dicts (ISO 8601 times, money as text), the
period of a register, and the complaint/help/inquiry table they share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, Select, select

from propsvc.calendar import OfficeCalendar, iso
from propsvc.profile import Profile
from propsvc.projections.tables.requests import desk_items


@dataclass(frozen=True)
class Source:
    """Where and as of when a register is read: the read models of one office."""

    engine: Engine
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


def fetch(engine: Engine, query: Select[Any]) -> list[dict[str, Any]]:
    """Every row of ``query``, JSON-ready."""
    with engine.connect() as conn:
        return [jsonable(dict(r)) for r in conn.execute(query).mappings()]


def raw(engine: Engine, query: Select[Any]) -> list[dict[str, Any]]:
    """Every row of ``query`` as stored (datetimes stay datetimes)."""
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def desk_register(engine: Engine, office: str, kind: str, start: datetime, end: datetime
                  ) -> list[dict[str, Any]]:
    """Complaints (业主投诉登记表), help (住户求助登记表) or inquiries in [start, end)."""
    d = desk_items.c
    query = (select(desk_items).where(d.office == office, d.kind == kind,
                                      d.opened_at >= start, d.opened_at < end)
             .order_by(d.opened_at, d.number))
    rows = raw(engine, query)
    for row in rows:
        row.pop("ticket_id")
    return [jsonable(r) for r in rows]
