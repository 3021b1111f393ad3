"""Move-in deadlines (V1): the return visit is due one month after the move-in is
complete; the visit meets it, a miss is reported to the manager."""

from __future__ import annotations

from propsvc.aggregates.base import Event
from propsvc.aggregates.movein import MoveIn, MoveInCompleted, MoveInVisited
from propsvc.i18n import N_
from propsvc.policies.base import Action, Meet, Open
from propsvc.profile import Profile

VISIT = "V1.movein"


def plan_movein(event: Event, m: MoveIn, profile: Profile) -> list[Action]:
    if isinstance(event, MoveInCompleted):
        months = profile.services.movein_visit_months
        due = profile.office_calendar.add_months(event.occurred_at, months)
        minutes = max(1, int((due - event.occurred_at).total_seconds() // 60))
        return [Open(VISIT, "V1", N_("return visit after move-in"), due,
                     minutes, N_("move-in completed"), "escalate:manager")]
    if isinstance(event, MoveInVisited) and VISIT in m.deadlines \
            and m.deadlines[VISIT].state == "open":
        return [Meet(VISIT)]
    return []
