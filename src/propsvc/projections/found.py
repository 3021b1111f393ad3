"""拾遗物品登记表 (Q3): one row per found item, from its events."""

from __future__ import annotations

from collections.abc import Iterable
from functools import singledispatchmethod
from typing import Any

from propsvc.aggregates import found as f
from propsvc.aggregates.base import Event
from propsvc.projections._schema import found_items
from propsvc.projections.base import Projection
from propsvc.projections.rows import Key
from propsvc.projections.schema import TableSpec


class FoundRegister(Projection):
    name = "found"
    tables = (found_items,)

    def touches(self, event: Event) -> Iterable[tuple[TableSpec, Key]]:
        if event.topic.startswith("found.") and not isinstance(event, f.NoticePosted):
            yield found_items, (self.oid(event),)

    def _set(self, e: Event, **values: Any) -> None:
        row = self.row(found_items, (self.oid(e),))
        assert row is not None, f"found item {e.originator_id} unknown to the register"
        self.cache(found_items).put({**row, **values, "updated_at": e.occurred_at})

    @singledispatchmethod
    def handle(self, event: Event) -> None:
        return None

    @handle.register
    def _(self, e: f.FoundRecorded) -> None:
        self.cache(found_items).put({
            "found_id": self.oid(e), "office": e.office, "number": e.number,
            "found_at": e.occurred_at, "place": e.place, "item": e.item, "finder": e.finder,
            "valuable": e.valuable, "recorded_by": e.actor, "admin_by": None,
            "admin_at": None, "noticed": None, "claimant": None, "id_last4": None,
            "description": None, "claimed_at": None, "disposed_at": None, "status": "held",
            "updated_at": e.occurred_at})

    @handle.register
    def _(self, e: f.FoundSentToAdmin) -> None:
        self._set(e, admin_by=e.received_by, admin_at=e.occurred_at)

    @handle.register
    def _(self, e: f.FoundNoticed) -> None:
        row = self.row(found_items, (self.oid(e),))
        assert row is not None
        weeks = [w for w in (row["noticed"] or "").split(",") if w]
        self._set(e, noticed=",".join([*weeks, e.week]))

    @handle.register
    def _(self, e: f.FoundClaimed) -> None:
        self._set(e, claimant=e.claimant, id_last4=e.id_last4, description=e.description,
                  claimed_at=e.occurred_at, status="claimed")

    @handle.register
    def _(self, e: f.FoundDisposed) -> None:
        self._set(e, disposed_at=e.occurred_at, status="disposed")
