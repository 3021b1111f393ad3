"""Link events recorded on the *other* aggregate of a key loan (R1/K3, N4/K3).

A key lent for a repair ticket or under a renovation permit is recorded on the key and,
in the same save, on the ticket or renovation, so each history shows the link.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from propsvc.aggregates.base import Event


class KeyLentForWork(Event):
    topic = "link.KeyLent"
    rule: str
    label: str
    loan: int
    borrower: str
    due_at: datetime

    def apply(self, aggregate: Any) -> None:
        if hasattr(aggregate, "keys_out"):
            aggregate.keys_out[self.label] = self.loan


class KeyReturnedFromWork(Event):
    topic = "link.KeyReturned"
    rule: str
    label: str
    loan: int
    late_minutes: int

    def apply(self, aggregate: Any) -> None:
        if hasattr(aggregate, "keys_out"):
            aggregate.keys_out.pop(self.label, None)
