"""空置房登记表 and the monthly inspection list (Q4), from the vacancy events."""

from __future__ import annotations

from collections.abc import Iterable
from functools import singledispatchmethod
from typing import Any, ClassVar

from propsvc.aggregates import vacancy as v
from propsvc.aggregates.base import Event
from propsvc.aggregates.deadlines import DeadlineMissed
from propsvc.projections._schema import vacancies, vacancy_inspections
from propsvc.projections.base import Projection, RawWants
from propsvc.projections.rows import Key
from propsvc.projections.schema import TableSpec


def _period_of(key: str) -> int:
    """The period in a deadline key ``Q4.inspect#<period>#<month>``."""
    return int(key.split("#")[1])


class VacancyRegister(Projection):
    name = "vacancies"
    tables = (vacancies, vacancy_inspections)
    wants_raw: ClassVar[RawWants] = {DeadlineMissed: (b'"rule":"Q4"',)}

    def touches(self, event: Event) -> Iterable[tuple[TableSpec, Key]]:
        period = getattr(event, "period", None)
        if isinstance(event, DeadlineMissed) and event.rule == "Q4":
            period = _period_of(event.key)
        elif not event.topic.startswith("vacancy."):
            return
        if period is not None:
            yield vacancies, (self.oid(event), period)

    def _set(self, e: Event, period: int, **values: Any) -> None:
        row = self.row(vacancies, (self.oid(e), period))
        assert row is not None, f"vacancy {e.originator_id} #{period} unknown to the register"
        self.cache(vacancies).put({**row, **values})

    @singledispatchmethod
    def handle(self, event: Event) -> None:
        return None

    @handle.register
    def _(self, e: v.VacancyApplied) -> None:
        self.cache(vacancies).put({
            "vacancy_id": self.oid(e), "period": e.period, "office": e.office,
            "unit": e.unit, "owner": e.owner, "starts_on": e.starts_on, "ends_on": e.ends_on,
            "fee_rate": e.fee_rate, "applied_at": e.occurred_at, "applied_by": e.actor,
            "inspections": 0, "missed_inspections": 0, "status": "vacant", "ended_on": None,
            "end_reason": None, "owner_told": None})

    @handle.register
    def _(self, e: v.VacancyInspected) -> None:
        row = self.row(vacancies, (self.oid(e), e.period))
        assert row is not None
        self._set(e, e.period, inspections=row["inspections"] + 1)
        self.cache(vacancy_inspections).put({
            "vacancy_id": self.oid(e), "version": e.originator_version, "office": e.office,
            "period": e.period, "unit": row["unit"], "month": e.month,
            "inspected_at": e.occurred_at, "inspector": e.actor,
            "water_tonnes": e.water_tonnes, "power_kwh": e.power_kwh,
            "occupied": e.occupied, "note": e.note})

    @handle.register
    def _(self, e: v.VacancyEnded) -> None:
        self._set(e, e.period, status="ended", ended_on=e.ended_on, end_reason=e.reason,
                  owner_told=e.owner_told)

    @handle.register
    def _(self, e: DeadlineMissed) -> None:
        if e.rule == "Q4":
            period = _period_of(e.key)
            row = self.row(vacancies, (self.oid(e), period))
            if row is not None:
                self._set(e, period, missed_inspections=row["missed_inspections"] + 1)
