"""Corrections of a ticket: a mistaken call voided (作废), a repeat call merged into the
first call of the same matter (重复来电). Nothing is edited or deleted: each correction
is an event. A voided or merged ticket stays in its history and in the registers'
lists, marked, but out of every count; it takes no further action, and its open
deadlines are cancelled (``policies.corrections``)."""

from __future__ import annotations

from typing import Any

from propsvc.aggregates.base import Context, Event
from propsvc.errors import InvalidInput, RuleViolation
from propsvc.i18n import _
from propsvc.vocabulary import STRUCK as STRUCK  # out of every register's counts

# The intake rule of each kind: the record a correction strikes out (R1, C1, H1, H4).
INTAKE_RULE = {"repair": "R1", "complaint": "C1", "help": "H1", "inquiry": "H4"}


class TicketVoided(Event):
    """A call recorded by mistake: struck out with the reason, never counted."""

    topic = "ticket.Voided"
    rule: str
    reason: str

    def apply(self, aggregate: Any) -> None:
        aggregate.status_before_void = aggregate.status
        aggregate.status = "voided"
        aggregate.voiding = self


class TicketMerged(Event):
    """A repeat call of a matter already on file: closed as merged into ``into``."""

    topic = "ticket.Merged"
    rule: str
    into: str
    reason: str | None = None

    def apply(self, aggregate: Any) -> None:
        aggregate.status_before_void = aggregate.status
        aggregate.status = "merged"
        aggregate.merging = self


class DuplicateMerged(Event):
    """The first call of a matter took in a repeat call (``duplicate``)."""

    topic = "ticket.DuplicateMerged"
    rule: str
    duplicate: str

    def apply(self, aggregate: Any) -> None:
        aggregate.duplicates.append(self.duplicate)


class CorrectionCommands:
    """Void and merge, mixed into the Ticket; ``trigger`` refuses any action on a ticket
    once it is voided or merged."""

    number: str
    kind: str
    status: str
    opened_at: Any
    completed_at: Any
    record: Any

    def init_corrections(self) -> None:
        self.voiding: TicketVoided | None = None
        self.merging: TicketMerged | None = None
        self.duplicates: list[str] = []
        self.status_before_void: str | None = None

    @property
    def struck(self) -> bool:
        return self.status in STRUCK

    @property
    def intake_rule(self) -> str:
        return INTAKE_RULE.get(self.kind, "R1")

    def refuse_if_struck(self) -> None:
        if self.voiding is not None:
            raise RuleViolation(self.intake_rule, _(
                "{number} was voided ({reason}): no further action on it",
                number=self.number, reason=self.voiding.reason))
        if self.merging is not None:
            raise RuleViolation(self.intake_rule, _(
                "{number} was merged into {into} as a repeat call: act on {into}",
                number=self.number, into=self.merging.into))

    def void(self, ctx: Context, reason: str) -> None:
        self.refuse_if_struck()
        self.trigger(TicketVoided, ctx, rule=self.intake_rule,  # type: ignore[attr-defined]
                     reason=reason)

    def merge_into(self, ctx: Context, target: Any, reason: str | None) -> None:
        """This ticket is a repeat call of ``target``: both record it, one transaction."""
        if target.number == self.number:
            raise InvalidInput(_("{number} cannot be merged into itself: name the first "
                                 "call of the matter with --into", number=self.number))
        self.refuse_if_struck()
        target.refuse_if_struck()
        rule = self.intake_rule
        if target.kind != self.kind:
            raise RuleViolation(rule, _(
                "{number} is a {kind} and {target} a {target_kind}: a repeat call is merged "
                "into a call of the same kind (route it instead)", number=self.number,
                kind=self.kind, target=target.number, target_kind=target.kind))
        if self.duplicates:
            raise RuleViolation(rule, _(
                "{number} already took in repeat calls ({calls}): merge into it instead",
                number=self.number, calls=", ".join(self.duplicates)))
        if target.completed_at is not None and target.completed_at <= self.opened_at:
            if self.kind == "repair":
                raise RuleViolation("R12", _(
                    "{target} was completed before {number} came in: if it is still not "
                    "fixed, repair reopen it rather than merge", target=target.number,
                    number=self.number))
            raise RuleViolation(rule, _(
                "{target} was completed before {number} came in: if it is still not "
                "settled, open it as a new matter rather than merge", target=target.number,
                number=self.number))
        self.trigger(TicketMerged, ctx, rule=rule,  # type: ignore[attr-defined]
                     into=target.number, reason=reason)
        target.trigger(DuplicateMerged, ctx, rule=rule, duplicate=self.number)
