"""Paid-service deadlines (V1): a return visit within the profile's days of completion
(other management services); the visit meets it, a miss goes to the supervisor."""

from __future__ import annotations

from datetime import timedelta

from propsvc.aggregates.base import Event
from propsvc.aggregates.paid import PaidCompleted, PaidService, PaidVisited
from propsvc.i18n import N_
from propsvc.policies.base import Action, Meet, Open
from propsvc.profile import Profile

VISIT = "V1.paid"


def plan_paid(event: Event, p: PaidService, profile: Profile) -> list[Action]:
    if isinstance(event, PaidCompleted):
        days = profile.paid.visit_days
        return [Open(VISIT, "V1", N_("return visit after a paid service"),
                     event.occurred_at + timedelta(days=days), days * 24 * 60,
                     N_("paid service completed"), "escalate:supervisor")]
    if isinstance(event, PaidVisited) and VISIT in p.deadlines \
            and p.deadlines[VISIT].state == "open":
        return [Meet(VISIT)]
    return []
