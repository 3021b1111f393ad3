"""业主入住登记表 (Q5): one row per move-in, with its return visit (V1)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import singledispatchmethod
from typing import Any, ClassVar

from propsvc.aggregates import movein as mv
from propsvc.aggregates.base import Event
from propsvc.aggregates.deadlines import DeadlineSet
from propsvc.projections._schema import moveins
from propsvc.projections.base import Projection, RawWants
from propsvc.projections.rows import Key
from propsvc.projections.schema import TableSpec

VISIT_KEY = "V1.movein"


def _joined(old: str | None, new: Iterable[str]) -> str | None:
    items = [x for x in (old or "").split(",") if x]
    items.extend(x for x in new if x not in items)
    return ",".join(items) or None


class MoveInRegister(Projection):
    name = "moveins"
    tables = (moveins,)
    wants_raw: ClassVar[RawWants] = {DeadlineSet: (b'"key":"V1.movein"',)}

    def touches(self, event: Event) -> Iterable[tuple[TableSpec, Key]]:
        if event.topic.startswith("movein.") or (
                isinstance(event, DeadlineSet) and event.key == VISIT_KEY):
            yield moveins, (self.oid(event),)

    def _set(self, e: Event, **values: Any) -> dict[str, Any]:
        row = self.row(moveins, (self.oid(e),))
        assert row is not None, f"move-in {e.originator_id} unknown to the register"
        row = {**row, **values}
        self.cache(moveins).put(row)
        return row

    @singledispatchmethod
    def handle(self, event: Event) -> None:
        return None

    @handle.register
    def _(self, e: mv.MoveInStarted) -> None:
        self.cache(moveins).put({
            "movein_id": self.oid(e), "office": e.office, "number": e.number,
            "started_at": e.occurred_at, "unit": e.unit, "owner": e.owner, "phone": e.phone,
            "documents": None, "missing": ",".join(mv.DOCUMENTS), "agreements": None,
            "members": None, "vehicles": None, "emergency_contact": None, "paid": None,
            "keys": 0, "inspections": 0, "inspection_result": None, "defect_tickets": None,
            "completed_at": None, "visit_due_at": None, "visited_at": None,
            "visit_result": None, "visit_within_window": None, "visit_days": None,
            "status": "started"})

    @handle.register
    def _(self, e: mv.DocumentsVerified) -> None:
        row = self.row(moveins, (self.oid(e),))
        assert row is not None
        self._set(e, documents=_joined(row["documents"], e.documents),
                  missing=",".join(e.missing) or None)

    @handle.register
    def _(self, e: mv.AgreementsSigned) -> None:
        row = self.row(moveins, (self.oid(e),))
        assert row is not None
        self._set(e, agreements=_joined(row["agreements"], e.agreements))

    @handle.register
    def _(self, e: mv.OwnerFiled) -> None:
        self._set(e, members=",".join(e.members) or None,
                  vehicles=",".join(e.vehicles) or None,
                  emergency_contact=e.emergency_contact)

    @handle.register
    def _(self, e: mv.MoveInPaid) -> None:
        self._set(e, paid=e.amount)

    @handle.register
    def _(self, e: mv.MoveInKeysHandedOver) -> None:
        self._set(e, keys=e.count)

    @handle.register
    def _(self, e: mv.MoveInInspected) -> None:
        row = self.row(moveins, (self.oid(e),))
        assert row is not None
        self._set(e, inspections=e.round, inspection_result=e.result,
                  defect_tickets=_joined(row["defect_tickets"], e.tickets),
                  status="inspecting" if e.result == "defects" else "started")

    @handle.register
    def _(self, e: mv.MoveInCompleted) -> None:
        self._set(e, completed_at=e.occurred_at, status="completed")

    @handle.register
    def _(self, e: DeadlineSet) -> None:
        if e.key == VISIT_KEY:
            self._set(e, visit_due_at=e.due_at)

    @handle.register
    def _(self, e: mv.MoveInVisited) -> None:
        self._set(e, visited_at=e.occurred_at, visit_result=e.result,
                  visit_within_window=e.within_window, visit_days=e.days_after_completion,
                  status="visited")
