"""The delivery log: one row per notification and target (its state, attempts, next
try) and one row per attempt (when, outcome, the receiver's answer or the error).

These tables hold what happened to the outside world, not business facts, so they are
kept apart from the read models (``rebuild`` leaves them alone) in the same database.
An attempt is *claimed* before anything is sent, by one conditional UPDATE: two
deliverers (two servers, or a server and cron) cannot both send the same notification,
and a delivered notification is never sent again after a restart. An attempt cut off
before its outcome was written (a crash) is tried again once its lease has passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    inspect,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from propsvc.projections.tables.base import UTC_

log_metadata = MetaData()

deliveries = Table(
    "propsvc_deliveries", log_metadata,
    Column("notice_id", String(16), primary_key=True),
    Column("target", String(48), primary_key=True),
    Column("office", String(32), nullable=False),
    Column("state", String(12), nullable=False),  # pending | sending | sent | failed
    Column("attempts", Integer, nullable=False),
    Column("next_at", UTC_, nullable=False),
    Column("lease_until", UTC_),
    Column("sent_at", UTC_),
    Column("last_error", Text),
    Index("propsvc_deliveries_state", "state", "next_at"),
)

attempts = Table(
    "propsvc_delivery_attempts", log_metadata,
    Column("notice_id", String(16), primary_key=True),
    Column("target", String(48), primary_key=True),
    Column("attempt", Integer, primary_key=True),
    Column("started_at", UTC_, nullable=False),
    Column("finished_at", UTC_),
    Column("outcome", String(12)),  # sent | failed | (none: cut off)
    Column("detail", Text),
)


@dataclass(frozen=True)
class Claim:
    notice_id: str
    target: str
    attempt: int


def ensure_tables(engine: Engine) -> None:
    log_metadata.create_all(engine, checkfirst=True)


def states(engine: Engine, target: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    """The log rows of ``target`` for these notifications."""
    d = deliveries.c
    out: dict[str, dict[str, Any]] = {}
    with engine.connect() as conn:
        for start in range(0, len(ids), 500):
            query = select(deliveries).where(d.target == target,
                                             d.notice_id.in_(ids[start:start + 500]))
            out.update({r["notice_id"]: dict(r) for r in conn.execute(query).mappings()})
    return out


def _insert_new(conn: Connection, row: dict[str, Any]) -> None:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(dialect.insert(deliveries).values(**row).on_conflict_do_nothing())


def claim(engine: Engine, notice_id: str, target: str, office: str, now: datetime,
          lease: timedelta) -> Claim | None:
    """Take the next attempt of this notification for this target, or None when it is
    not due (sent, given up, waiting for its retry, or being sent by someone else)."""
    d = deliveries.c
    key = and_(d.notice_id == notice_id, d.target == target)
    due = or_(and_(d.state == "pending", d.next_at <= now),
              and_(d.state == "sending", d.lease_until <= now))
    with engine.begin() as conn:
        _insert_new(conn, {"notice_id": notice_id, "target": target, "office": office,
                           "state": "pending", "attempts": 0, "next_at": now})
        taken = conn.execute(update(deliveries).where(key, due).values(
            state="sending", attempts=d.attempts + 1, lease_until=now + lease))
        if taken.rowcount != 1:
            return None
        number = int(conn.execute(select(d.attempts).where(key)).scalar_one())
        conn.execute(attempts.insert().values(notice_id=notice_id, target=target,
                                              attempt=number, started_at=now))
    return Claim(notice_id, target, number)


def finish(engine: Engine, claim: Claim, now: datetime, outcome: str, detail: str,
           retry_at: datetime | None) -> str:
    """Record an attempt's outcome; return the state the delivery is left in."""
    d, a = deliveries.c, attempts.c
    if outcome == "sent":
        values: dict[str, Any] = {"state": "sent", "sent_at": now, "last_error": None}
    elif retry_at is not None:
        values = {"state": "pending", "next_at": retry_at, "last_error": detail}
    else:
        values = {"state": "failed", "last_error": detail}
    with engine.begin() as conn:
        conn.execute(update(attempts).where(
            a.notice_id == claim.notice_id, a.target == claim.target,
            a.attempt == claim.attempt).values(finished_at=now, outcome=outcome,
                                               detail=detail))
        conn.execute(update(deliveries).where(
            d.notice_id == claim.notice_id, d.target == claim.target,
            d.attempts == claim.attempt, d.state == "sending").values(
                lease_until=None, **values))
    return str(values["state"])


def history(engine: Engine, office: str | None = None, limit: int = 200
            ) -> list[dict[str, Any]]:
    """The latest attempts, newest first (``notify log``); none before the first run."""
    if not inspect(engine).has_table(attempts.name):
        return []
    a, d = attempts.c, deliveries.c
    query = (select(a.notice_id, a.target, a.attempt, a.started_at, a.finished_at,
                    a.outcome, a.detail, d.office, d.state)
             .join(deliveries, and_(d.notice_id == a.notice_id, d.target == a.target))
             .order_by(a.started_at.desc(), a.notice_id, a.attempt.desc()).limit(limit))
    if office:
        query = query.where(d.office == office)
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]
