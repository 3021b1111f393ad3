"""``tick``: record every deadline missed up to a moment and follow its chain (R11).

One indexed query finds the open, unrecorded deadlines past due; each ticket concerned
is loaded once. Running it twice records nothing new: a recorded miss is not open-unmissed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from propsvc.aggregates.deadlines import Chased, DeadlineMissed, Escalated
from propsvc.calendar import iso
from propsvc.errors import InvalidInput
from propsvc.office.runtime import Runtime
from propsvc.permissions import permit
from propsvc.queries.repair import due_for_tick


def tick(rt: Runtime, at: datetime | None = None) -> dict[str, Any]:
    permit(rt.service.who.role, "tick")
    now = rt.clock.now()
    at = at or now
    if at > now:
        raise InvalidInput(f"tick --at {at.isoformat()} is in the future (now {now.isoformat()})")
    rt.catch_up()
    due = due_for_tick(rt.read_engine, rt.office, at)
    missed: list[dict[str, Any]] = []
    follow_ups: list[dict[str, Any]] = []
    for (subject, ref), keys in due.items():
        for e in rt.service.record_misses(subject, ref, keys, at):
            if isinstance(e, DeadlineMissed):
                missed.append({"subject": subject, "number": ref, "key": e.key,
                               "rule": e.rule, "due_at": iso(e.due_at),
                               "minutes_late": int((at - e.due_at).total_seconds() // 60)})
            elif isinstance(e, Chased | Escalated):
                follow_ups.append({"subject": subject, "number": ref,
                                   "action": type(e).__name__, "rule": e.rule, "to": e.to})
    rt.catch_up()
    return {"at": iso(at), "office": rt.office, "missed": missed, "follow_ups": follow_ups}
