"""Goods release (物品放行, Q2): one release slip, numbered FX-YYYYMMDD-NNN.

The desk registers the goods, the vehicle plate and the driver's ID; it confirms that the
unit's fees are settled (the cashier's record of arrears says so); the owner signs; only
then does security at the gate let the goods out.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid5

from propsvc.aggregates.base import Aggregate, Context, Event
from propsvc.aggregates.ticket import NAMESPACE
from propsvc.errors import RuleViolation
from propsvc.i18n import N_, _


def release_id(office: str, number: str) -> UUID:
    return uuid5(NAMESPACE, f"release:{office}:{number.strip().upper()}")


class ReleaseApplied(Event):
    topic = "release.Applied"
    number: str
    unit: str
    goods: str
    plate: str
    driver: str
    driver_id_last4: str
    owner: str | None = None

    def create(self) -> Release:
        return Release(self.originator_id, self.timestamp, self.occurred_at)

    def apply(self, aggregate: Any) -> None:
        r: Release = aggregate
        r.number, r.office, r.unit, r.goods = self.number, self.office, self.unit, self.goods
        r.plate, r.driver, r.owner = self.plate, self.driver, self.owner


class ReleaseConfirmed(Event):
    """Q2: the desk checked the cashier's record: nothing owed for the unit."""

    topic = "release.Confirmed"
    rule: str = "Q2"
    fees_checked_at: datetime

    def apply(self, aggregate: Any) -> None:
        aggregate.confirmed_by, aggregate.status = self.actor, "confirmed"


class ReleaseSigned(Event):
    """Q2: the owner signs the slip."""

    topic = "release.Signed"
    rule: str = "Q2"
    signed_by: str

    def apply(self, aggregate: Any) -> None:
        aggregate.signed_by = self.signed_by


class GoodsLetOut(Event):
    """Q2: security at the gate checked the slip and let the goods out."""

    topic = "release.GoodsLetOut"
    rule: str = "Q2"

    def apply(self, aggregate: Any) -> None:
        aggregate.status = "out"


class Release(Aggregate):
    subject = "release"

    def __init__(self, id: UUID, created_on: datetime, occurred_at: datetime) -> None:
        super().__init__(id, created_on, occurred_at)
        self.number = self.office = self.unit = self.goods = self.plate = self.driver = ""
        self.owner: str | None = None
        self.confirmed_by: str | None = None
        self.signed_by: str | None = None
        self.status = "applied"  # applied | confirmed | out

    @property
    def ref(self) -> str:
        return self.number

    @classmethod
    def apply_for(cls, number: str, ctx: Context, **spec: Any) -> Release:
        return cls.start(ReleaseApplied, release_id(ctx.office, number), ctx, number=number,
                         **spec)

    def _require(self, ok: bool, msgid: str, **values: object) -> None:
        if not ok:
            raise RuleViolation("Q2", _("{number}: ", number=self.number)
                                + _(msgid, **values))

    def confirm(self, ctx: Context, owed: Decimal) -> None:
        self._require(self.status != "out", N_("the goods are already out"))
        self._require(self.confirmed_by is None, N_("already confirmed by {who}"),
                      who=self.confirmed_by)
        self._require(owed <= 0, N_("unit {unit} owes {owed} in fees: settle them with the "
                      "cashier first"), unit=self.unit, owed=f"{owed:.2f}")
        self.trigger(ReleaseConfirmed, ctx, fees_checked_at=ctx.occurred_at)

    def sign(self, ctx: Context, signed_by: str) -> None:
        self._require(self.status != "out", N_("the goods are already out"))
        self._require(self.signed_by is None, N_("already signed by {who}"), who=self.signed_by)
        self.trigger(ReleaseSigned, ctx, signed_by=signed_by)

    def let_out(self, ctx: Context) -> None:
        self._require(self.status != "out", N_("the goods are already out"))
        self._require(self.confirmed_by is not None, N_("the desk has not confirmed the fees "
                      "are settled (release confirm)"))
        self._require(self.signed_by is not None, N_("the owner has not signed (release sign)"))
        self.trigger(GoodsLetOut, ctx)
