"""The deadline policy of a ticket: the reactor of its kind plus those every kind shares.

One explicit table, no registration by import: repairs (R3–R11), complaints (C3–C9),
help (H2, H6) and inquiries (H4); information feedback (F2, F3) and corrections (a voided
or merged ticket's deadlines are cancelled) apply to every kind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from propsvc.aggregates.ticket import Ticket
from propsvc.policies import complaint, corrections, help, repair
from propsvc.policies.base import Action, Cancel, Meet
from propsvc.profile import Profile

Reactor = Callable[[Any, Ticket, Profile], list[Action]]
REACTORS: dict[str, Reactor] = {
    "repair": repair.react,
    "complaint": complaint.react,
    "help": help.react_help,
    "inquiry": help.react_inquiry,
}
SHARED: tuple[Reactor, ...] = (complaint.feedback, corrections.react)


def plan(event: Any, ticket: Ticket, profile: Profile) -> list[Action]:
    """The actions for ``event``, skipping meets of deadlines that are not open."""
    reactor = REACTORS.get(ticket.kind)
    actions = reactor(event, ticket, profile) if reactor else []
    for shared in SHARED:
        actions = actions + shared(event, ticket, profile)
    out: list[Action] = []
    for a in actions:
        if isinstance(a, Meet | Cancel) and (
                a.key not in ticket.deadlines
                or ticket.deadlines[a.key].state not in ("open", "paused")
                or any(isinstance(b, Meet | Cancel) and b.key == a.key for b in out)):
            continue
        out.append(a)
    return out
