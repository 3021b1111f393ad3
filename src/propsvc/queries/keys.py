"""Read-side access for keys and renovations: registers and lists (K1–K6, N1–N10)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Select, and_, exists, or_, select

from propsvc.projections.tables.deadlines import deadlines
from propsvc.projections.tables.keys import key_deposits, key_loans, keys
from propsvc.projections.tables.renovation import extensions, passes, renovations, spot_checks
from propsvc.queries.repair import _json

ACTIVE = ("active", "initial_accepted")


def _rows(engine: Engine, query: Select[Any]) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [_json(dict(r)) for r in conn.execute(query).mappings()]


def key_list(engine: Engine, office: str, now: datetime | None = None,
             check_days: int | None = None) -> list[dict[str, Any]]:
    """Every key; with ``now`` and ``check_days``, whether its label check is due (K5)."""
    c = keys.c
    rows = _rows(engine, select(keys).where(c.office == office)
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
    rows = _rows(engine, select(key_loans).where(
        c.office == office, c.returned_at.is_(None), c.due_at < now).order_by(c.due_at))
    for row in rows:
        due = datetime.fromisoformat(row["due_at"])
        row["minutes_overdue"] = int((now - due).total_seconds() // 60)
    return rows


def deposit_register(engine: Engine, office: str) -> list[dict[str, Any]]:
    c = key_deposits.c
    return _rows(engine, select(key_deposits).where(c.office == office)
                 .order_by(c.deposited_at, c.label))


def loan_register(engine: Engine, office: str, start: datetime, end: datetime
                  ) -> list[dict[str, Any]]:
    c = key_loans.c
    return _rows(engine, select(key_loans).where(
        c.office == office, c.lent_at >= start, c.lent_at < end).order_by(c.lent_at))


def renovation_register(engine: Engine, office: str, status: str | None = None
                        ) -> list[dict[str, Any]]:
    c = renovations.c
    query = select(renovations).where(c.office == office)
    if status == "active":
        query = query.where(c.status.in_(ACTIVE))
    elif status:
        query = query.where(c.status == status)
    return _rows(engine, query.order_by(c.applied_at, c.number))


def pass_register(engine: Engine, office: str, renovation: str | None = None
                  ) -> list[dict[str, Any]]:
    c = passes.c
    query = select(passes).where(c.office == office)
    if renovation:
        query = query.where(c.renovation == renovation.upper())
    return _rows(engine, query.order_by(c.issued_at, c.number))


def extension_register(engine: Engine, office: str) -> list[dict[str, Any]]:
    c = extensions.c
    return _rows(engine, select(extensions).where(c.office == office)
                 .order_by(c.granted_at))


def due_inspections(engine: Engine, office: str, end: datetime, now: datetime
                    ) -> list[dict[str, Any]]:
    """N5: open inspection deadlines due before ``end`` (overdue ones included)."""
    d, r = deadlines.c, renovations.c
    query = (select(r.number, r.unit, r.contractor, r.phase, d.label, d.due_at, d.missed,
                    d.limit_minutes)
             .join(renovations, r.reno_id == d.ticket_id)
             .where(d.office == office, d.subject == "renovation", d.rule == "N5",
                    d.state == "open", d.due_at < end)
             .order_by(d.due_at, r.number))
    rows = _rows(engine, query)
    for row in rows:
        row["overdue"] = datetime.fromisoformat(row["due_at"]) < now
    return rows


def spot_check_list(engine: Engine, office: str, start: datetime, end: datetime
                    ) -> list[dict[str, Any]]:
    """N10: every unit renovating that day (permit issued, final acceptance not yet
    before the day), and whether the manager checked it that day."""
    r, s = renovations.c, spot_checks.c
    checked = exists().where(and_(s.reno_id == r.reno_id, s.checked_at >= start,
                                  s.checked_at < end))
    query = (select(r.number, r.unit, r.contractor, r.phase, r.open_violations,
                    checked.label("checked"))
             .where(r.office == office, r.permit_at.is_not(None), r.permit_at < end,
                    or_(r.final_at.is_(None), r.final_at >= start)).order_by(r.unit))
    return _rows(engine, query)


def handover_items(engine: Engine, office: str, now: datetime) -> dict[str, Any]:
    """What a shift hands over from keys and renovations (for the S1–S5 handover log):
    every key still out (overdue ones flagged) and every renovation in progress."""
    c = key_loans.c
    loans = _rows(engine, select(key_loans).where(c.office == office, c.returned_at.is_(None),
                                                  c.lent_at <= now).order_by(c.due_at))
    for row in loans:
        row["overdue"] = datetime.fromisoformat(row["due_at"]) < now
    return {"key_loans_open": loans,
            "renovations_active": renovation_register(engine, office, "active")}
