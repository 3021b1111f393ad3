"""The cashier's record of a unit's fee arrears (Q2): what a goods release checks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from propsvc.aggregates.base import Context
from propsvc.aggregates.fees import UnitFees, fees_id
from propsvc.desks.common import load_or_none, optional, parse_amount, unit
from propsvc.desks.result import Result
from propsvc.desks.service import Service
from propsvc.errors import RuleViolation
from propsvc.i18n import _
from propsvc.permissions import permit


class FeesDesk:
    def __init__(self, service: Service) -> None:
        self.svc = service

    def arrears(self, *, unit_: str, amount: str, note: str | None = None,
                at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "fees.arrears")
        u, owed, why = unit(unit_, "Q2"), parse_amount(amount), optional(note)

        def load(ctx: Context) -> list[Any]:
            fees: UnitFees | None = load_or_none(self.svc, fees_id(self.svc.who.office, u))
            if fees is None:
                return [UnitFees.first_arrears(ctx, u, owed, why)]
            return [fees]

        def command(aggs: list[Any], ctx: Context) -> None:
            if not aggs[0].pending:  # an existing record: add to it
                aggs[0].add_arrears(ctx, owed, why)

        return self.svc.act_together(load, command, at, UnitFees)

    def settle(self, *, unit_: str, at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "fees.settle")
        u = unit(unit_, "Q2")

        def load(ctx: Context) -> list[Any]:
            fees: UnitFees | None = load_or_none(self.svc, fees_id(self.svc.who.office, u))
            if fees is None:
                raise RuleViolation("Q2", _("unit {unit} has no arrears on record", unit=u))
            return [fees]

        return self.svc.act_together(load, lambda a, c: a[0].settle(c), at, UnitFees)
