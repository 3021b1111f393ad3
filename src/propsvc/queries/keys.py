"""The key registers and lists (K1–K6): the cabinet, deposits, loans, overdue keys."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select

from propsvc.projections.tables.keys import key_deposits, key_loans, keys
from propsvc.queries.common import fetch


def key_list(engine: Engine, office: str, now: datetime | None = None,
             check_days: int | None = None) -> list[dict[str, Any]]:
    """Every key; with ``now`` and ``check_days``, whether its label check is due (K5)."""
    c = keys.c
    rows = fetch(engine, select(keys).where(c.office == office)
                 .order_by(c.key_class, c.label))
    if now is not None and check_days is not None:
        for row in rows:
            last = datetime.fromisoformat(row["label_checked_at"] or row["registered_at"])
            row["label_check_due"] = (row["status"] != "retrieved"
                                      and now - last >= timedelta(days=check_days))
    return rows


def key_overdue(engine: Engine, office: str, now: datetime) -> list[dict[str, Any]]:
    """K5: loans not back by their due time, oldest first."""
    c = key_loans.c
    rows = fetch(engine, select(key_loans).where(
        c.office == office, c.returned_at.is_(None), c.due_at < now).order_by(c.due_at))
    for row in rows:
        due = datetime.fromisoformat(row["due_at"])
        row["minutes_overdue"] = int((now - due).total_seconds() // 60)
    return rows


def deposit_register(engine: Engine, office: str) -> list[dict[str, Any]]:
    c = key_deposits.c
    return fetch(engine, select(key_deposits).where(c.office == office)
                 .order_by(c.deposited_at, c.label))


def loan_register(engine: Engine, office: str, start: datetime, end: datetime
                  ) -> list[dict[str, Any]]:
    c = key_loans.c
    return fetch(engine, select(key_loans).where(
        c.office == office, c.lent_at >= start, c.lent_at < end).order_by(c.lent_at))


def open_loans(engine: Engine, office: str, now: datetime) -> list[dict[str, Any]]:
    """Every key still out at ``now`` (lent by then), overdue ones flagged."""
    c = key_loans.c
    loans = fetch(engine, select(key_loans).where(c.office == office, c.returned_at.is_(None),
                                                  c.lent_at <= now).order_by(c.due_at))
    for row in loans:
        row["overdue"] = datetime.fromisoformat(row["due_at"]) < now
    return loans
