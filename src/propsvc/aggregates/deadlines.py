"""Deadlines kept on an aggregate: opened by one event, met, missed or cancelled by others.

Each ``DeadlineSet`` stores the numbers it was computed from (``limit_minutes``, ``basis``),
so a replay gives the same answer after the profile changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from propsvc.aggregates.base import Context, Event


@dataclass
class Deadline:
    key: str
    rule: str
    label: str
    due_at: datetime
    opened_at: datetime
    limit_minutes: int
    basis: str
    on_miss: str | None
    state: str = "open"  # open | paused | met | cancelled
    paused_at: datetime | None = None
    missed: bool = False
    met_at: datetime | None = None
    late_minutes: int = 0

    @property
    def overdue(self) -> bool:
        return self.state == "open" and self.missed


class DeadlineSet(Event):
    topic = "deadline.Set"
    subject: str  # the kind of aggregate: "ticket", "key", "renovation", ...
    ref: str  # its human reference: a ticket number, a key label, ...
    key: str
    rule: str
    label: str
    due_at: datetime
    limit_minutes: int
    basis: str
    on_miss: str | None = None

    def apply(self, aggregate: Any) -> None:
        aggregate.deadlines[self.key] = Deadline(
            key=self.key, rule=self.rule, label=self.label, due_at=self.due_at,
            opened_at=self.occurred_at, limit_minutes=self.limit_minutes,
            basis=self.basis, on_miss=self.on_miss,
        )


class DeadlineMet(Event):
    topic = "deadline.Met"
    key: str
    rule: str
    late_minutes: int = 0
    first_miss: bool = False  # met late, and no miss was recorded before
    clears_miss: bool = False  # met in time by a late entry, after tick recorded a miss

    def apply(self, aggregate: Any) -> None:
        deadline = aggregate.deadlines[self.key]
        deadline.state, deadline.met_at = "met", self.occurred_at
        deadline.late_minutes = self.late_minutes
        deadline.missed = self.late_minutes > 0


class DeadlineMissed(Event):
    topic = "deadline.Missed"
    key: str
    rule: str
    due_at: datetime
    detected_at: datetime

    def apply(self, aggregate: Any) -> None:
        aggregate.deadlines[self.key].missed = True


class DeadlinePaused(Event):
    """The deadline's clock stopped (the job waits on the owner or on parts)."""

    topic = "deadline.Paused"
    key: str
    rule: str
    remaining_minutes: int

    def apply(self, aggregate: Any) -> None:
        deadline = aggregate.deadlines[self.key]
        deadline.state, deadline.paused_at = "paused", self.occurred_at


class DeadlineResumed(Event):
    """The clock runs again: due later by the time it stood still."""

    topic = "deadline.Resumed"
    key: str
    rule: str
    due_at: datetime
    paused_minutes: int

    def apply(self, aggregate: Any) -> None:
        deadline = aggregate.deadlines[self.key]
        deadline.state, deadline.paused_at, deadline.due_at = "open", None, self.due_at


class DeadlineCancelled(Event):
    topic = "deadline.Cancelled"
    key: str
    rule: str
    reason: str

    def apply(self, aggregate: Any) -> None:
        aggregate.deadlines[self.key].state = "cancelled"


class Chased(Event):
    """A reminder sent (催办): by hand or by the clock, to a person or a department."""

    topic = "ticket.Chased"
    rule: str
    level: int
    to: str
    manual: bool = False
    note: str | None = None

    def apply(self, aggregate: Any) -> None:
        aggregate.chases.append(self)


class Escalated(Event):
    """Reported upwards or outwards (manager, adviser, contractor, insurer, supervisor)."""

    topic = "ticket.Escalated"
    rule: str
    to: str
    reason: str
    automatic: bool = False

    def apply(self, aggregate: Any) -> None:
        aggregate.escalations.append(self)


class HasDeadlines:
    """Deadlines, chases and escalations, shared by every aggregate that keeps deadlines.

    Subclasses name their ``subject`` kind and expose ``ref``, the human reference that
    ``tick`` and the overdue list use to find and show them.
    """

    subject: str = ""

    def init_deadlines(self) -> None:
        self.deadlines: dict[str, Deadline] = {}
        self.chases: list[Chased] = []
        self.escalations: list[Escalated] = []

    @property
    def ref(self) -> str:
        raise NotImplementedError

    def open_deadlines(self) -> list[Deadline]:
        """Not met nor cancelled: running or paused."""
        return [d for d in self.deadlines.values() if d.state in ("open", "paused")]

    def pause_deadline(self, key: str, ctx: Context) -> None:
        deadline = self.deadlines[key]
        left = int((deadline.due_at - ctx.occurred_at).total_seconds() // 60)
        self.record(DeadlinePaused, ctx, key=key,  # type: ignore[attr-defined]
                    rule=deadline.rule, remaining_minutes=max(0, left))

    def resume_deadline(self, key: str, ctx: Context) -> None:
        """Due later by exactly the time the deadline stood still."""
        deadline = self.deadlines[key]
        assert deadline.paused_at is not None
        stood = ctx.occurred_at - deadline.paused_at
        self.record(DeadlineResumed, ctx, key=key,  # type: ignore[attr-defined]
                    rule=deadline.rule, due_at=deadline.due_at + stood,
                    paused_minutes=int(stood.total_seconds() // 60))

    def set_deadline(self, ctx: Context, **spec: Any) -> None:
        self.record(DeadlineSet, ctx, subject=self.subject,  # type: ignore[attr-defined]
                    ref=self.ref, **spec)

    def meet_deadline(self, key: str, ctx: Context) -> None:
        deadline = self.deadlines[key]
        late = max(0, int((ctx.occurred_at - deadline.due_at).total_seconds() // 60))
        if ctx.occurred_at > deadline.due_at:
            late = max(late, 1)
        self.record(DeadlineMet, ctx, key=key, rule=deadline.rule,  # type: ignore[attr-defined]
                    late_minutes=late, first_miss=late > 0 and not deadline.missed,
                    clears_miss=late == 0 and deadline.missed)

    def cancel_deadline(self, key: str, reason: str, ctx: Context) -> None:
        rule = self.deadlines[key].rule
        self.record(DeadlineCancelled, ctx, key=key, rule=rule,  # type: ignore[attr-defined]
                    reason=reason)

    def record_miss(self, key: str, detected_at: datetime, ctx: Context) -> bool:
        """Record that ``key`` passed its due time unmet. False if nothing to record."""
        deadline = self.deadlines.get(key)
        if deadline is None or deadline.state != "open" or deadline.missed:
            return False
        if detected_at <= deadline.due_at:
            return False
        self.record(  # type: ignore[attr-defined]
            DeadlineMissed, ctx.at(deadline.due_at), key=key, rule=deadline.rule,
            due_at=deadline.due_at, detected_at=detected_at,
        )
        return True
