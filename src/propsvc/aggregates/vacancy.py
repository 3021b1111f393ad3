"""Vacant units (空置房, Q4): one aggregate per unit, holding its vacancy periods.

An owner applies for a vacancy of at least three months; while vacant the unit pays the
reduced fee rate and is inspected every month; a month's reading of more than 1 t of water
or 5 kWh of power means someone lives there: the vacancy ends as occupied, the reduced
rate stops and the owner is told. The owner may also end it.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid5

from propsvc.aggregates.base import Aggregate, Context, Event
from propsvc.aggregates.deadlines import HasDeadlines
from propsvc.aggregates.ticket import NAMESPACE
from propsvc.errors import RuleViolation
from propsvc.i18n import _


def vacancy_id(office: str, unit: str) -> UUID:
    return uuid5(NAMESPACE, f"vacancy:{office}:{unit.strip().upper()}")


class VacancyApplied(Event):
    """Q4: the owner's application, for at least the minimum period, at the reduced rate."""

    topic = "vacancy.Applied"
    rule: str = "Q4"
    period: int
    unit: str
    owner: str | None = None
    starts_on: date
    ends_on: date
    fee_rate: float

    def create(self) -> Vacancy:
        return Vacancy(self.originator_id, self.timestamp, self.occurred_at)

    def apply(self, aggregate: Any) -> None:
        v: Vacancy = aggregate
        v.unit, v.office, v.period, v.current = self.unit, self.office, self.period, self


class VacancyInspected(Event):
    """Q4: the month's inspection and its meter readings against the limits."""

    topic = "vacancy.Inspected"
    rule: str = "Q4"
    period: int
    month: str
    water_tonnes: Decimal
    power_kwh: Decimal
    water_limit: float
    power_limit: float
    occupied: bool
    note: str | None = None

    def apply(self, aggregate: Any) -> None:
        aggregate.inspections += 1


class VacancyEnded(Event):
    """Q4: the vacancy is over — found occupied, or ended by the owner; the reduced
    rate stops from this day and the owner is told."""

    topic = "vacancy.Ended"
    rule: str = "Q4"
    period: int
    reason: str  # occupied | owner
    ended_on: date
    fee_rate_stopped: float
    owner_told: bool = True  # Q4: the owner is told the full fee applies again

    def apply(self, aggregate: Any) -> None:
        aggregate.current = None


class Vacancy(HasDeadlines, Aggregate):
    subject = "vacancy"

    def __init__(self, id: UUID, created_on: datetime, occurred_at: datetime) -> None:
        super().__init__(id, created_on, occurred_at)
        self.unit = self.office = ""
        self.period = 0
        self.inspections = 0
        self.current: VacancyApplied | None = None
        self.init_deadlines()

    @property
    def ref(self) -> str:
        return self.unit

    @property
    def status(self) -> str:
        return "vacant" if self.current is not None else "ended"

    @classmethod
    def first(cls, ctx: Context, **spec: Any) -> Vacancy:
        return cls.start(VacancyApplied, vacancy_id(ctx.office, spec["unit"]), ctx, period=1,
                         **spec)

    def apply_again(self, ctx: Context, **spec: Any) -> None:
        if self.current is not None:
            raise RuleViolation("Q4", _("unit {unit} is already vacant from {day}",
                                        unit=self.unit,
                                        day=self.current.starts_on.isoformat()))
        self.trigger(VacancyApplied, ctx, period=self.period + 1, **spec)

    def _active(self) -> VacancyApplied:
        if self.current is None:
            raise RuleViolation("Q4", _("unit {unit} is not registered as vacant (vacancy "
                                        "apply)", unit=self.unit))
        return self.current

    def inspect(self, ctx: Context, *, month: str, water: Decimal, power: Decimal,
                water_limit: float, power_limit: float, note: str | None,
                today: date) -> None:
        current = self._active()
        occupied = water > Decimal(str(water_limit)) or power > Decimal(str(power_limit))
        self.trigger(VacancyInspected, ctx, period=current.period, month=month,
                     water_tonnes=water, power_kwh=power, water_limit=water_limit,
                     power_limit=power_limit, occupied=occupied, note=note)
        if occupied:
            self.trigger(VacancyEnded, ctx, period=current.period, reason="occupied",
                         ended_on=today, fee_rate_stopped=current.fee_rate)

    def end(self, ctx: Context, today: date) -> None:
        current = self._active()
        self.trigger(VacancyEnded, ctx, period=current.period, reason="owner",
                     ended_on=today, fee_rate_stopped=current.fee_rate)
