"""Which offices the store's registry holds, read from the registry's stored events.

A read checks its ``--office`` against the registry before anything else; loading the
registry aggregate for that would import the domain's event classes (pydantic models),
a tenth of a second a command that needs none of them otherwise. The registry records
one kind of event, ``office.Registered``, whose stored state names the ``code``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING
from uuid import UUID

from propsvc.errors import InvalidInput
from propsvc.store.cipher import plain_state

if TYPE_CHECKING:
    from eventsourcing.application import Application

    EventStore = Application[UUID]

# aggregates.offices.REGISTRY_ID (uuid5 of the ticket namespace; a test checks they agree)
REGISTRY_ID = UUID("e83efec7-29cb-5003-afb9-62e1ae0230fd")
REGISTERED = "office.Registered"


def registered_codes(store: EventStore) -> set[str] | None:
    """The registered office codes; ``None`` when the store has no registry yet."""
    events = store.recorder.select_events(REGISTRY_ID)
    if not events:
        return None
    return {json.loads(plain_state(bytes(e.state)))["code"] for e in events
            if e.topic == REGISTERED}


def unknown_office(office: str, known: Iterable[str]) -> InvalidInput:
    names = ", ".join(sorted(known)) or "none"
    return InvalidInput(f"unknown office {office!r} (known: {names}): check --office, or "
                        f"register it with propsvc office add {office} --name NAME")


def require_office(store: EventStore, office: str) -> None:
    """A read for an office the registry does not know is refused (no registry: any)."""
    codes = registered_codes(store)
    if codes is not None and office not in codes:
        raise unknown_office(office, codes)
