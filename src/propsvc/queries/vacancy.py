"""空置房登记表 and the monthly inspection list (Q4)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine, and_, or_, select

from propsvc.calendar import parse_month
from propsvc.projections.tables.vacancy import vacancies, vacancy_inspections
from propsvc.queries.common import fetch


def vacancy_register(engine: Engine, office: str, status: str | None = None
                     ) -> list[dict[str, Any]]:
    """Every vacancy period, by unit (only one status with ``status``)."""
    c = vacancies.c
    query = select(vacancies).where(c.office == office)
    if status:
        query = query.where(c.status == status)
    return fetch(engine, query.order_by(c.unit, c.period))


def inspection_list(engine: Engine, office: str, month: str) -> list[dict[str, Any]]:
    """The month's inspection list: every unit vacant at some time in ``month``, with its
    inspections that month (a unit not inspected is listed with none)."""
    first = parse_month(month)
    last = date(first.year + (first.month == 12), first.month % 12 + 1, 1) - timedelta(days=1)
    c, i = vacancies.c, vacancy_inspections.c
    periods = fetch(engine, select(vacancies).where(
        c.office == office, c.starts_on <= last,
        or_(c.ended_on.is_(None), c.ended_on >= first),
        and_(c.ends_on >= first)).order_by(c.unit, c.period))
    done = fetch(engine, select(vacancy_inspections).where(
        i.office == office, i.month == month).order_by(i.inspected_at))
    by_period: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for row in done:
        by_period.setdefault((row["vacancy_id"], row["period"]), []).append(row)
    rows: list[dict[str, Any]] = []
    for p in periods:
        found = by_period.get((p["vacancy_id"], p["period"]), [])
        base = {"unit": p["unit"], "owner": p["owner"], "starts_on": p["starts_on"],
                "ends_on": p["ends_on"], "status": p["status"]}
        if not found:
            rows.append({**base, "inspected_at": None, "inspector": None,
                         "water_tonnes": None, "power_kwh": None, "occupied": None,
                         "note": None, "inspected": False})
        rows.extend({**base, **{k: r[k] for k in ("inspected_at", "inspector",
                                                   "water_tonnes", "power_kwh", "occupied",
                                                   "note")}, "inspected": True}
                    for r in found)
    return rows
