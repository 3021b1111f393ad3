"""The use cases. Each loads one aggregate (or creates one), runs one command, lets the
policies add their follow-up events, and saves everything in one transaction.

A save that loses an optimistic-concurrency race is retried against the fresh state, so
the command is judged again on what the other desk just recorded (one may then be refused
by its rule); after several losses the user is told to retry.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from propsvc.aggregates.base import Context, Event
from propsvc.aggregates.counter import Counter, counter_id
from propsvc.aggregates.deadlines import Chased, DeadlineSet, Escalated
from propsvc.aggregates.ticket import Ticket, ticket_id
from propsvc.clock import Clock
from propsvc.errors import Conflict, InvalidInput, NotFound
from propsvc.persistence import EventStore
from propsvc.policies import deadlines as deadline_policy
from propsvc.policies.escalation import follow_up
from propsvc.profile import Profile

NUMBER_RE = re.compile(r"^[A-Z]{2}-\d{8}-\d{3,}$")
PREFIXES = {"repair": "BX"}
RETRIES = 8


@dataclass
class Outcome:
    """What one command recorded: the ticket after it, and the new events in order."""

    ticket: Ticket
    events: list[Event] = field(default_factory=list)

    @property
    def deadlines_opened(self) -> list[DeadlineSet]:
        return [e for e in self.events if isinstance(e, DeadlineSet)]


@dataclass
class Who:
    office: str
    actor: str
    role: str


class Service:
    def __init__(self, store: EventStore, clock: Clock, profile: Profile, who: Who) -> None:
        self.store = store
        self.clock = clock
        self.profile = profile
        self.who = who
        self.calendar = profile.office_calendar

    # -- context and loading -------------------------------------------------------------
    def context(self, at: datetime | None = None, *, actor: str | None = None,
                role: str | None = None) -> Context:
        now = self.clock.now()
        if at is not None and at > now:
            raise InvalidInput(
                f"--at {at.isoformat()} is in the future (now {now.isoformat()}): "
                "late entries only record the past")
        return Context(at or now, now, actor or self.who.actor, role or self.who.role,
                       self.who.office)

    def ticket_id(self, number: str) -> UUID:
        number = number.strip().upper()
        if not NUMBER_RE.match(number):
            raise InvalidInput(f"{number!r} is not a ticket number: use e.g. BX-20261122-003")
        return ticket_id(self.who.office, number)

    def load(self, number: str, version: int | None = None) -> Ticket:
        tid = self.ticket_id(number)
        try:
            ticket: Ticket = self.store.repository.get(tid, version=version)
        except AggregateNotFoundError:
            raise NotFound(f"no ticket {number.upper()} in office {self.who.office}: "
                           "check the number (register repairs lists them)") from None
        return ticket

    def events_of(self, number: str) -> list[Event]:
        tid = self.ticket_id(number)
        events = list(self.store.events.get(tid))
        if not events:
            raise NotFound(f"no ticket {number.upper()} in office {self.who.office}: "
                           "check the number (register repairs lists them)")
        return events  # type: ignore[return-value]

    # -- writing -------------------------------------------------------------------------
    def act(self, number: str, command: Callable[[Ticket, Context], None],
            at: datetime | None = None) -> Outcome:
        """Run ``command`` on the ticket and save, retrying on a concurrent change."""
        for _ in range(RETRIES):
            ticket = self.load(number)
            ctx = self.context(at)
            command(ticket, ctx)
            events = self.settle(ticket, ctx)
            try:
                self.store.save(ticket)
            except IntegrityError:
                continue
            return Outcome(ticket, events)
        raise Conflict(f"{number} was changed by someone else at the same moment: retry")

    def settle(self, ticket: Ticket, ctx: Context) -> list[Event]:
        """Let the deadline policy react to every new event (and to its own events)."""
        done = 0
        while done < len(ticket.pending):
            event = ticket.pending[done]
            done += 1
            policy_ctx = Context(event.occurred_at, ctx.recorded_at, "propsvc", "policy",
                                 ctx.office)
            for action in deadline_policy.plan(event, ticket, self.profile):
                if isinstance(action, deadline_policy.Open):
                    ticket.set_deadline(policy_ctx, key=action.key, rule=action.rule,
                                        label=action.label, due_at=action.due_at,
                                        limit_minutes=action.limit_minutes,
                                        basis=action.basis, on_miss=action.on_miss)
                elif isinstance(action, deadline_policy.Meet):
                    ticket.meet_deadline(action.key, policy_ctx)
                else:
                    ticket.cancel_deadline(action.key, action.reason, policy_ctx)
        return ticket.pending

    def open_ticket(self, kind: str, at: datetime | None = None,
                    after: Callable[[Ticket, Context], None] | None = None,
                    **intake: Any) -> Outcome:
        """Allocate the next number for the office-day and record the call (R1)."""
        prefix = PREFIXES[kind]
        for _ in range(RETRIES):
            ctx = self.context(at)
            day = self.calendar.local_date(ctx.occurred_at)
            counter = self._counter(prefix, day, ctx)
            seq = counter.allocate(ctx)
            number = f"{prefix}-{day.strftime('%Y%m%d')}-{seq:03d}"
            ticket = Ticket.receive_call(number, ctx, kind=kind, **intake)
            if after is not None:
                after(ticket, ctx)
            events = self.settle(ticket, ctx)
            try:
                self.store.save(counter, ticket)
            except IntegrityError:
                continue
            return Outcome(ticket, events)
        raise Conflict("another desk took the same ticket number at the same moment: retry")

    def _counter(self, prefix: str, day: Any, ctx: Context) -> Counter:
        try:
            counter: Counter = self.store.repository.get(
                counter_id(self.who.office, prefix, day))
        except AggregateNotFoundError:
            counter = Counter.begin(self.who.office, prefix, day, ctx)
        return counter

    # -- the clock -----------------------------------------------------------------------
    def record_misses(self, number: str, keys: list[str], at: datetime) -> Outcome | None:
        """Record each overdue deadline of one ticket and follow its escalation chain."""
        for _ in range(RETRIES):
            ticket = self.load(number)
            ctx = Context(at, self.clock.now(), "propsvc", "clock", self.who.office)
            for key in keys:
                if ticket.record_miss(key, at, ctx):
                    self._follow_up(ticket, key, ctx)
            if not ticket.pending:
                return None
            events = ticket.pending
            try:
                self.store.save(ticket)
            except IntegrityError:
                continue
            return Outcome(ticket, events)
        raise Conflict(f"{number} kept changing while tick ran: run tick again")

    def _follow_up(self, ticket: Ticket, key: str, ctx: Context) -> None:
        deadline = ticket.deadlines[key]
        action = follow_up(deadline.on_miss)
        if action is None:
            return
        reason = f"{deadline.rule} missed: {deadline.label} was due {deadline.due_at.isoformat()}"
        if action.kind == "chase":
            level = 1 + sum(1 for c in ticket.chases if c.rule == deadline.rule)
            ticket.record(Chased, ctx, rule=deadline.rule, level=level, to=action.to,
                          note=reason)
        else:
            ticket.record(Escalated, ctx, rule=deadline.rule, to=action.to, reason=reason,
                          automatic=True)
