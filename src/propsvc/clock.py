"""The one source of "now". Nothing else in propsvc reads the system clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class SettableClock:
    """A clock that only moves when told to: for tests, the demo and replays."""

    def __init__(self, start: datetime) -> None:
        self._now = _aware(start)

    def now(self) -> datetime:
        return self._now

    def set(self, when: datetime) -> None:
        self._now = _aware(when)

    def advance(self, delta: timedelta) -> datetime:
        self._now += delta
        return self._now


def _aware(when: datetime) -> datetime:
    if when.tzinfo is None:
        raise ValueError("clock times must be timezone-aware")
    return when.astimezone(UTC)
