"""Notifications on the read side (issue 15): a user's feed by office and roles, with
what that user has read; the unread count; and what a delivery target still has to
send."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, func, select

from propsvc.calendar import iso
from propsvc.projections._schema import notice_inboxes as notice_inboxes_t
from propsvc.projections._schema import notice_reads as notice_reads_t
from propsvc.projections._schema import notices as notices_t
from propsvc.projections.tables.notification import notices
from propsvc.queries.sql import Col, Reads, cols, marks, table

FIELDS = ("id", "office", "kind", "subject", "ref", "rule", "target", "level", "label",
          "note", "created_at", "occurred_at")


@dataclass(frozen=True)
class Reader:
    """Whose feed: one user, in one office, seeing the notifications of ``roles``."""

    office: str
    user: str
    roles: tuple[str, ...]


def _visible(who: Reader) -> ColumnElement[bool]:
    n = notices.c
    return and_(n.office == who.office, n.role.in_(who.roles))


def as_row(values: dict[str, Any]) -> dict[str, Any]:
    row = dict(values)
    row["number"] = row.pop("ref")
    row["created_at"] = iso(row["created_at"])
    row["occurred_at"] = iso(row["occurred_at"])
    if "read" in row:
        row["read"] = bool(row["read"])
    return row


NOTICES = f"FROM {table(notices_t, 'n')}"
FEED = cols(notices_t, "n", *FIELDS)


def _seen(who: Reader) -> tuple[str, tuple[Any, ...]]:
    """Whether the user has read notification ``n``: marked one by one, or recorded by
    the time of their last read-all."""
    until = (f'SELECT i.read_until FROM {table(notice_inboxes_t, "i")} WHERE i.office = ? '
             'AND i."user" = ?')
    return (f'(EXISTS (SELECT 1 FROM {table(notice_reads_t, "r")} WHERE r.office = ? AND '
            f'r."user" = ? AND r.id = n.id) OR (({until}) IS NOT NULL AND '
            f'n.created_at <= ({until})))',
            (who.office, who.user, who.office, who.user, who.office, who.user))


def _where(who: Reader) -> tuple[str, tuple[Any, ...]]:
    return (f"WHERE n.office = ? AND n.role IN ({marks(who.roles)})",
            (who.office, *who.roles))


def feed(db: Reads, who: Reader, *, unread_only: bool = False, limit: int = 50,
         offset: int = 0) -> list[dict[str, Any]]:
    """Newest first, once per notification however many of the roles it went to (for
    one role a notification is one row already: the feed index is read newest first,
    no grouping)."""
    seen, seen_params = _seen(who)
    where, params = _where(who)
    if unread_only:
        where, params = f"{where} AND NOT {seen}", (*params, *seen_params)
    group = f"GROUP BY {', '.join(c.expr for c in FEED)} " if len(who.roles) > 1 else ""
    read = Col("read", f"CASE WHEN {seen} THEN 1 ELSE 0 END", "int")
    rows = db.rows((*FEED, read), f"{NOTICES} {where} {group}ORDER BY n.created_at DESC, "
                   "n.occurred_at DESC, n.id LIMIT ? OFFSET ?",
                   (*seen_params, *params, limit, offset))
    return [as_row(r) for r in rows]


def count(db: Reads, who: Reader, *, unread_only: bool = False) -> int:
    """How many notifications the user sees (or has not read). For one role, from the
    feed index alone: those after the user's read-all mark, less those read one by one
    among them — not a look-up of the reads per notification."""
    where, params = _where(who)
    if len(who.roles) > 1:
        seen, seen_params = _seen(who)
        if unread_only:
            where, params = f"{where} AND NOT {seen}", (*params, *seen_params)
        return int(db.values(f"SELECT count(DISTINCT n.id) {NOTICES} {where}", params)[0][0])
    if not unread_only:
        return int(db.values(f"SELECT count(*) {NOTICES} {where}", params)[0][0])
    found = db.rows(cols(notice_inboxes_t, "i", "read_until"),
                    f'FROM {table(notice_inboxes_t, "i")} WHERE i.office = ? AND '
                    'i."user" = ?', (who.office, who.user))
    if found and found[0]["read_until"] is not None:
        where, params = f"{where} AND n.created_at > ?", (*params, found[0]["read_until"])
    shown = db.values(f"SELECT count(*) {NOTICES} {where}", params)[0][0]
    read = db.values(f'SELECT count(*) FROM {table(notice_reads_t, "r")} JOIN '
                     f"{table(notices_t, 'n')} ON n.id = r.id AND n.office = r.office "
                     f'{where} AND r.office = ? AND r."user" = ?',
                     (*params, who.office, who.user))[0][0]
    return int(shown) - int(read)


def newest(engine: Engine, who: Reader) -> datetime | None:
    """The recorded time of the newest notification the user can see (read-all's mark)."""
    query = select(func.max(notices.c.created_at)).where(_visible(who))
    with engine.connect() as conn:
        found: datetime | None = conn.execute(query).scalar_one()
    return found


def visible_ids(engine: Engine, who: Reader, ids: Sequence[str]) -> set[str]:
    """Which of ``ids`` the user can see (the others are unknown to them)."""
    n = notices.c
    query = select(n.id).where(_visible(who), n.id.in_(list(ids))).distinct()
    with engine.connect() as conn:
        return {r for (r,) in conn.execute(query)}


def for_delivery(engine: Engine, offices: Sequence[str] | None, roles: Sequence[str] | None,
                 since: datetime, limit: int = 500) -> list[dict[str, Any]]:
    """Notifications recorded since ``since`` for the offices and roles a target takes
    (None: all), oldest first, each once with the roles it went to."""
    n = notices.c
    conds: list[ColumnElement[bool]] = [n.created_at >= since]
    if offices:
        conds.append(n.office.in_(list(offices)))
    if roles:
        conds.append(n.role.in_(list(roles)))
    columns = [getattr(n, f) for f in FIELDS]
    query = (select(*columns, n.role).where(*conds)
             .order_by(n.created_at, n.id, n.role))
    out: dict[str, dict[str, Any]] = {}
    with engine.connect() as conn:
        for r in conn.execute(query).mappings():
            row = out.get(r["id"])
            if row is None:
                row = as_row({k: r[k] for k in FIELDS})
                row["roles"] = []
                out[r["id"]] = row
            row["roles"].append(r["role"])
            if len(out) > limit:
                out.pop(r["id"])
                break
    return list(out.values())
