"""Vacant-unit use cases (空置房, Q4): an owner's application, the monthly inspection
with its meter readings, the end of a vacancy."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from propsvc.aggregates.base import Context
from propsvc.aggregates.vacancy import Vacancy, vacancy_id
from propsvc.calendar import parse_date
from propsvc.desks.common import load_or_none, optional, unit
from propsvc.desks.result import Result
from propsvc.desks.service import Service
from propsvc.errors import InvalidInput, RuleViolation
from propsvc.i18n import N_, _
from propsvc.permissions import permit
from propsvc.policies.vacancy import ends_within


def reading(value: str | None, what: str, option: str) -> Decimal:
    """A meter reading for the month: a number ≥ 0 with at most 2 decimals."""
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, AttributeError):
        raise InvalidInput(_("Q4: cannot read {what} {value!r} ({option}): use a number "
                             "like 0.4", what=_(what), value=value, option=option)) from None
    if (not amount.is_finite() or amount < 0 or amount >= 100000
            or amount != amount.quantize(Decimal("0.01"))):
        raise InvalidInput(_("Q4: {what} {value} ({option}) must be between 0 and 99999.99 "
                             "with at most 2 decimals", what=_(what), value=value,
                             option=option))
    return amount.quantize(Decimal("0.01"))


def day(value: str | None, option: str) -> date:
    if not value:
        raise InvalidInput(_("Q4: {option} YYYY-MM-DD is required", option=option))
    return parse_date(value)


class VacancyDesk:
    def __init__(self, service: Service) -> None:
        self.svc = service

    def _load(self, u: str) -> Vacancy:
        found: Vacancy | None = load_or_none(self.svc, vacancy_id(self.svc.who.office, u))
        if found is None:
            raise RuleViolation("Q4", _("unit {unit} is not registered as vacant (vacancy "
                                        "apply)", unit=u))
        return found

    def apply(self, *, unit_: str, starts: str, ends: str, owner: str | None = None,
              at: datetime | None = None) -> Result:
        """Q4: refused for a period shorter than the profile's minimum (3 months)."""
        permit(self.svc.who.role, "vacancy.apply")
        u = unit(unit_, "Q4")
        first, last = day(starts, "--from"), day(ends, "--to")
        if last <= first:
            raise InvalidInput(_("Q4: --to must be after --from"))
        n = self.svc.profile.services
        if ends_within(first, last, n.vacancy_min_months):
            raise RuleViolation("Q4", _("a vacancy is at least {months} months: {start} to "
                                        "{end} is shorter", months=n.vacancy_min_months,
                                        start=first.isoformat(), end=last.isoformat()))
        spec: dict[str, Any] = {"unit": u, "owner": optional(owner), "starts_on": first,
                                "ends_on": last, "fee_rate": n.vacancy_fee_rate}

        def load(ctx: Context) -> list[Any]:
            found: Vacancy | None = load_or_none(self.svc, vacancy_id(self.svc.who.office, u))
            if found is None:
                return [Vacancy.first(ctx, **spec)]
            found.apply_again(ctx, **spec)
            return [found]

        return self.svc.act_together(load, lambda a, c: None, at, Vacancy)

    def inspect(self, *, unit_: str, water: str, power: str, note: str | None = None,
                at: datetime | None = None) -> Result:
        """Q4: over either limit the vacancy ends as occupied and the owner is told."""
        permit(self.svc.who.role, "vacancy.inspect")
        u = unit(unit_, "Q4")
        tonnes = reading(water, N_("the month's water in tonnes"), "--water")
        kwh = reading(power, N_("the month's power in kWh"), "--power")
        n, cal = self.svc.profile.services, self.svc.calendar

        def command(v: Vacancy, ctx: Context) -> None:
            v.inspect(ctx, month=cal.month_of(ctx.occurred_at), water=tonnes, power=kwh,
                      water_limit=n.vacancy_water_tonnes, power_limit=n.vacancy_power_kwh,
                      note=optional(note), today=cal.local_date(ctx.occurred_at))

        return self.svc.act_on(vacancy_id(self.svc.who.office, u), command, at,
                               lambda: self._load(u))

    def end(self, *, unit_: str, at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "vacancy.end")
        u = unit(unit_, "Q4")
        cal = self.svc.calendar
        return self.svc.act_on(vacancy_id(self.svc.who.office, u),
                               lambda v, c: v.end(c, cal.local_date(c.occurred_at)), at,
                               lambda: self._load(u))
