"""Who is told about a miss, a chase or an escalation (issue 15): the audience roles.

``tick`` records ``DeadlineMissed`` and, following the deadline's ``on_miss``, a
``Chased`` (``chase:<to>``) or an ``Escalated`` (``escalate:<to>``) event. Each of them
becomes one notification for the users holding the audience roles in the event's office:

* a miss goes to the desk (客服前台 keeps every deadline and chases it by hand);
* a chase or an escalation goes to the roles standing for its target below.

A chase addressed to a person (a key's borrower, K-rules) goes to the key holders (the
desk and security), who know whom to call. The table is code, not configuration: the
read model must give the same audience when it is rebuilt.
"""

from __future__ import annotations

import hashlib
from uuid import UUID

MISS_AUDIENCE: tuple[str, ...] = ("desk",)
TARGET_ROLES: dict[str, tuple[str, ...]] = {
    "supervisor": ("supervisor",),
    "superior": ("supervisor", "manager"),  # the handler's superior (C-rules)
    "manager": ("manager",),
    "senior-management": ("manager",),
    "company": ("manager",),  # the incident report to the company (I-rules)
    "maintenance": ("engineering", "technician"),
    "maintenance-head": ("engineering", "supervisor"),
    "inspector": ("engineering",),  # the renovation inspection (N-rules)
}
PERSON_AUDIENCE: tuple[str, ...] = ("desk", "security")
# "reported": a report made to a role (P1: the day's patrol reported to the manager)
KINDS = ("missed", "chased", "escalated", "reported")


def audience(kind: str, to: str | None = None) -> tuple[str, ...]:
    """The roles told about a ``kind`` notification addressed ``to`` a target."""
    if kind == "missed":
        return MISS_AUDIENCE
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    return TARGET_ROLES.get(to or "", PERSON_AUDIENCE)


def notice_id(originator_id: UUID | str, version: int) -> str:
    """The stable id of the notification made from one event (the same after a rebuild)."""
    return hashlib.sha1(f"{originator_id}:{version}".encode()).hexdigest()[:16]
