"""物品放行登记表 (Q2), from the release events."""

from __future__ import annotations

from collections.abc import Iterable
from functools import singledispatchmethod
from typing import Any

from propsvc.aggregates import release as r
from propsvc.aggregates.base import Event
from propsvc.projections._schema import releases
from propsvc.projections.base import Projection
from propsvc.projections.rows import Key
from propsvc.projections.schema import TableSpec


class ReleaseRegister(Projection):
    name = "releases"
    tables = (releases,)

    def touches(self, event: Event) -> Iterable[tuple[TableSpec, Key]]:
        if event.topic.startswith("release."):
            yield releases, (self.oid(event),)

    def _set(self, e: Event, **values: Any) -> None:
        row = self.row(releases, (self.oid(e),))
        assert row is not None, f"release {e.originator_id} unknown to the register"
        self.cache(releases).put({**row, **values})

    @singledispatchmethod
    def handle(self, event: Event) -> None:
        return None

    @handle.register
    def _(self, e: r.ReleaseApplied) -> None:
        self.cache(releases).put({
            "release_id": self.oid(e), "office": e.office, "number": e.number,
            "applied_at": e.occurred_at, "unit": e.unit, "owner": e.owner, "goods": e.goods,
            "plate": e.plate, "driver": e.driver, "id_last4": e.driver_id_last4,
            "applied_by": e.actor, "confirmed_by": None, "confirmed_at": None,
            "signed_by": None, "signed_at": None, "out_at": None, "guard": None,
            "status": "applied"})

    @handle.register
    def _(self, e: r.ReleaseConfirmed) -> None:
        self._set(e, confirmed_by=e.actor, confirmed_at=e.occurred_at, status="confirmed")

    @handle.register
    def _(self, e: r.ReleaseSigned) -> None:
        self._set(e, signed_by=e.signed_by, signed_at=e.occurred_at)

    @handle.register
    def _(self, e: r.GoodsLetOut) -> None:
        self._set(e, out_at=e.occurred_at, guard=e.actor, status="out")
