"""A voided or merged ticket takes no further action: every deadline still open on it is
cancelled, so tick records no miss, chases nobody and the overdue list drops it."""

from __future__ import annotations

from typing import Any

from propsvc.aggregates.corrections import TicketMerged, TicketVoided
from propsvc.aggregates.ticket import Ticket
from propsvc.policies.base import Action, Cancel
from propsvc.profile import Profile


def react(event: Any, ticket: Ticket, profile: Profile) -> list[Action]:
    if isinstance(event, TicketVoided):
        why = f"voided: {event.reason}"
    elif isinstance(event, TicketMerged):
        why = f"merged into {event.into}"
    else:
        return []
    return [Cancel(d.key, why) for d in ticket.open_deadlines()]
