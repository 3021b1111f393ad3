"""有偿服务登记表 (Q1): one row per paid-service request, from its events."""

from __future__ import annotations

from collections.abc import Iterable
from functools import singledispatchmethod
from typing import Any

from propsvc.aggregates import paid as pd
from propsvc.aggregates.base import Event
from propsvc.projections._schema import paid_services
from propsvc.projections.base import Projection
from propsvc.projections.rows import Key
from propsvc.projections.schema import TableSpec


class PaidRegister(Projection):
    name = "paid"
    tables = (paid_services,)

    def touches(self, event: Event) -> Iterable[tuple[TableSpec, Key]]:
        if event.topic.startswith("paid."):
            yield paid_services, (self.oid(event),)

    def _set(self, e: Event, **values: Any) -> None:
        row = self.row(paid_services, (self.oid(e),))
        assert row is not None, f"paid service {e.originator_id} unknown to the register"
        self.cache(paid_services).put({**row, **values})

    @singledispatchmethod
    def handle(self, event: Event) -> None:
        return None

    @handle.register
    def _(self, e: pd.PaidRequested) -> None:
        self.cache(paid_services).put({
            "paid_id": self.oid(e), "office": e.office, "number": e.number,
            "requested_at": e.occurred_at, "unit": e.unit, "caller": e.caller,
            "phone": e.phone, "service": e.service, "chargeable": None, "rate": None,
            "unit_price": None, "quantity": None, "amount": None, "free_reason": None,
            "accepted_by": None, "accepted_at": None, "department": None,
            "dispatched_to": None, "order_number": None, "dispatched_at": None,
            "completed_at": None, "collected": None, "cashier": None, "collected_at": None,
            "visited_at": None, "visit_result": None, "visit_within_window": None,
            "status": "requested"})

    @handle.register
    def _(self, e: pd.PaidDecided) -> None:
        self._set(e, chargeable=e.chargeable, rate=e.rate, unit_price=e.unit_price,
                  quantity=e.quantity if e.chargeable else None, amount=e.amount,
                  free_reason=e.reason, department=e.department,
                  status="quoted" if e.chargeable else "accepted")

    @handle.register
    def _(self, e: pd.PaidAccepted) -> None:
        self._set(e, accepted_by=e.signed_by, accepted_at=e.occurred_at, status="accepted")

    @handle.register
    def _(self, e: pd.PaidDispatched) -> None:
        self._set(e, dispatched_to=e.to, order_number=e.order, dispatched_at=e.occurred_at,
                  department=e.department, status="dispatched")

    @handle.register
    def _(self, e: pd.PaidCompleted) -> None:
        self._set(e, completed_at=e.occurred_at, status="completed")

    @handle.register
    def _(self, e: pd.PaidFeeCollected) -> None:
        self._set(e, collected=e.amount, cashier=e.cashier, collected_at=e.occurred_at)

    @handle.register
    def _(self, e: pd.PaidVisited) -> None:
        self._set(e, visited_at=e.occurred_at, visit_result=e.result,
                  visit_within_window=e.within_window, status="visited")
