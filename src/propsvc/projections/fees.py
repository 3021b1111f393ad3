"""The cashier's arrears per unit (Q2), from the fees events."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from functools import singledispatchmethod

from propsvc.aggregates import fees as f
from propsvc.aggregates.base import Event
from propsvc.projections._schema import unit_fees
from propsvc.projections.base import Projection
from propsvc.projections.rows import Key
from propsvc.projections.schema import TableSpec


class FeesRegister(Projection):
    name = "fees"
    tables = (unit_fees,)

    def touches(self, event: Event) -> Iterable[tuple[TableSpec, Key]]:
        if event.topic.startswith("fees."):
            yield unit_fees, (self.oid(event),)

    def _owed(self, e: f.ArrearsRecorded | f.ArrearsSettled, change: Decimal) -> None:
        row = self.row(unit_fees, (self.oid(e),))
        owed = (Decimal(str(row["owed"])) if row else Decimal("0")) + change
        self.cache(unit_fees).put({"fees_id": self.oid(e), "office": e.office,
                                   "unit": e.unit, "owed": owed, "updated_at": e.occurred_at,
                                   "updated_by": e.actor})

    @singledispatchmethod
    def handle(self, event: Event) -> None:
        return None

    @handle.register
    def _(self, e: f.ArrearsRecorded) -> None:
        self._owed(e, e.amount)

    @handle.register
    def _(self, e: f.ArrearsSettled) -> None:
        self._owed(e, -e.amount)
