"""Key deadlines (K5): a loan opens "back by the due time"; the return meets it; a miss
chases the borrower."""

from __future__ import annotations

from propsvc.aggregates.base import Event
from propsvc.aggregates.keys import Key, KeyLent, KeyReturned
from propsvc.i18n import N_
from propsvc.policies.base import Action, Meet, Open
from propsvc.profile import Profile


def loan_key(loan: int) -> str:
    return f"K5.return#{loan}"


def plan_key(event: Event, key: Key, profile: Profile) -> list[Action]:
    if isinstance(event, KeyLent):
        minutes = max(1, int((event.due_at - event.occurred_at).total_seconds() // 60))
        return [Open(loan_key(event.loan), "K5", N_("key back from the borrower"),
                     event.due_at, minutes, N_("key lent"), f"chase:{event.borrower}"[:48])]
    if isinstance(event, KeyReturned):
        k = loan_key(event.loan)
        if k in key.deadlines and key.deadlines[k].state == "open":
            return [Meet(k)]
    return []
