"""What-if (issue 14): a month's deadlines replayed under another profile, in memory.

Each aggregate that had a deadline opened in the month is loaded from its own events.
The events people recorded (calls, work orders, arrivals, …) are replayed in order onto a
fresh aggregate, and the deadline policies react to them with the other profile — the
deadlines it would have set, met, paused or cancelled; the events propsvc recorded itself
(deadlines, misses, automatic chases) are left out, they are what is being recomputed.
Nothing is saved. Compliance per rule, as recorded and as it would have been, side by
side: on time, late (met after the due time, or still open past it), and the rate.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from propsvc.aggregates.base import SYSTEM_ROLES, Context, Event
from propsvc.aggregates.deadlines import Deadline
from propsvc.profile import Profile

Tally = dict[str, int]


def replayed(events: list[Event], service: Any) -> Any:
    """The aggregate the recorded people's events make under ``service``'s profile."""
    aggregate: Any = None
    for event in events:
        if event.role in SYSTEM_ROLES:
            continue
        version = (aggregate.version if aggregate is not None else 0) + 1
        copy = event.model_copy(update={"originator_version": version})
        aggregate = copy.mutate(aggregate)
        aggregate._pending.append(copy)
        service.settle(aggregate, Context(copy.occurred_at, copy.timestamp, "propsvc",
                                          "policy", copy.office))
        aggregate.collect_events()
    return aggregate


def tally(deadlines: list[Deadline], start: datetime, end: datetime, horizon: datetime,
          into: dict[str, Tally]) -> None:
    """Count each deadline opened in [start, end) by its outcome at ``horizon``."""
    for d in deadlines:
        if not start <= d.opened_at < end or d.state == "cancelled":
            continue
        row = into.setdefault(d.rule, {"deadlines": 0, "on_time": 0, "late": 0,
                                       "pending": 0})
        row["deadlines"] += 1
        if d.state == "met":
            row["late" if d.late_minutes > 0 else "on_time"] += 1
        elif d.due_at < horizon:
            row["late"] += 1
        else:
            row["pending"] += 1


def rate(row: Tally | None) -> float | None:
    if not row:
        return None
    decided = row["on_time"] + row["late"]
    return round(row["on_time"] / decided, 4) if decided else None


def compare(now: dict[str, Tally], then: dict[str, Tally]) -> list[dict[str, Any]]:
    from propsvc.desks.result import rule_order

    empty = {"deadlines": 0, "on_time": 0, "late": 0, "pending": 0}
    rows = []
    for rule in sorted({*now, *then}, key=rule_order):
        a, b = now.get(rule, empty), then.get(rule, empty)
        rows.append({"rule": rule, "now": {**a, "rate": rate(a)},
                     "whatif": {**b, "rate": rate(b)},
                     "change": None if rate(a) is None or rate(b) is None
                     else round(cast(float, rate(b)) - cast(float, rate(a)), 4)})
    return rows


def planning(profile: Profile, current: Profile) -> Profile:
    """The other profile with the office's business calendar (the current one's days)."""
    c = current.calendar
    return profile.with_business_days(set(c.holidays), set(c.workdays))
