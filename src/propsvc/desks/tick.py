"""``tick``: record every deadline missed up to a moment and follow its chain (R11).

One indexed query finds the open, unrecorded deadlines past due; each aggregate concerned
is loaded once. Running it twice records nothing new: a recorded miss is not open-unmissed.
The read models catch up before (the query needs them) and once after all the saves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from propsvc.aggregates.deadlines import Chased, DeadlineMissed, Escalated
from propsvc.calendar import iso
from propsvc.desks.service import Service
from propsvc.errors import InvalidInput
from propsvc.permissions import permit
from propsvc.queries.deadlines import due_for_tick
from propsvc.queries.sql import Reads


@dataclass
class Ticked:
    """What one tick recorded; ``view()`` is the stable ``tick --json`` shape."""

    at: datetime
    office: str
    missed: list[dict[str, Any]] = field(default_factory=list)
    follow_ups: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def view(self) -> dict[str, Any]:
        return {"at": iso(self.at), "office": self.office, "missed": self.missed,
                "follow_ups": self.follow_ups}


class Ticker:
    def __init__(self, service: Service, reads: Reads,
                 catch_up: Callable[[], object]) -> None:
        self.svc, self.db, self.catch_up = service, reads, catch_up

    def tick(self, at: datetime | None = None) -> Ticked:
        permit(self.svc.who.role, "tick")
        now = self.svc.clock.now()
        at = at or now
        if at > now:
            raise InvalidInput(f"tick --at {at.isoformat()} is in the future "
                               f"(now {now.isoformat()})")
        self.catch_up()
        office = self.svc.who.office
        done = Ticked(at, office)
        for (subject, ref), keys in due_for_tick(self.db, office, at).items():
            for e in self.svc.record_misses(subject, ref, keys, at):
                if isinstance(e, DeadlineMissed):
                    done.missed.append({
                        "subject": subject, "number": ref, "key": e.key, "rule": e.rule,
                        "due_at": iso(e.due_at),
                        "minutes_late": int((at - e.due_at).total_seconds() // 60)})
                elif isinstance(e, Chased | Escalated):
                    done.follow_ups.append({"subject": subject, "number": ref,
                                            "action": type(e).__name__, "rule": e.rule,
                                            "to": e.to})
        done.warnings = self.svc.catch_up_after_write()
        return done
