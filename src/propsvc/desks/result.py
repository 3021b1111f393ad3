"""What one write recorded: the single result type of every use case.

A write saves one aggregate — or several in one transaction (a key loan and the ticket it
is for, a counter and the ticket it numbered) — and the read models catch up after the
commit. The ``Result`` names the main aggregate, carries the new events, the deadlines
they opened and the SOP rules they touched, one ``Result`` per other aggregate saved
with it (``linked``) and the warnings of the after-write step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from propsvc.aggregates.base import Event
from propsvc.aggregates.deadlines import DeadlineSet
from propsvc.aggregates.ticket import CallReceived

FIRST_RULE = {"complaint": "C1", "help": "H1", "inquiry": "H4"}


@dataclass
class Result:
    """One aggregate after a write. ``aggregate`` is its in-memory state (for in-process
    callers and views); everything else is plain data."""

    subject: str  # "ticket", "key", "renovation", "incident", "shift", "matter", "carryover"
    ref: str  # the human reference: a number, or a key's label
    kind: str  # a ticket's kind (repair, complaint, …); otherwise the subject
    status: str
    version: int
    office: str  # the office code ("" for the handover books, which carry none)
    events: list[Event]
    aggregate: Any = field(repr=False, compare=False, default=None)
    linked: list[Result] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def number(self) -> str:
        return self.ref

    @property
    def deadlines_opened(self) -> list[DeadlineSet]:
        return [e for e in self.events if isinstance(e, DeadlineSet)]

    @property
    def rules(self) -> list[str]:
        """The SOP rules the new events touched, in catalogue order (R3 before R11)."""
        return sorted({r for e in self.events for r in rules_of(e)}, key=rule_order)

    def all_warnings(self) -> list[str]:
        """This write's warnings and those of the linked writes, each once."""
        found = [*self.warnings, *(w for r in self.linked for w in r.all_warnings())]
        return list(dict.fromkeys(found))

    def with_linked(self, *others: Result) -> Result:
        self.linked.extend(others)
        return self


def describe(aggregate: Any, events: list[Event]) -> Result:
    subject: str = aggregate.subject
    kind = aggregate.kind if subject == "ticket" else subject
    return Result(subject=subject, ref=aggregate.ref, kind=kind,
                  status=getattr(aggregate, "status", ""), version=aggregate.version,
                  office=getattr(aggregate, "office", ""), events=events,
                  aggregate=aggregate)


def describe_saved(saved: list[tuple[Any, list[Event]]], main: type) -> Result:
    """The aggregate of type ``main`` with every other one saved with it as ``linked``;
    number counters are bookkeeping and are left out."""
    head: Result | None = None
    others: list[Result] = []
    for aggregate, events in saved:
        if not getattr(aggregate, "subject", ""):
            continue
        result = describe(aggregate, events)
        if head is None and isinstance(aggregate, main):
            head = result
        else:
            others.append(result)
    assert head is not None, "the main aggregate was not saved"
    return head.with_linked(*others)


def rules_of(event: Event) -> list[str]:
    """The rules an event touches: its own ``rule``; a call opens C1/H1/H4 or R1 (+R14)."""
    if isinstance(event, CallReceived):
        first = FIRST_RULE.get(event.kind)
        if first:
            return [first]
        return ["R1", "R14"] if event.channel in ("staff", "patrol") else ["R1"]
    rule = getattr(event, "rule", None)
    return [rule] if rule else []


def rule_order(rule: str) -> tuple[str, int]:
    """Catalogue order: R3 before R11."""
    digits = "".join(ch for ch in rule if ch.isdigit())
    return rule.rstrip("0123456789"), int(digits or 0)
