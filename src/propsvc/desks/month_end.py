"""Closing a month of the carry-over file (S7): the previous month must be closed first
when it holds items; the archive is the month's file exactly as it stood at its end."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from propsvc.aggregates import handover as h
from propsvc.aggregates.base import Context
from propsvc.calendar import parse_month
from propsvc.desks.common import load_or_none
from propsvc.desks.result import Result
from propsvc.desks.service import Service
from propsvc.errors import Conflict, RuleViolation
from propsvc.permissions import permit
from propsvc.queries.common import Source
from propsvc.queries.handover import carryover_file, carryover_live, previous_month
from propsvc.queries.sealed import (
    LOOK_BACK,
    SEALED,
    Pages,
    closed_months,
    month_pages,
    sealed_text,
)
from propsvc.queries.sql import Reads

SEAL_TRIES = 5  # a desk writing while the registers are built: build them again


def load_seals(svc: Service, src: Source, month: str) -> dict[str, dict[str, Pages]]:
    """The sealed registers of the closed months up to ``month`` (a year back), for the
    late entries an open month lists; months closed before seals existed have none."""
    seals: dict[str, dict[str, Pages]] = {}
    for closed in [m for m in closed_months(src) if m <= month][-(LOOK_BACK + 1):]:
        found: h.CarryoverFile | None = load_or_none(svc, h.file_id(src.office, closed))
        registers = found.seal.sealed_registers() if found and found.seal else {}
        if registers:
            seals[closed] = registers
    return seals


class MonthEnd:
    """``catch_up`` brings the read models up to date (the month's file is read from
    them); ``reads`` is where they are read; ``seal_point`` says which event of the log
    they stand at, and the chain's link there."""

    def __init__(self, service: Service, reads: Reads,
                 catch_up: Callable[[], object],
                 seal_point: Callable[[], tuple[int, str | None]] | None = None) -> None:
        self.svc, self.db, self.catch_up = service, reads, catch_up
        self.seal_point = seal_point

    def _seal(self, month: str) -> dict[str, Any]:
        """Every register of ``month`` as built now, and what it was built from."""
        if self.seal_point is None:
            return {}
        src = Source(self.db, self.svc.who.office, self.svc.profile, self.svc.clock.now())
        seals = load_seals(self.svc, src, month)
        for _ in range(SEAL_TRIES):
            position, link = self.seal_point()
            registers = {name: month_pages(src, name, month, seals) for name in SEALED}
            if self.seal_point()[0] == position:  # nothing applied meanwhile
                text, digest = sealed_text(registers)
                return {"position": position, "head_hash": link, "registers": text,
                        "digest": digest}
            self.catch_up()
        raise Conflict(f"the registers of {month} kept changing while they were sealed "
                       "(desks writing into it): close the month again")

    def close_month(self, month: str) -> Result:
        parse_month(month)
        self.catch_up()
        office, cal, now = self.svc.who.office, self.svc.calendar, self.svc.clock.now()
        before = carryover_file(self.db, office, cal, previous_month(month), now)
        if not before["archived"] and before["rows"]:
            raise RuleViolation("S7", f"close {previous_month(month)} first: its open items "
                                f"are copied into {month}'s file")
        permit(self.svc.who.role, "carryover.close_month")
        return self._archive(month, lambda: carryover_live(self.db, office, cal, month,
                                                           now))

    def _archive(self, month: str, rows: Callable[[], list[dict[str, Any]]]) -> Result:
        """S7: archive the month exactly as ``rows`` lists it (computed as of its end)."""
        month_end = self.svc.calendar.month_bounds(month)[1]
        office = self.svc.who.office

        def load(ctx: Context) -> list[Any]:
            if month_end > ctx.occurred_at:
                raise RuleViolation("S7", f"month {month} has not ended yet (it ends "
                                    f"{month_end.isoformat()}): close it after its last day")
            fid = h.file_id(office, month)
            done: h.CarryoverFile | None = load_or_none(self.svc, fid)
            if done is not None:
                raise RuleViolation("S7", f"month {month} was already closed at "
                                    f"{done.created_on.isoformat()}: an archived month "
                                    "never changes")
            return [h.CarryoverFile.start(h.MonthClosed, fid, ctx, month=month,
                                          items=rows(), **self._seal(month))]

        return self.svc.act_together(load, lambda a, c: None, None, h.CarryoverFile)
