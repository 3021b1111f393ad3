"""A sequence per office, kind prefix and day, for human ticket numbers (BX-20261122-003).

Optimistic concurrency on this aggregate makes a duplicate number impossible: two desks
that read the same value conflict on save, and the loser retries with the next value.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid5

from propsvc.aggregates.base import Aggregate, Context, Event
from propsvc.aggregates.ticket import NAMESPACE


def counter_id(office: str, prefix: str, day: date) -> UUID:
    return uuid5(NAMESPACE, f"counter:{office}:{prefix}:{day.isoformat()}")


class CounterStarted(Event):
    topic = "counter.Started"
    scope: str

    def create(self) -> Counter:
        return Counter(self.originator_id, self.timestamp, self.occurred_at)


class NumberAllocated(Event):
    topic = "counter.NumberAllocated"
    value: int

    def apply(self, aggregate: Any) -> None:
        aggregate.value = self.value


class Counter(Aggregate):
    value = 0

    @classmethod
    def begin(cls, office: str, prefix: str, day: date, ctx: Context) -> Counter:
        return cls.start(CounterStarted, counter_id(office, prefix, day), ctx,
                         scope=f"{office}:{prefix}:{day.isoformat()}")

    def allocate(self, ctx: Context) -> int:
        self.record(NumberAllocated, ctx, value=self.value + 1)
        return self.value
