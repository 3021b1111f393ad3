"""The cashier's arrears per unit (Q2)."""

from __future__ import annotations

from typing import Any

from propsvc.projections._schema import unit_fees
from propsvc.queries.common import jsonable
from propsvc.queries.sql import Reads, cols, table


def arrears(db: Reads, office: str, unit: str | None = None) -> list[dict[str, Any]]:
    """Units with fees owed (one unit with ``unit``, owed or not)."""
    where, params = ("u.unit = ?", (office, unit)) if unit else ("u.owed > 0", (office,))
    rows = db.rows(cols(unit_fees, "u"), f"FROM {table(unit_fees, 'u')} WHERE u.office = ? "
                   f"AND {where} ORDER BY u.unit", params)
    return [jsonable(r) for r in rows]
