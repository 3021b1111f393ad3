"""Event and aggregate bases.

Events are frozen pydantic models with a pinned ``topic`` (stored with every event, so
classes may move between modules freely) and a ``class_version`` with ``upcast_vN_vN+1``
static methods for schema evolution. Every event carries its business time
(``occurred_at``), its recorded time (``timestamp``), and who did it, as what, where.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Self, TypeVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from propsvc.errors import InvalidInput

# Events recorded by propsvc itself (roles in SYSTEM_ROLES). A late entry by a person may
# predate them: tick records a miss as soon as it can, and the real arrival may be
# entered afterwards.
from propsvc.permissions import SYSTEM_ROLES as SYSTEM_ROLES

EVENT_TYPES: dict[str, type[Event]] = {}


@dataclass(frozen=True)
class Context:
    """Who acts, as what role, in which office, and when (business and recorded time)."""

    occurred_at: datetime
    recorded_at: datetime
    actor: str
    role: str
    office: str

    def at(self, occurred_at: datetime) -> Context:
        return Context(occurred_at, self.recorded_at, self.actor, self.role, self.office)


class Event(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    topic: ClassVar[str] = ""
    class_version: ClassVar[int] = 1

    originator_id: UUID
    originator_version: int
    timestamp: datetime
    occurred_at: datetime
    actor: str
    role: str
    office: str

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        topic = cls.__dict__.get("topic")
        if topic:
            if topic in EVENT_TYPES and EVENT_TYPES[topic] is not cls:
                raise TypeError(f"event topic {topic!r} registered twice")
            EVENT_TYPES[topic] = cls

    @classmethod
    def upcast(cls, state: dict[str, Any]) -> dict[str, Any]:
        """Bring a stored state of any older ``class_version`` up to this one."""
        version = state.pop("class_version", 1)
        while version < cls.class_version:
            getattr(cls, f"upcast_v{version}_v{version + 1}")(state)
            version += 1
        return state

    def mutate(self, aggregate: Any) -> Any:
        """The library's projector calls this; the first event creates the aggregate."""
        if aggregate is None:
            aggregate = self.create()
        aggregate.version = self.originator_version
        aggregate.modified_on = self.timestamp
        if self.role not in SYSTEM_ROLES:
            aggregate.last_occurred_at = max(aggregate.last_occurred_at, self.occurred_at)
        self.apply(aggregate)
        return aggregate

    def create(self) -> Any:
        raise TypeError(f"{type(self).__name__} cannot start an aggregate")

    def apply(self, aggregate: Any) -> None:
        """Change the aggregate's state. Subclasses override."""

    def data(self) -> dict[str, Any]:
        """The event's own fields, without the envelope (for history and audit)."""
        return self.model_dump(mode="json", exclude=set(Event.model_fields))


E = TypeVar("E", bound=Event)


class Aggregate:
    """A minimal event-sourced aggregate compatible with eventsourcing's repository."""

    def __init__(self, id: UUID, created_on: datetime, occurred_at: datetime) -> None:
        self.id = id
        self.version = 0
        self.created_on = created_on
        self.modified_on = created_on
        self.last_occurred_at = occurred_at
        self._pending: list[Event] = []

    def trigger(self, event_cls: type[E], ctx: Context, **data: Any) -> E:
        if ctx.occurred_at < self.last_occurred_at and self.version:
            raise InvalidInput(
                f"time {ctx.occurred_at.isoformat()} is before this record's previous event "
                f"({self.last_occurred_at.isoformat()}): enter a later --at"
            )
        return self.record(event_cls, ctx, **data)

    def record(self, event_cls: type[E], ctx: Context, **data: Any) -> E:
        """Record an event without the ordering check (policies backdating a miss)."""
        event = event_cls(
            originator_id=self.id,
            originator_version=self.version + 1,
            timestamp=ctx.recorded_at,
            occurred_at=ctx.occurred_at,
            actor=ctx.actor,
            role=ctx.role,
            office=ctx.office,
            **data,
        )
        event.mutate(self)
        self._pending.append(event)
        return event

    def collect_events(self) -> list[Event]:
        events, self._pending = self._pending, []
        return events

    @property
    def pending(self) -> list[Event]:
        return list(self._pending)

    @classmethod
    def start(cls, event_cls: type[E], id: UUID, ctx: Context, **data: Any) -> Self:
        event = event_cls(
            originator_id=id,
            originator_version=1,
            timestamp=ctx.recorded_at,
            occurred_at=ctx.occurred_at,
            actor=ctx.actor,
            role=ctx.role,
            office=ctx.office,
            **data,
        )
        aggregate = event.mutate(None)
        assert isinstance(aggregate, cls)
        aggregate._pending.append(event)
        return aggregate
