"""Shared by the key and renovation desks: saving several aggregates in one transaction,
what a write recorded, and the small input checks both desks make."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from propsvc.aggregates.base import Context, Event
from propsvc.aggregates.counter import Counter, counter_id
from propsvc.aggregates.deadlines import DeadlineSet
from propsvc.desks.service import RETRIES, Service
from propsvc.errors import Conflict, Forbidden, InvalidInput

UNIT_RE = re.compile(r"^[0-9A-Za-z]{1,4}-\d{1,2}-\d{3,5}$")
ID_LAST4_RE = re.compile(r"^[0-9]{3}[0-9Xx]$")


@dataclass
class Recorded:
    """What one write recorded, per aggregate touched (the main one first)."""

    subject: str
    ref: str
    status: str
    version: int
    events: list[Event]
    linked: list[Recorded] = field(default_factory=list)

    @property
    def deadlines_opened(self) -> list[DeadlineSet]:
        return [e for e in self.events if isinstance(e, DeadlineSet)]


def text(value: str | None, what: str, rule: str) -> str:
    if value is None or not value.strip():
        raise InvalidInput(f"{rule}: {what} is required")
    return value.strip()


def unit(value: str | None, rule: str) -> str:
    u = text(value, "--unit (building-unit-room)", rule).upper()
    if not UNIT_RE.match(u):
        raise InvalidInput(f"{rule}: unit {value!r} must be building-unit-room, e.g. 3-2-1201")
    return u


def id_last4(value: str | None, rule: str) -> str:
    v = text(value, "the last 4 characters of the ID card (--id-last4)", rule).upper()
    if not ID_LAST4_RE.match(v):
        raise InvalidInput(f"{rule}: --id-last4 {value!r} must be 4 ID-card characters, "
                           "e.g. 0427 or 123X")
    return v


def require_role(svc: Service, rule: str, roles: tuple[str, ...], what: str) -> None:
    if svc.who.role not in roles:
        raise Forbidden(f"{rule}: {what} is for {' or '.join(roles)} (you act as "
                        f"{svc.who.role}; pass --role)")


def load_or_none(svc: Service, aggregate_id: Any) -> Any:
    try:
        return svc.store.repository.get(aggregate_id)
    except AggregateNotFoundError:
        return None


def counter(svc: Service, prefix: str, ctx: Context) -> tuple[Counter, str]:
    """The office-day counter for ``prefix`` and the date part of its numbers."""
    day = svc.calendar.local_date(ctx.occurred_at)
    found = load_or_none(svc, counter_id(svc.who.office, prefix, day))
    return (found or Counter.begin(svc.who.office, prefix, day, ctx)), day.strftime("%Y%m%d")


def act_together(svc: Service, load: Callable[[Context], list[Any]],
                 command: Callable[[list[Any], Context], None],
                 at: datetime | None) -> list[tuple[Any, list[Event]]]:
    """Load several aggregates, run ``command`` on them, let the policies react, and save
    every changed one in one transaction — retried when another desk got there first."""
    for _ in range(RETRIES):
        ctx = svc.context(at)
        aggregates = load(ctx)
        command(aggregates, ctx)
        changed = [a for a in aggregates if a is not None and a.pending]
        events = [svc.settle(a, ctx) for a in changed]
        try:
            svc.store.save(*changed)
        except IntegrityError:
            continue
        return list(zip(changed, events, strict=True))
    raise Conflict("someone else changed the same record at the same moment: retry")


def recorded(results: list[tuple[Any, list[Event]]], main: type) -> Recorded:
    """Describe what was saved, with the aggregate of type ``main`` first."""
    head: Recorded | None = None
    others: list[Recorded] = []
    for aggregate, events in results:
        subject = getattr(aggregate, "subject", "")
        if not subject:  # number counters are bookkeeping, not shown
            continue
        view = Recorded(subject, aggregate.ref, getattr(aggregate, "status", ""),
                        aggregate.version, events)
        if head is None and isinstance(aggregate, main):
            head = view
        else:
            others.append(view)
    assert head is not None, "the main aggregate was not saved"
    head.linked = others
    return head
