"""The one write path of every use case: load, run one command, let the policies add
their follow-up events, save everything in one transaction, catch the read models up,
and describe what was recorded as a ``Result``.

A save that loses an optimistic-concurrency race is retried against the fresh state, so
the command is judged again on what the other desk just recorded (one may then be refused
by its rule); after several losses the user is told to retry. The read models catch up
after the commit (``after_commit``): when that fails the write still stands, and its
``Result`` carries a warning instead of an error.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from propsvc.aggregates.base import Context, Event
from propsvc.aggregates.counter import Counter, counter_id
from propsvc.aggregates.deadlines import Chased, Escalated
from propsvc.aggregates.ticket import Ticket, ticket_id
from propsvc.calendar import shown
from propsvc.clock import Clock
from propsvc.desks.families import Family
from propsvc.desks.result import Result, describe, describe_saved
from propsvc.errors import Conflict, InvalidInput, NotFound
from propsvc.i18n import _
from propsvc.policies import base as deadline_policy
from propsvc.policies.escalation import follow_up
from propsvc.profile import Profile
from propsvc.store.event_store import EventStore

NUMBER_RE = re.compile(r"^[A-Z]{2}-\d{8}-\d{3,}$")
PREFIXES = {"repair": "BX", "complaint": "TS", "help": "QZ", "inquiry": "WX",
            "renovation": "ZX", "pass": "SG"}
RETRIES = 8
# every desk of an office takes its numbers from one counter a day: under a burst (8
# desks at once) more rounds, each waiting at most ~0.13 s, before "retry" is said
NUMBER_RETRIES = 24

# Aggregate families register here by subject kind: how to find one from its human
# reference (for tick), and which deadline policy reacts to its events — each named by
# its module, imported when a command first meets that family (issue 11: a repair
# command loads no key, renovation or desk-service module).
SUBJECTS: Family[Callable[[str, str], UUID]] = Family({
    "ticket": "propsvc.aggregates.ticket:ticket_id",
    "key": "propsvc.aggregates.keys:key_id",
    "renovation": "propsvc.aggregates.renovation:reno_id",
    "incident": "propsvc.aggregates.incident:incident_id",
    "found": "propsvc.aggregates.found:found_id",
    "vacancy": "propsvc.aggregates.vacancy:vacancy_id",
    "movein": "propsvc.aggregates.movein:movein_id",
    "paid": "propsvc.aggregates.paid:paid_id",
    "patrol-day": "propsvc.aggregates.patrol:patrol_day_id",
})
PLANNERS: Family[Callable[[Event, Any, Profile], list[deadline_policy.Action]]] = Family({
    "ticket": "propsvc.policies.ticket:plan",
    "key": "propsvc.policies.keys:plan_key",
    "renovation": "propsvc.policies.renovation:plan_renovation",
    "incident": "propsvc.policies.incident:plan",
    "found": "propsvc.policies.found:plan_found",
    "vacancy": "propsvc.policies.vacancy:plan_vacancy",
    "movein": "propsvc.policies.movein:plan_movein",
    "paid": "propsvc.policies.paid:plan_paid",
    "patrol-day": "propsvc.policies.patrol:plan_patrol_day",
})


def backoff(attempt: int) -> None:
    """After losing a save race, wait a little (jittered) so the desks don't collide again."""
    time.sleep(random.uniform(0, 0.002 * 2**attempt))


def refuse_struck(aggregates: list[Any]) -> None:
    """No action on a voided or merged ticket, whatever the command (its own rule checks
    would otherwise speak first, about a status it no longer has)."""
    for aggregate in aggregates:
        if isinstance(aggregate, Ticket):
            aggregate.refuse_if_struck()


@dataclass
class Who:
    """Who acts, in which office: the user as the use cases see it."""

    office: str
    actor: str
    role: str
    authenticated: bool = False  # checked by a server's login, not taken as given


class Service:
    """What every use case is built on: the store, the clock, the SOP profile, the user,
    and what to run after each commit (the read models' catch-up; none in unit tests)."""

    def __init__(self, store: EventStore, clock: Clock, profile: Profile, who: Who,
                 after_commit: Callable[[], list[str]] | None = None) -> None:
        self.store = store
        self.clock = clock
        self.profile = profile
        self.who = who
        self.calendar = profile.office_calendar
        self.after_commit = after_commit

    @cached_property
    def planning(self) -> Profile:
        """The profile the deadline policies plan with: the office's business calendar
        (its holidays and make-up days, from the events) added to it."""
        from propsvc.aggregates.calendar import BusinessCalendar, calendar_id

        if self.store is None:  # policy tests run without a store
            return self.profile
        try:
            days: BusinessCalendar = self.store.repository.get(calendar_id(self.who.office))
        except AggregateNotFoundError:
            return self.profile
        return self.profile.with_business_days(days.holidays, days.workdays)

    # -- context and loading -------------------------------------------------------------
    def context(self, at: datetime | None = None, *, actor: str | None = None,
                role: str | None = None) -> Context:
        now = self.clock.now()
        if at is not None and at > now:
            raise InvalidInput(
                _("--at {at} is in the future (now {now}): late entries only record the past",
                  at=shown(at), now=shown(now)))
        return Context(at or now, now, actor or self.who.actor, role or self.who.role,
                       self.who.office, self.who.authenticated and actor is None)

    def ticket_id(self, number: str) -> UUID:
        number = number.strip().upper()
        if not NUMBER_RE.match(number):
            raise InvalidInput(_("{number!r} is not a ticket number: use e.g. BX-20261122-003",
                                 number=number))
        return ticket_id(self.who.office, number)

    def load(self, number: str, version: int | None = None) -> Ticket:
        tid = self.ticket_id(number)
        try:
            ticket: Ticket = self.store.repository.get(tid, version=version)
        except AggregateNotFoundError:
            raise NotFound(_("no ticket {number} in office {office}: check the number (register "
                             "repairs lists them)", number=number.upper(),
                             office=self.who.office)) from None
        return ticket

    def events_of(self, number: str) -> list[Event]:
        tid = self.ticket_id(number)
        events = list(self.store.events.get(tid))
        if not events:
            raise NotFound(_("no ticket {number} in office {office}: check the number (register "
                             "repairs lists them)", number=number.upper(), office=self.who.office))
        return events  # type: ignore[return-value]

    # -- writing -------------------------------------------------------------------------
    def act(self, number: str, command: Callable[[Ticket, Context], None],
            at: datetime | None = None) -> Result:
        """Run ``command`` on the ticket and save, retrying on a concurrent change."""
        tid = self.ticket_id(number)
        return self.act_on(tid, command, at, lambda: self.load(number))

    def act_on(self, aggregate_id: UUID, command: Callable[[Any, Context], None],
               at: datetime | None, load: Callable[[], Any]) -> Result:
        """Load with ``load``, run ``command``, let policies react, save — retrying
        against the fresh state when another writer got there first."""
        for attempt in range(RETRIES):
            aggregate = load()
            ctx = self.context(at)
            refuse_struck([aggregate])
            command(aggregate, ctx)
            events = self.settle(aggregate, ctx)
            try:
                self.store.save(cast(Any, aggregate))
            except IntegrityError:
                backoff(attempt)
                continue
            return self.committed(describe(aggregate, events))
        raise Conflict(_("{getattr} was changed by someone else at the same moment: retry",
                         getattr=getattr(aggregate, 'ref', aggregate_id)))

    def act_together(self, load: Callable[[Context], list[Any]],
                     command: Callable[[list[Any], Context], None], at: datetime | None,
                     main: type) -> Result:
        """Load several aggregates, run ``command`` on them, let the policies react, and
        save every changed one in one transaction — retried when another desk got there
        first. The aggregate of type ``main`` leads the result; the others are linked."""
        for attempt in range(RETRIES):
            ctx = self.context(at)
            aggregates = load(ctx)
            refuse_struck(aggregates)
            command(aggregates, ctx)
            changed = [a for a in aggregates if a is not None and a.pending]
            events = [self.settle(a, ctx) for a in changed]
            try:
                self.store.save(*changed)
            except IntegrityError:
                backoff(attempt)
                continue
            return self.committed(describe_saved(list(zip(changed, events, strict=True)),
                                                 main))
        raise Conflict(_("someone else changed the same record at the same moment: retry"))

    def committed(self, result: Result) -> Result:
        """After a commit: the read models catch up; a failure there is a warning."""
        result.warnings.extend(self.catch_up_after_write())
        return result

    def catch_up_after_write(self) -> list[str]:
        """Run the after-commit step; the events are saved whatever happens here."""
        if self.after_commit is None:
            return []
        try:
            return self.after_commit()
        except Exception as err:  # the write stands: report, don't fail
            first = str(err).splitlines()[0] if str(err) else ""
            return [f"recorded; the registers will catch up: {type(err).__name__}"
                    + (f": {first}" if first else "")
                    + " (they do at the next read, or run 'propsvc rebuild')"]

    def settle(self, ticket: Any, ctx: Context, done: int = 0) -> list[Event]:
        """Let the deadline policies react to every new event from ``done`` on (and to
        their own events)."""
        while done < len(ticket.pending):
            event = ticket.pending[done]
            done += 1
            policy_ctx = Context(event.occurred_at, ctx.recorded_at, "propsvc", "policy",
                                 ctx.office)
            planner = PLANNERS.get(getattr(ticket, "subject", ""))
            actions = planner(event, ticket, self.planning) if planner else []
            for action in actions:
                if isinstance(action, deadline_policy.Open):
                    ticket.set_deadline(policy_ctx, key=action.key, rule=action.rule,
                                        label=action.label, due_at=action.due_at,
                                        limit_minutes=action.limit_minutes,
                                        basis=action.basis, on_miss=action.on_miss)
                elif isinstance(action, deadline_policy.Meet):
                    ticket.meet_deadline(action.key, policy_ctx)
                elif isinstance(action, deadline_policy.Pause):
                    ticket.pause_deadline(action.key, policy_ctx)
                elif isinstance(action, deadline_policy.Resume):
                    ticket.resume_deadline(action.key, policy_ctx)
                else:
                    ticket.cancel_deadline(action.key, action.reason, policy_ctx)
        events: list[Event] = ticket.pending
        return events

    def open_ticket(self, kind: str, at: datetime | None = None,
                    after: Callable[[Ticket, Context], None] | None = None,
                    **intake: Any) -> Result:
        """Allocate the next number for the office-day and record the call (R1)."""

        def build(number: str, ctx: Context) -> Ticket:
            ticket = Ticket.receive_call(number, ctx, kind=kind, **intake)
            if after is not None:
                after(ticket, ctx)
            return ticket

        return self.open_numbered(PREFIXES[kind], at, build)

    def open_numbered(self, prefix: str, at: datetime | None,
                      build: Callable[[str, Context], Any]) -> Result:
        """Allocate ``prefix``-YYYYMMDD-NNN for the office-day, build the new aggregate
        under that number, let policies react, and save number and aggregate together."""
        for attempt in range(NUMBER_RETRIES):
            ctx = self.context(at)
            day = self.calendar.local_date(ctx.occurred_at)
            counter = self._counter(prefix, day, ctx)
            seq = counter.allocate(ctx)
            aggregate = build(f"{prefix}-{day.strftime('%Y%m%d')}-{seq:03d}", ctx)
            events = self.settle(aggregate, ctx)
            try:
                self.store.save(counter, cast(Any, aggregate))
            except IntegrityError:
                backoff(min(attempt, 6))
                continue
            return self.committed(describe(aggregate, events))
        raise Conflict(_("another desk took the same number at the same moment: retry"))

    def _counter(self, prefix: str, day: Any, ctx: Context) -> Counter:
        try:
            counter: Counter = self.store.repository.get(
                counter_id(self.who.office, prefix, day))
        except AggregateNotFoundError:
            counter = Counter.begin(self.who.office, prefix, day, ctx)
        return counter

    # -- the clock -----------------------------------------------------------------------
    def locate(self, subject: str, ref: str) -> Any:
        """Load the aggregate a deadline belongs to, by its subject kind and reference."""
        try:
            find = SUBJECTS[subject]
        except KeyError:
            raise LookupError(f"no aggregate kind {subject!r} is registered") from None
        try:
            return self.store.repository.get(find(self.who.office, ref))
        except AggregateNotFoundError:
            raise NotFound(_("no {subject} {ref} in office {office}",
                             subject=subject, ref=ref, office=self.who.office)) from None

    def record_misses(self, subject: str, ref: str, keys: list[str],
                      at: datetime) -> list[Event]:
        """Record each overdue deadline of one aggregate and follow its escalation chain.
        (``tick`` saves many aggregates and catches the read models up once, at its end.)"""
        for attempt in range(RETRIES):
            aggregate = self.locate(subject, ref)
            ctx = Context(at, self.clock.now(), "propsvc", "clock", self.who.office)
            self._record_misses(aggregate, keys, at, ctx)
            events: list[Event] = aggregate.pending
            if not events:
                return []
            try:
                self.store.save(aggregate)
            except IntegrityError:
                backoff(attempt)
                continue
            return events
        raise Conflict(_("{ref} kept changing while tick ran: run tick again", ref=ref))

    def _record_misses(self, aggregate: Any, keys: list[str], at: datetime,
                       ctx: Context) -> None:
        """Record the misses, let the policies react to them (a periodic duty opens its
        next period: N5 inspections, N10 spot-checks), and go on while a period so opened
        is already past — one tick catches up every missed period, and a second records
        nothing new."""
        done = 0
        while keys:
            for key in keys:
                if aggregate.record_miss(key, at, ctx):
                    self._follow_up(aggregate, key, ctx)
            done_before = len(aggregate.pending)
            self.settle(aggregate, ctx, done)
            done = len(aggregate.pending)
            if done == done_before:
                return
            keys = [d.key for d in aggregate.open_deadlines()
                    if not d.missed and d.due_at < at]

    def _follow_up(self, aggregate: Any, key: str, ctx: Context) -> None:
        deadline = aggregate.deadlines[key]
        action = follow_up(deadline.on_miss)
        if action is None:
            return
        reason = f"{deadline.rule} missed: {deadline.label} was due {shown(deadline.due_at)}"
        if action.kind == "chase":
            level = 1 + sum(1 for c in aggregate.chases if c.rule == deadline.rule)
            aggregate.record(Chased, ctx, rule=deadline.rule, level=level, to=action.to,
                          note=reason)
        else:
            aggregate.record(Escalated, ctx, rule=deadline.rule, to=action.to, reason=reason,
                          automatic=True)
