"""Notifications on the read side (issue 15): a user's feed by office and roles, with
what that user has read; the unread count; and what a delivery target still has to
send."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, exists, func, not_, or_, select

from propsvc.calendar import iso
from propsvc.projections.tables.notification import notice_inboxes, notice_reads, notices

FIELDS = ("id", "office", "kind", "subject", "ref", "rule", "target", "level", "label",
          "note", "created_at", "occurred_at")


@dataclass(frozen=True)
class Reader:
    """Whose feed: one user, in one office, seeing the notifications of ``roles``."""

    office: str
    user: str
    roles: tuple[str, ...]


def _is_read(who: Reader) -> ColumnElement[bool]:
    n, r, i = notices.c, notice_reads.c, notice_inboxes.c
    until = (select(i.read_until).where(i.office == who.office, i.user == who.user)
             .scalar_subquery())
    one = exists().where(r.office == who.office, r.user == who.user, r.id == n.id)
    return or_(one, and_(until.is_not(None), n.created_at <= until))


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


def feed(engine: Engine, who: Reader, *, unread_only: bool = False, limit: int = 50,
         offset: int = 0) -> list[dict[str, Any]]:
    """Newest first, once per notification however many of the roles it went to (for
    one role a notification is one row already: the feed index is read newest first,
    no grouping)."""
    n = notices.c
    read = _is_read(who)
    columns = [getattr(n, f) for f in FIELDS]
    query = (select(*columns, read.label("read"))
             .where(_visible(who), *( [not_(read)] if unread_only else [])))
    if len(who.roles) > 1:
        query = query.group_by(*columns)
    query = (query.order_by(n.created_at.desc(), n.occurred_at.desc(), n.id)
             .limit(limit).offset(offset))
    with engine.connect() as conn:
        return [as_row(dict(r)) for r in conn.execute(query).mappings()]


def count(engine: Engine, who: Reader, *, unread_only: bool = False) -> int:
    """How many notifications the user sees (or has not read). For one role, from the
    feed index alone: those after the user's read-all mark, less those read one by one
    among them — not a look-up of the reads per notification."""
    n = notices.c
    if len(who.roles) > 1:
        query = select(func.count(func.distinct(n.id))).where(
            _visible(who), *([not_(_is_read(who))] if unread_only else []))
        with engine.connect() as conn:
            return int(conn.execute(query).scalar_one())
    with engine.connect() as conn:
        if not unread_only:
            return int(conn.execute(select(func.count()).select_from(notices)
                                    .where(_visible(who))).scalar_one())
        i, r = notice_inboxes.c, notice_reads.c
        until = conn.execute(select(i.read_until).where(
            i.office == who.office, i.user == who.user)).scalar_one_or_none()
        after = [_visible(who), *([n.created_at > until] if until is not None else [])]
        shown = conn.execute(select(func.count()).select_from(notices).where(*after)
                             ).scalar_one()
        read = conn.execute(select(func.count()).select_from(
            notice_reads.join(notices, and_(n.id == r.id, n.office == r.office)))
            .where(r.office == who.office, r.user == who.user, *after)).scalar_one()
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
