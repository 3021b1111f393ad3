"""Shift handover (S1–S5), patrol findings (P1) and the monthly carry-over file (S6–S7).

* ``Shift`` — one shift of one office (``2026-11-22/day``): taken over by the incoming
  staff after reading the log, handed over at its end with the list of what passes on.
* ``Matter`` — one item of the handover log, keyed by its number: a repair ticket or a
  renovation the log tracks (triage, OK in red, reason in red), or a free entry written
  during a shift (S5, ``JB-…``), or a patrol finding (P1, ``XS-…``).
* ``CarryoverFile`` — one archived month of the carry-over file. The event carries the
  whole file as it stood at the month's end, so an archived month never changes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

from pydantic import BaseModel

from propsvc import vocabulary
from propsvc.aggregates.base import Aggregate, Context, Event
from propsvc.aggregates.ticket import NAMESPACE
from propsvc.errors import RuleViolation

TRIAGES = vocabulary.TRIAGES.codes
PATROL_AREAS = {"环境": "保洁部", "绿化": "绿化组", "保安": "保安部", "工程": "工程部",
                "装修": "工程部"}


def shift_id(office: str, shift: str) -> UUID:
    return uuid5(NAMESPACE, f"shift:{office}:{shift}")


def matter_id(office: str, number: str) -> UUID:
    return uuid5(NAMESPACE, f"matter:{office}:{number.upper()}")


def file_id(office: str, month: str) -> UUID:
    return uuid5(NAMESPACE, f"carryover:{office}:{month}")


# -- shifts ---------------------------------------------------------------------------
class ShiftTakenOver(Event):
    """S1: the incoming staff read the log and took the shift over."""

    topic = "handover.ShiftTakenOver"
    shift: str
    starts_at: datetime
    ends_at: datetime

    def create(self) -> Shift:
        return Shift(self.originator_id, self.timestamp, self.occurred_at)

    def apply(self, aggregate: Any) -> None:
        s: Shift = aggregate
        s.key, s.taken_over_by, s.taken_over_at = self.shift, self.actor, self.occurred_at


class ShiftHandedOver(Event):
    """S5: the shift is closed; the open items listed pass to the next shift."""

    topic = "handover.ShiftHandedOver"
    shift: str
    passed_on: list[str]

    def apply(self, aggregate: Any) -> None:
        aggregate.handed_over_at = self.occurred_at


class Shift(Aggregate):
    subject = "shift"

    def __init__(self, id: UUID, created_on: datetime, occurred_at: datetime) -> None:
        super().__init__(id, created_on, occurred_at)
        self.key = ""
        self.taken_over_by = ""
        self.taken_over_at = occurred_at
        self.handed_over_at: datetime | None = None

    @property
    def ref(self) -> str:
        return self.key

    @property
    def status(self) -> str:
        return "handed_over" if self.handed_over_at else "on_duty"

    def require_on_duty(self) -> None:
        if self.handed_over_at is not None:
            raise RuleViolation("S5", f"shift {self.key} was already handed over: entries "
                                "now go to the next shift (take it over first)")

    def hand_over(self, ctx: Context, passed_on: list[str]) -> None:
        self.require_on_duty()
        self.trigger(ShiftHandedOver, ctx, shift=self.key, passed_on=passed_on)


# -- matters --------------------------------------------------------------------------
class MatterEvent(BaseModel):
    """The fields every event of a matter carries (a mixin: it has no topic of its own)."""

    number: str
    item: str  # id of the row in the handover read model (the ticket's id for a ticket)
    shift: str


class MatterTracked(Event, MatterEvent):
    """A ticket or renovation is acted on in the handover log for the first time."""

    topic = "handover.MatterTracked"
    kind: str
    summary: str

    def create(self) -> Matter:
        return Matter(self.originator_id, self.timestamp, self.occurred_at)

    def apply(self, aggregate: Any) -> None:
        aggregate.number, aggregate.kind, aggregate.item = self.number, self.kind, self.item


class EntryWritten(MatterTracked):
    """S5: a free entry written into the log during a shift (major: reported up)."""

    topic = "handover.EntryWritten"
    major: bool

    def apply(self, aggregate: Any) -> None:
        super().apply(aggregate)
        aggregate.major = self.major


class FindingRecorded(MatterTracked):
    """P1: a patrol finding, dispatched to the department that handles its area."""

    topic = "patrol.FindingRecorded"
    area: str
    location: str | None
    department: str


class ItemTriaged(Event, MatterEvent):
    """S1: urgent, normal, or cannot be solved for now (goes to the carry-over file)."""

    topic = "handover.ItemTriaged"
    triage: str

    def apply(self, aggregate: Any) -> None:
        aggregate.triage = self.triage


class MarkedOk(Event, MatterEvent):
    """S2/S3: the matter is done; "OK" is written after it in red."""

    topic = "handover.MarkedOk"
    note: str | None
    instructed_by: str | None

    def apply(self, aggregate: Any) -> None:
        aggregate.ok_at = self.occurred_at


class ReasonNoted(Event, MatterEvent):
    """S4: why the matter cannot be done today, written in red."""

    topic = "handover.ReasonNoted"
    reason: str

    def apply(self, aggregate: Any) -> None:
        aggregate.reasons.append(self.reason)


class Matter(Aggregate):
    subject = "matter"

    def __init__(self, id: UUID, created_on: datetime, occurred_at: datetime) -> None:
        super().__init__(id, created_on, occurred_at)
        self.number = self.kind = ""
        self.item = ""
        self.major = False
        self.triage: str | None = None
        self.ok_at: datetime | None = None
        self.reasons: list[str] = []

    @property
    def ref(self) -> str:
        return self.number

    @property
    def status(self) -> str:
        return "ok" if self.ok_at else (self.triage or "open")

    def require_open(self, rule: str) -> None:
        if self.ok_at is not None:
            raise RuleViolation(rule, f"{self.number} was already marked OK at "
                                f"{self.ok_at.isoformat()}: it is closed")

    def triage_as(self, ctx: Context, shift: str, triage: str) -> None:
        self.require_open("S1")
        self.trigger(ItemTriaged, ctx, number=self.number, item=self.item, shift=shift,
                     triage=triage)

    def mark_ok(self, ctx: Context, shift: str, note: str | None,
                instructed_by: str | None) -> None:
        self.require_open("S2")
        self.trigger(MarkedOk, ctx, number=self.number, item=self.item, shift=shift,
                     note=note, instructed_by=instructed_by)

    def note_reason(self, ctx: Context, shift: str, reason: str) -> None:
        self.require_open("S4")
        self.trigger(ReasonNoted, ctx, number=self.number, item=self.item, shift=shift,
                     reason=reason)


def start_matter(event_cls: type[MatterTracked], ctx: Context, number: str, item: str,
                 **data: Any) -> Matter:
    return Matter.start(event_cls, matter_id(ctx.office, number), ctx, number=number,
                        item=item, **data)


# -- the carry-over file --------------------------------------------------------------
class MonthClosed(Event):
    """S7: the month's carry-over file is archived exactly as listed in ``items``.

    It is also the month's seal (issue 9): ``position`` is the last event of the log the
    registers were built from and ``head_hash`` the chain's link there; ``registers`` is
    every register of the month as built then (JSON text: name → its sheets, each
    ``[label, data]``), and ``digest`` the SHA-256 of that text. Events stored before the
    seal carry none."""

    topic = "carryover.MonthClosed"
    month: str
    items: list[dict[str, Any]]
    position: int | None = None
    head_hash: str | None = None
    registers: str | None = None  # JSON text: read back with one json.loads, not validated
    digest: str | None = None

    def sealed_registers(self) -> dict[str, list[list[Any]]]:
        """The registers the seal holds (none for a month closed before seals)."""
        import json

        return json.loads(self.registers) if self.registers else {}

    def create(self) -> CarryoverFile:
        return CarryoverFile(self.originator_id, self.timestamp, self.occurred_at)

    def apply(self, aggregate: Any) -> None:
        aggregate.month = self.month
        aggregate.seal = self


class CarryoverFile(Aggregate):
    subject = "carryover"
    status = "archived"

    def __init__(self, id: UUID, created_on: datetime, occurred_at: datetime) -> None:
        super().__init__(id, created_on, occurred_at)
        self.month = ""
        self.seal: MonthClosed | None = None

    @property
    def ref(self) -> str:
        return self.month
