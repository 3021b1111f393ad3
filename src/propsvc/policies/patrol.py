"""P1: the day's patrol is reported to the manager by the end of that office day. The
deadline opens with the day's first finding; a miss goes up to the manager."""

from __future__ import annotations

from propsvc.aggregates.base import Event
from propsvc.aggregates.patrol import PatrolDay, PatrolDayOpened, PatrolReported
from propsvc.policies.base import Action, Meet, Open
from propsvc.profile import Profile

REPORT = "P1.report"


def plan_patrol_day(event: Event, day: PatrolDay, profile: Profile) -> list[Action]:
    cal = profile.office_calendar
    if isinstance(event, PatrolDayOpened) and event.first is not None:
        due = cal.end_of_day(event.occurred_at)
        minutes = max(1, int((due - event.occurred_at).total_seconds() // 60))
        return [Open(REPORT, "P1", f"the patrol of {event.day} reported to the manager",
                     due, minutes, "first finding of the day recorded", "escalate:manager")]
    if isinstance(event, PatrolReported) and REPORT in day.deadlines \
            and day.deadlines[REPORT].state == "open":
        return [Meet(REPORT)]
    return []
