"""Finding things without their number: tickets by unit, phone, caller, kind, status and
date; keys by label, unit or holder; renovations by unit.

One query serves the CLI (``ticket find``, ``ticket list``) and the desk server's search.
Every filter is an index seek: unit, phone and caller match exactly or by prefix (a range
on an index, so "3-2" finds building 3 unit 2 and "张" every 张); free text is read as a
number, a unit or a phone when it looks like one, and otherwise matched inside the
summary, caller and location of the office's tickets in the date range.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, Select, and_, func, or_, select

from propsvc.aggregates.ticket import OPEN_STATUSES
from propsvc.calendar import iso
from propsvc.projections.tables.keys import keys
from propsvc.projections.tables.renovation import renovations
from propsvc.projections.tables.ticket import tickets
from propsvc.queries.common import jsonable

NUMBER = re.compile(r"^[A-Za-z]{2}-\d{8}-\d{3,}$")
UNIT = re.compile(r"^[0-9A-Za-z]{1,4}-\d{1,2}(-\d{1,5})?$")
DIGITS = re.compile(r"^\+?\d[\d-]{3,19}$")
TOP = "\U0010ffff"  # sorts after every character: the upper end of a prefix range
FIELDS = ("number", "kind", "status", "unit", "location", "caller", "phone", "summary",
          "channel", "opened_at", "completed_at")


@dataclass(frozen=True)
class TicketQuery:
    """What a clerk searches by; every field is optional (none: the newest tickets)."""

    text: str | None = None
    unit: str | None = None
    phone: str | None = None
    caller: str | None = None
    kind: str | None = None
    status: str | None = None  # "open", "closed" or one status code
    start: datetime | None = None  # opened at or after
    end: datetime | None = None  # opened before
    limit: int = 50
    offset: int = 0

    def described(self) -> dict[str, Any]:
        out = {k: v for k, v in asdict(self).items() if v is not None}
        for k in ("start", "end"):
            if k in out:
                out[k] = iso(out[k])
        return out


def _prefix(column: Any, value: str) -> Any:
    """``column`` equal to ``value`` or starting with it, as an index range."""
    return and_(column >= value, column < value + TOP)


def _text(value: str) -> Any:
    """Free text: a number, unit or phone when it looks like one, else inside the words."""
    t = tickets.c
    if NUMBER.match(value):
        return t.number == value.upper()
    if UNIT.match(value):
        return _prefix(t.unit, value.upper())
    if DIGITS.match(value):
        return _prefix(t.phone, value)
    like = f"%{value.replace('%', '').replace('_', '')}%"
    return or_(t.summary.like(like), t.caller.like(like), t.location.like(like),
               t.part.like(like))


def _where(office: str, q: TicketQuery) -> list[Any]:
    t = tickets.c
    where: list[Any] = [t.office == office]
    if q.unit:
        where.append(_prefix(t.unit, q.unit.strip().upper()))
    if q.phone:
        where.append(_prefix(t.phone, q.phone.strip()))
    if q.caller:
        where.append(_prefix(t.caller, q.caller.strip()))
    if q.kind:
        where.append(t.kind == q.kind)
    if q.status == "open":
        where.append(t.status.in_(OPEN_STATUSES))
    elif q.status == "closed":
        where.append(t.status.not_in(OPEN_STATUSES))
    elif q.status:
        where.append(t.status == q.status)
    if q.start:
        where.append(t.opened_at >= q.start)
    if q.end:
        where.append(t.opened_at < q.end)
    if q.text and q.text.strip():
        where.append(_text(q.text.strip()))
    return where


def find_tickets(engine: Engine, office: str, q: TicketQuery) -> dict[str, Any]:
    """One page of the tickets that match, newest first, and how many match in all."""
    where = _where(office, q)
    t = tickets.c
    page: Select[Any] = (select(*(getattr(t, f) for f in FIELDS)).where(*where)
                         .order_by(t.opened_at.desc(), t.number.desc())
                         .limit(q.limit).offset(q.offset))
    count = select(func.count()).select_from(tickets).where(*where)
    with engine.connect() as conn:
        rows = [jsonable(dict(r)) for r in conn.execute(page).mappings()]
        total = int(conn.execute(count).scalar_one())
    return {"query": q.described(), "total": total, "limit": q.limit, "offset": q.offset,
            "rows": rows}


def find_keys(engine: Engine, office: str, text: str | None = None,
              unit: str | None = None, status: str | None = None) -> list[dict[str, Any]]:
    """Keys by label or unit (prefix), holder or owner (prefix), and status."""
    k = keys.c
    where: list[Any] = [k.office == office]
    if unit:
        where.append(_prefix(k.unit, unit.strip().upper()))
    if status:
        where.append(k.status == status)
    if text and text.strip():
        value = text.strip()
        where.append(or_(_prefix(k.label, value), _prefix(k.unit, value.upper()),
                         _prefix(k.borrower, value), _prefix(k.owner, value)))
    query = (select(k.label, k.key_class, k.unit, k.area, k.equipment, k.owner, k.status,
                    k.borrower, k.due_at).where(*where).order_by(k.label))
    with engine.connect() as conn:
        return [jsonable(dict(r)) for r in conn.execute(query).mappings()]


def find_renovations(engine: Engine, office: str, unit: str | None = None,
                     text: str | None = None, status: str | None = None
                     ) -> list[dict[str, Any]]:
    """Renovations by unit (prefix), owner or contractor (prefix), and status."""
    r = renovations.c
    where: list[Any] = [r.office == office]
    if unit:
        where.append(_prefix(r.unit, unit.strip().upper()))
    if status:
        where.append(r.status == status)
    if text and text.strip():
        value = text.strip()
        where.append(or_(_prefix(r.number, value.upper()), _prefix(r.unit, value.upper()),
                         _prefix(r.owner, value), _prefix(r.contractor, value)))
    query = (select(r.number, r.unit, r.owner, r.contractor, r.status, r.phase,
                    r.planned_from, r.planned_to, r.applied_at, r.final_at)
             .where(*where).order_by(r.applied_at.desc(), r.number.desc()))
    with engine.connect() as conn:
        return [jsonable(dict(r)) for r in conn.execute(query).mappings()]
