"""What a missed deadline sets in motion (R11 chase chain; supervisor/manager escalation).

``on_miss`` strings are stored in ``DeadlineSet``: ``chase:<to>`` sends a reminder at the
next level, ``escalate:<to>`` reports the miss upwards.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FollowUp:
    kind: str  # "chase" | "escalate"
    to: str


def follow_up(on_miss: str | None) -> FollowUp | None:
    if not on_miss:
        return None
    kind, _, to = on_miss.partition(":")
    if kind not in ("chase", "escalate") or not to:
        raise ValueError(f"unknown on_miss action {on_miss!r}")
    return FollowUp(kind, to)
