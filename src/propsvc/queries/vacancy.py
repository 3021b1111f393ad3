"""空置房登记表 and the monthly inspection list (Q4)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from propsvc.calendar import parse_month
from propsvc.projections._schema import vacancies, vacancy_inspections
from propsvc.queries.common import jsonable
from propsvc.queries.sql import Reads, cols, table

VACANCY = cols(vacancies, "v")
FROM_VACANCIES = f"FROM {table(vacancies, 'v')}"


def vacancy_register(db: Reads, office: str, status: str | None = None
                     ) -> list[dict[str, Any]]:
    """Every vacancy period, by unit (only one status with ``status``)."""
    where, params = ("AND v.status = ? ", (office, status)) if status else ("", (office,))
    rows = db.rows(VACANCY, f"{FROM_VACANCIES} WHERE v.office = ? {where}"
                   "ORDER BY v.unit, v.period", params)
    return [jsonable(r) for r in rows]


def inspection_list(db: Reads, office: str, month: str) -> list[dict[str, Any]]:
    """The month's inspection list: every unit vacant at some time in ``month``, with its
    inspections that month (a unit not inspected is listed with none)."""
    first = parse_month(month)
    last = date(first.year + (first.month == 12), first.month % 12 + 1, 1) - timedelta(days=1)
    periods = [jsonable(r) for r in db.rows(
        VACANCY, f"{FROM_VACANCIES} WHERE v.office = ? AND v.starts_on <= ? AND "
        "(v.ended_on IS NULL OR v.ended_on >= ?) AND v.ends_on >= ? "
        "ORDER BY v.unit, v.period", (office, last, first, first))]
    done = [jsonable(r) for r in db.rows(
        cols(vacancy_inspections, "i"), f"FROM {table(vacancy_inspections, 'i')} WHERE "
        "i.office = ? AND i.month = ? ORDER BY i.inspected_at", (office, month))]
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
