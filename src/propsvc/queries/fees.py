"""The cashier's arrears per unit (Q2)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from propsvc.projections.tables.fees import unit_fees
from propsvc.queries.common import fetch


def arrears(engine: Engine, office: str, unit: str | None = None) -> list[dict[str, Any]]:
    """Units with fees owed (one unit with ``unit``, owed or not)."""
    c = unit_fees.c
    query = select(unit_fees).where(c.office == office)
    query = query.where(c.unit == unit) if unit else query.where(c.owed > 0)
    return fetch(engine, query.order_by(c.unit))
