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

from propsvc.calendar import iso
from propsvc.projections._schema import keys, renovations, tickets
from propsvc.queries.common import jsonable
from propsvc.queries.sql import Reads, cols, marks, table
from propsvc.vocabulary import OPEN_STATUSES

Where = list[tuple[str, tuple[Any, ...]]]  # (SQL, its parameters), joined by AND

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


def _prefix(column: str, value: str) -> tuple[str, tuple[Any, ...]]:
    """``column`` equal to ``value`` or starting with it, as an index range."""
    return f"({column} >= ? AND {column} < ?)", (value, value + TOP)


def _text(value: str) -> tuple[str, tuple[Any, ...]]:
    """Free text: a number, unit or phone when it looks like one, else inside the words."""
    if NUMBER.match(value):
        return "t.number = ?", (value.upper(),)
    if UNIT.match(value):
        return _prefix("t.unit", value.upper())
    if DIGITS.match(value):
        return _prefix("t.phone", value)
    like = f"%{value.replace('%', '').replace('_', '')}%"
    return ("(t.summary LIKE ? OR t.caller LIKE ? OR t.location LIKE ? OR t.part LIKE ?)",
            (like, like, like, like))


def _where(office: str, q: TicketQuery) -> Where:
    where: Where = [("t.office = ?", (office,))]
    if q.unit:
        where.append(_prefix("t.unit", q.unit.strip().upper()))
    if q.phone:
        where.append(_prefix("t.phone", q.phone.strip()))
    if q.caller:
        where.append(_prefix("t.caller", q.caller.strip()))
    if q.kind:
        where.append(("t.kind = ?", (q.kind,)))
    if q.status == "open":
        where.append((f"t.status IN ({marks(OPEN_STATUSES)})", tuple(OPEN_STATUSES)))
    elif q.status == "closed":
        where.append((f"t.status NOT IN ({marks(OPEN_STATUSES)})", tuple(OPEN_STATUSES)))
    elif q.status:
        where.append(("t.status = ?", (q.status,)))
    if q.start:
        where.append(("t.opened_at >= ?", (q.start,)))
    if q.end:
        where.append(("t.opened_at < ?", (q.end,)))
    if q.text and q.text.strip():
        where.append(_text(q.text.strip()))
    return where


def _joined(where: Where) -> tuple[str, tuple[Any, ...]]:
    return " AND ".join(w for w, _ in where), tuple(p for _, ps in where for p in ps)


def ticket_filter(office: str, q: TicketQuery) -> tuple[str, tuple[Any, ...]]:
    """The WHERE of a ticket search (on ``rm_tickets t``) and its parameters."""
    return _joined(_where(office, q))


def find_tickets(db: Reads, office: str, q: TicketQuery) -> dict[str, Any]:
    """One page of the tickets that match, newest first, and how many match in all."""
    where, params = ticket_filter(office, q)
    found = f"FROM {table(tickets, 't')} WHERE {where}"
    rows = [jsonable(r) for r in db.rows(
        cols(tickets, "t", *FIELDS),
        f"{found} ORDER BY t.opened_at DESC, t.number DESC LIMIT ? OFFSET ?",
        (*params, q.limit, q.offset))]
    total = int(db.values(f"SELECT count(*) {found}", params)[0][0])
    return {"query": q.described(), "total": total, "limit": q.limit, "offset": q.offset,
            "rows": rows}


def find_keys(db: Reads, office: str, text: str | None = None,
              unit: str | None = None, status: str | None = None) -> list[dict[str, Any]]:
    """Keys by label or unit (prefix), holder or owner (prefix), and status."""
    where: Where = [("k.office = ?", (office,))]
    if unit:
        where.append(_prefix("k.unit", unit.strip().upper()))
    if status:
        where.append(("k.status = ?", (status,)))
    if text and text.strip():
        value = text.strip()
        where.append(_any(_prefix("k.label", value), _prefix("k.unit", value.upper()),
                          _prefix("k.borrower", value), _prefix("k.owner", value)))
    sql, params = _joined(where)
    return [jsonable(r) for r in db.rows(
        cols(keys, "k", "label", "key_class", "unit", "area", "equipment", "owner", "status",
             "borrower", "due_at"),
        f"FROM {table(keys, 'k')} WHERE {sql} ORDER BY k.label", params)]


def _any(*alternatives: tuple[str, tuple[Any, ...]]) -> tuple[str, tuple[Any, ...]]:
    """One of the alternatives (an OR)."""
    return (f"({' OR '.join(w for w, _ in alternatives)})",
            tuple(p for _, ps in alternatives for p in ps))


def find_renovations(db: Reads, office: str, unit: str | None = None,
                     text: str | None = None, status: str | None = None
                     ) -> list[dict[str, Any]]:
    """Renovations by unit (prefix), owner or contractor (prefix), and status."""
    where: Where = [("r.office = ?", (office,))]
    if unit:
        where.append(_prefix("r.unit", unit.strip().upper()))
    if status:
        where.append(("r.status = ?", (status,)))
    if text and text.strip():
        value = text.strip()
        where.append(_any(_prefix("r.number", value.upper()), _prefix("r.unit", value.upper()),
                          _prefix("r.owner", value), _prefix("r.contractor", value)))
    sql, params = _joined(where)
    return [jsonable(r) for r in db.rows(
        cols(renovations, "r", "number", "unit", "owner", "contractor", "status", "phase",
             "planned_from", "planned_to", "applied_at", "final_at"),
        f"FROM {table(renovations, 'r')} WHERE {sql} "
        "ORDER BY r.applied_at DESC, r.number DESC", params)]
