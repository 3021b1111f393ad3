"""Builders and fakes for the unit tests: a timeline of contexts, repair tickets walked
to any state, an in-memory event store, and a store that loses races on demand."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from eventsourcing.persistence import IntegrityError

import propsvc.aggregates.counter
import propsvc.aggregates.ticket  # noqa: F401  (registers the event topics)
from propsvc.aggregates.base import Context, Event
from propsvc.aggregates.repair import MaterialItem
from propsvc.aggregates.ticket import Ticket
from propsvc.clock import SettableClock
from propsvc.desks.repair import RepairDesk
from propsvc.desks.service import Service, Who
from propsvc.profile import Profile
from propsvc.store.event_store import EventStore

# 2026-11-22 09:00 in Asia/Shanghai. Tests never depend on today's date.
T0 = datetime(2026, 11, 22, 1, 0, tzinfo=UTC)
NUMBER = "BX-20261122-001"

IN_MEMORY_ENV = {
    "PERSISTENCE_MODULE": "eventsourcing.popo",
    "MAPPER_TOPIC": "propsvc.store.event_store:PydanticMapper",
    "TRANSCODER_TOPIC": "propsvc.store.event_store:JSONBytes",
}


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def make_ctx(when: datetime, *, recorded: datetime | None = None, actor: str = "desk-li",
             role: str = "desk", office: str = "main") -> Context:
    return Context(when, recorded or when, actor, role, office)


class Timeline:
    """Hands out contexts one step later each time, starting at T0."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def ctx(self, step: float = 1, **who: Any) -> Context:
        self.now += minutes(step)
        return make_ctx(self.now, **who)


def intake(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = dict(
        kind="repair", unit="3-2-1201", part="kitchen tap", caller="Li Na",
        phone="13800000000", summary="the kitchen tap leaks", channel="phone",
    )
    data.update(overrides)
    return data


def new_repair(tl: Timeline | None = None, number: str = NUMBER, **overrides: Any) -> Ticket:
    tl = tl or Timeline()
    return Ticket.receive_call(number, tl.ctx(0), **intake(**overrides))


TAP = MaterialItem(name="tap", spec="DN15", model="J-1", quantity=1, unit_price=45)


def _order(t: Ticket, tl: Timeline) -> None:
    t.issue_work_order(tl.ctx(), "Wang")


def _arrive(t: Ticket, tl: Timeline) -> None:
    t.arrive(tl.ctx())


def _assess(t: Ticket, tl: Timeline) -> None:
    t.request_assessment(tl.ctx())


def _start(t: Ticket, tl: Timeline) -> None:
    t.start_work(tl.ctx())


def _defer(t: Ticket, tl: Timeline) -> None:
    t.defer(tl.ctx(), "valve closed", "part on order")


def _complete(t: Ticket, tl: Timeline) -> None:
    t.complete(tl.ctx(), "Li Na", 5, public_area=False)


def _visit_ok(t: Ticket, tl: Timeline) -> None:
    t.record_visit(tl.ctx(), method="phone", result="satisfied", note=None,
                   resident_signed_by=None, window_days=7)


PATHS: dict[str, list[Callable[[Ticket, Timeline], None]]] = {
    "received": [],
    "ordered": [_order],
    "on_site": [_order, _arrive],
    "assessing": [_order, _arrive, _assess],
    "working": [_order, _arrive, _start],
    "deferred": [_order, _arrive, _defer],
    "completed": [_order, _arrive, _start, _complete],
    "closed": [_order, _arrive, _start, _complete, _visit_ok],
}


def repair_in(status: str, tl: Timeline | None = None, **overrides: Any) -> Ticket:
    """A repair ticket walked through the ordinary path to ``status``, events collected."""
    tl = tl or Timeline()
    t = new_repair(tl, **overrides)
    for step in PATHS[status]:
        step(t, tl)
    assert t.status == status
    t.collect_events()
    return t


def memory_store() -> EventStore:
    return EventStore(env=dict(IN_MEMORY_ENV))


def service(store: EventStore | None = None, clock: SettableClock | None = None,
            profile: Profile | None = None, office: str = "main") -> Service:
    return Service(store or memory_store(), clock or SettableClock(T0), profile or Profile(),
                   Who(office, "desk-li", "desk"))


def desk(store: EventStore | None = None, clock: SettableClock | None = None,
         profile: Profile | None = None, office: str = "main") -> RepairDesk:
    return RepairDesk(service(store, clock, profile, office))


def open_call(d: RepairDesk, **overrides: Any) -> str:
    fields: dict[str, Any] = dict(unit="3-2-1201", caller="Li Na", phone="13800000000",
                                  summary="the kitchen tap leaks")
    fields.update(overrides)
    return d.open(**fields).number


def settle(ticket: Ticket, profile: Profile | None = None) -> list[Event]:
    """Run the deadline policy over the ticket's pending events, as the service does;
    return every new event and clear them."""
    svc = Service(None, SettableClock(T0), profile or Profile(),  # type: ignore[arg-type]
                  Who("main", "desk-li", "desk"))
    last = ticket.pending[-1] if ticket.pending else None
    ctx = make_ctx(last.occurred_at if last else T0)
    svc.settle(ticket, ctx)
    return ticket.collect_events()


def of_type(events: list[Event], cls: type[Event]) -> list[Any]:
    return [e for e in events if isinstance(e, cls)]


class RacingStore:
    """A store whose next ``lose`` saves fail as if another desk saved first.

    ``before_save`` runs just before each failing save (to make the race real)."""

    def __init__(self, inner: EventStore, lose: int,
                 before_save: Callable[[], None] | None = None) -> None:
        self.inner = inner
        self.lose = lose
        self.before_save = before_save
        self.attempts = 0

    @property
    def repository(self) -> Any:
        return self.inner.repository

    @property
    def events(self) -> Any:
        return self.inner.events

    def save(self, *aggregates: Any) -> Any:
        self.attempts += 1
        if self.lose > 0:
            self.lose -= 1
            if self.before_save is not None:
                self.before_save()
                return self.inner.save(*aggregates)  # the real store refuses the stale write
            raise IntegrityError("simulated concurrent write")
        return self.inner.save(*aggregates)
