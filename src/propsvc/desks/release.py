"""Goods-release use cases (物品放行, Q2): apply, the desk's fee confirmation, the owner's
signature, security letting the goods out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

from propsvc.aggregates.base import Context
from propsvc.aggregates.fees import UnitFees, fees_id
from propsvc.aggregates.release import Release, release_id
from propsvc.desks.common import (
    id_last4,
    load_numbered,
    load_or_none,
    optional,
    record_number,
    required,
    unit,
)
from propsvc.desks.result import Result
from propsvc.desks.service import Service
from propsvc.errors import InvalidInput
from propsvc.i18n import N_, _
from propsvc.permissions import permit

PREFIX = "FX"


def plate(value: str | None) -> str:
    text = required(value, N_("the vehicle plate (--plate)"), "Q2").upper().replace(" ", "")
    if not 5 <= len(text) <= 10:
        raise InvalidInput(_("Q2: plate {value!r} is not a vehicle plate, e.g. 粤B12345",
                             value=value))
    return text


class ReleaseDesk:
    def __init__(self, service: Service) -> None:
        self.svc = service

    def load(self, number: str) -> Release:
        ref = record_number(number, PREFIX, N_("goods release"), "Q2")
        found: Release = load_numbered(self.svc, release_id(self.svc.who.office, ref), ref,
                                       N_("goods release"), "register releases")
        return found

    def _act(self, number: str, command: Callable[[Release, Context], None],
             at: datetime | None) -> Result:
        release = self.load(number)
        return self.svc.act_on(release.id, command, at, lambda: self.load(number))

    def apply(self, *, unit_: str, goods: str, plate_: str, driver: str,
              driver_id_last4: str, owner: str | None = None, at: datetime | None = None
              ) -> Result:
        permit(self.svc.who.role, "release.apply")
        spec: dict[str, Any] = {
            "unit": unit(unit_, "Q2"), "goods": required(goods, N_("the goods (--goods)"), "Q2"),
            "plate": plate(plate_), "driver": required(driver, N_("the driver (--driver)"), "Q2"),
            "driver_id_last4": id_last4(driver_id_last4, "Q2"), "owner": optional(owner)}
        return self.svc.open_numbered(PREFIX, at, lambda number, ctx: Release.apply_for(
            number, ctx, **spec))

    def confirm(self, number: str, at: datetime | None = None) -> Result:
        """Q2: refused while the cashier has arrears on record for the unit."""
        permit(self.svc.who.role, "release.confirm")

        def command(release: Release, ctx: Context) -> None:
            fees: UnitFees | None = load_or_none(
                self.svc, fees_id(self.svc.who.office, release.unit))
            release.confirm(ctx, fees.owed if fees is not None else Decimal("0"))

        return self._act(number, command, at)

    def sign(self, number: str, *, signed_by: str, at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "release.sign")
        who = required(signed_by, N_("the owner who signs (--signed-by)"), "Q2")
        return self._act(number, lambda r, c: r.sign(c, who), at)

    def out(self, number: str, at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "release.out")
        return self._act(number, lambda r, c: r.let_out(c), at)
