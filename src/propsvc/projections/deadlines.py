"""Every deadline, indexed by state and due time: what ``tick`` and ``overdue`` read."""

from __future__ import annotations

from collections.abc import Iterable
from functools import singledispatchmethod

from propsvc.aggregates.base import Event
from propsvc.aggregates.deadlines import (
    DeadlineCancelled,
    DeadlineMet,
    DeadlineMissed,
    DeadlinePaused,
    DeadlineResumed,
    DeadlineSet,
)
from propsvc.projections._schema import deadlines
from propsvc.projections.base import Projection
from propsvc.projections.rows import Key
from propsvc.projections.schema import TableSpec


class DeadlineIndex(Projection):
    name = "deadlines"
    tables = (deadlines,)

    def touches(self, event: Event) -> Iterable[tuple[TableSpec, Key]]:
        key = getattr(event, "key", None)
        if event.topic.startswith("deadline.") and key is not None:
            yield deadlines, (self.oid(event), key)

    @singledispatchmethod
    def handle(self, event: Event) -> None:
        return None

    @handle.register
    def _(self, e: DeadlineSet) -> None:
        self.cache(deadlines).put({
            "ticket_id": self.oid(e), "key": e.key, "office": e.office,
            "subject": e.subject, "ref": e.ref, "rule": e.rule, "label": e.label,
            "due_at": e.due_at, "opened_at": e.occurred_at,
            "limit_minutes": e.limit_minutes, "state": "open", "missed": False,
            "met_at": None, "late_minutes": 0, "on_miss": e.on_miss,
        })

    def _update(self, e: Event, key: str, **values: object) -> None:
        row = self.row(deadlines, (self.oid(e), key))
        if row is not None:
            self.cache(deadlines).put({**row, **values})

    @handle.register
    def _(self, e: DeadlineMet) -> None:
        self._update(e, e.key, state="met", met_at=e.occurred_at,
                     late_minutes=e.late_minutes, missed=e.late_minutes > 0)

    @handle.register
    def _(self, e: DeadlineMissed) -> None:
        self._update(e, e.key, missed=True)

    @handle.register
    def _(self, e: DeadlineCancelled) -> None:
        self._update(e, e.key, state="cancelled")

    @handle.register
    def _(self, e: DeadlinePaused) -> None:
        self._update(e, e.key, state="paused")

    @handle.register
    def _(self, e: DeadlineResumed) -> None:
        self._update(e, e.key, state="open", due_at=e.due_at)
