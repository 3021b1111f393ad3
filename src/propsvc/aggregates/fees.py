"""A unit's fee arrears as the cashier records them (Q2): what the desk checks before it
confirms a goods release. One aggregate per unit; arrears and settlements are events."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid5

from propsvc.aggregates.base import Aggregate, Context, Event
from propsvc.aggregates.ticket import NAMESPACE
from propsvc.errors import RuleViolation
from propsvc.i18n import _


def fees_id(office: str, unit: str) -> UUID:
    return uuid5(NAMESPACE, f"fees:{office}:{unit.strip().upper()}")


class ArrearsRecorded(Event):
    topic = "fees.ArrearsRecorded"
    rule: str = "Q2"
    unit: str
    amount: Decimal
    note: str | None = None

    def create(self) -> UnitFees:
        return UnitFees(self.originator_id, self.timestamp, self.occurred_at)

    def apply(self, aggregate: Any) -> None:
        aggregate.unit, aggregate.office = self.unit, self.office
        aggregate.owed += self.amount


class ArrearsSettled(Event):
    topic = "fees.ArrearsSettled"
    rule: str = "Q2"
    unit: str
    amount: Decimal

    def apply(self, aggregate: Any) -> None:
        aggregate.owed -= self.amount


class UnitFees(Aggregate):
    subject = "fees"

    def __init__(self, id: UUID, created_on: datetime, occurred_at: datetime) -> None:
        super().__init__(id, created_on, occurred_at)
        self.unit = self.office = ""
        self.owed = Decimal("0.00")

    @property
    def ref(self) -> str:
        return self.unit

    @property
    def status(self) -> str:
        return "owing" if self.owed > 0 else "settled"

    @classmethod
    def first_arrears(cls, ctx: Context, unit: str, amount: Decimal, note: str | None
                      ) -> UnitFees:
        return cls.start(ArrearsRecorded, fees_id(ctx.office, unit), ctx, unit=unit,
                         amount=amount, note=note)

    def add_arrears(self, ctx: Context, amount: Decimal, note: str | None) -> None:
        self.trigger(ArrearsRecorded, ctx, unit=self.unit, amount=amount, note=note)

    def settle(self, ctx: Context) -> None:
        if self.owed <= 0:
            raise RuleViolation("Q2", _("unit {unit} owes nothing", unit=self.unit))
        self.trigger(ArrearsSettled, ctx, unit=self.unit, amount=self.owed)
