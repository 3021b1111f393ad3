"""Lost-property deadlines (Q3): a valuable reaches administration by the end of the day
it is found, every unclaimed item is in a weekly notice, and an item unclaimed after the
keeping period goes to the company. A claim ends them all."""

from __future__ import annotations

from datetime import timedelta

from propsvc.aggregates.base import Event
from propsvc.aggregates.found import (
    FoundClaimed,
    FoundDisposed,
    FoundItem,
    FoundNoticed,
    FoundRecorded,
    FoundSentToAdmin,
)
from propsvc.i18n import N_
from propsvc.policies.base import Action, Cancel, Meet, Open
from propsvc.profile import Profile

ADMIN, NOTICE, DISPOSE = "Q3.admin", "Q3.notice", "Q3.dispose"


def plan_found(event: Event, item: FoundItem, profile: Profile) -> list[Action]:
    n, cal = profile.services, profile.office_calendar
    if isinstance(event, FoundRecorded):
        found = event.occurred_at
        notice_due = found + timedelta(days=n.found_notice_days)
        dispose_due = cal.end_of_day(cal.add_months(found, n.found_keep_months))
        actions: list[Action] = [
            Open(NOTICE, "Q3", N_("found item in the notice of unclaimed items"), notice_due,
                 n.found_notice_days * 24 * 60, N_("item found"), "escalate:supervisor"),
            Open(DISPOSE, "Q3", N_("unclaimed item to the company for disposal"),
                 dispose_due, _minutes(dispose_due - found), N_("item found"),
                 "escalate:manager")]
        if event.valuable and n.valuables_same_day:
            end = cal.end_of_day(found)
            actions.insert(0, Open(ADMIN, "Q3", N_("valuable to administration the same day"),
                                   end, _minutes(end - found), N_("valuable found"),
                                   "escalate:manager"))
        return actions
    if isinstance(event, FoundSentToAdmin):
        return _meet(item, ADMIN)
    if isinstance(event, FoundNoticed):
        return _meet(item, NOTICE)
    if isinstance(event, FoundClaimed):
        return [Cancel(k, "claimed by its owner") for k in (ADMIN, NOTICE, DISPOSE)
                if _open(item, k)]
    if isinstance(event, FoundDisposed):
        return [*_meet(item, DISPOSE),
                *(Cancel(k, "disposed of") for k in (ADMIN, NOTICE) if _open(item, k))]
    return []


def _open(item: FoundItem, key: str) -> bool:
    return key in item.deadlines and item.deadlines[key].state == "open"


def _meet(item: FoundItem, key: str) -> list[Action]:
    return [Meet(key)] if _open(item, key) else []


def _minutes(span: timedelta) -> int:
    return max(1, int(span.total_seconds() // 60))
