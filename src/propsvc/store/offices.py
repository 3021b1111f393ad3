"""The store admits events of registered offices only (issue 9: no phantom offices).

``admit`` runs inside ``EventStore.save``: an event whose office is not in the registry
is refused before anything is written, with the list of known offices. A store without
a registry yet (new, or made before offices were registered) gets one with its first
write: the writing office, and every office the store already holds events of, are
registered then (``auto``), so the README flow and existing stores keep working.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from propsvc.aggregates.base import Context, Event
from propsvc.aggregates.offices import REGISTRY_ID, OfficeRegistered, OfficeRegistry
from propsvc.store.cipher import plain_state
from propsvc.store.office_codes import require_office, unknown_office

if TYPE_CHECKING:
    from uuid import UUID

    from eventsourcing.application import Application

    EventStore = Application[UUID]  # the store's type, named without importing it (a cycle)

DEFAULT_TIMEZONE = "Asia/Shanghai"
__all__ = ["admit", "registry", "require_office", "unknown_office"]
_OFFICE = re.compile(rb'"office":"((?:[^"\\]|\\.)*)"')


def registry(store: EventStore) -> OfficeRegistry | None:
    from eventsourcing.application import AggregateNotFoundError

    try:
        found: OfficeRegistry = store.repository.get(REGISTRY_ID)
    except AggregateNotFoundError:
        return None
    return found


def admit(store: EventStore, objs: Sequence[Any]) -> OfficeRegistry | None:
    """Check the offices of the events about to be saved; return a registry to save with
    them when this write is the store's first (or its first since the upgrade)."""
    pending = [e for o in objs for e in getattr(o, "pending", ())]
    if not pending:
        return None
    given = next((o for o in objs if isinstance(o, OfficeRegistry)), None)
    found = given or registry(store)
    offices = {e.office for e in pending}
    if found is not None:
        unknown = sorted(offices - set(found.offices))
        if not unknown:
            return None
        if found.version != len(found.pending):  # a registry already stored
            raise unknown_office(unknown[0], found.offices)
    return _bootstrap(store, found, offices | _offices_in_log(store), pending[0])


def _bootstrap(store: EventStore, found: OfficeRegistry | None, offices: set[str],
               first: Event) -> OfficeRegistry | None:
    ctx = Context(first.occurred_at, first.timestamp, first.actor, first.role, first.office)
    registry_ = found
    for code in sorted(offices, key=lambda c: (c != first.office, c)):
        if registry_ is not None and code in registry_.offices:
            continue
        if registry_ is None:
            registry_ = OfficeRegistry.begin(code, code, DEFAULT_TIMEZONE, ctx, auto=True)
        else:
            registry_.add(code, code, DEFAULT_TIMEZONE, ctx, auto=True)
    return None if registry_ is found else registry_


def _offices_in_log(store: EventStore) -> set[str]:
    """The offices named by the events already stored (once, for an old store)."""
    found: set[str] = set()
    start = 0
    while True:
        batch = store.recorder.select_notifications(start, 10_000, inclusive_of_start=False)
        for n in batch:
            if n.topic == OfficeRegistered.topic:
                continue
            match = _OFFICE.search(plain_state(bytes(n.state)))
            if match:
                found.add(match.group(1).decode("utf-8", "replace"))
        if len(batch) < 10_000:
            return found
        start = batch[-1].id
