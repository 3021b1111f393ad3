"""The key registers and lists (K1–K6): the cabinet, deposits, loans, overdue keys."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from propsvc.projections._schema import key_deposits, key_loans, keys
from propsvc.queries.common import jsonable
from propsvc.queries.sql import Reads, cols, table

LOAN = cols(key_loans, "l")
FROM_LOANS = f"FROM {table(key_loans, 'l')}"


def fetch(db: Reads, columns: tuple[Any, ...], rest: str, params: tuple[Any, ...]
          ) -> list[dict[str, Any]]:
    return [jsonable(r) for r in db.rows(columns, rest, params)]


def key_list(db: Reads, office: str, now: datetime | None = None,
             check_days: int | None = None) -> list[dict[str, Any]]:
    """Every key; with ``now`` and ``check_days``, whether its label check is due (K5)."""
    rows = fetch(db, cols(keys, "k"), f"FROM {table(keys, 'k')} WHERE k.office = ? "
                 "ORDER BY k.key_class, k.label", (office,))
    if now is not None and check_days is not None:
        for row in rows:
            last = datetime.fromisoformat(row["label_checked_at"] or row["registered_at"])
            row["label_check_due"] = (row["status"] != "retrieved"
                                      and now - last >= timedelta(days=check_days))
    return rows


def key_overdue(db: Reads, office: str, now: datetime) -> list[dict[str, Any]]:
    """K5: loans not back by their due time, oldest first."""
    rows = fetch(db, LOAN, f"{FROM_LOANS} WHERE l.office = ? AND l.returned_at IS NULL AND "
                 "l.due_at < ? ORDER BY l.due_at", (office, now))
    for row in rows:
        due = datetime.fromisoformat(row["due_at"])
        row["minutes_overdue"] = int((now - due).total_seconds() // 60)
    return rows


def deposit_register(db: Reads, office: str) -> list[dict[str, Any]]:
    return fetch(db, cols(key_deposits, "k"), f"FROM {table(key_deposits, 'k')} WHERE "
                 "k.office = ? ORDER BY k.deposited_at, k.label", (office,))


def loan_register(db: Reads, office: str, start: datetime, end: datetime
                  ) -> list[dict[str, Any]]:
    return fetch(db, LOAN, f"{FROM_LOANS} WHERE l.office = ? AND l.lent_at >= ? AND "
                 "l.lent_at < ? ORDER BY l.lent_at", (office, start, end))


def open_loans(db: Reads, office: str, now: datetime) -> list[dict[str, Any]]:
    """Every key still out at ``now`` (lent by then), overdue ones flagged."""
    loans = fetch(db, LOAN, f"{FROM_LOANS} WHERE l.office = ? AND l.returned_at IS NULL AND "
                  "l.lent_at <= ? ORDER BY l.due_at", (office, now))
    for row in loans:
        row["overdue"] = datetime.fromisoformat(row["due_at"]) < now
    return loans
