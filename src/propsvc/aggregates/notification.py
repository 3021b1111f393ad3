"""A user's notification inbox: which notifications the user has read (issue 15).

The notifications themselves are not stored as events: each one is the read side's view
of a miss, chase or escalation that ``tick`` recorded, named by a stable id computed from
that event (``policies/notification.notice_id``). What a person does with them — reading
one, or everything up to a moment — is a fact, so it is recorded here, on one small
aggregate per user and office.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

from propsvc.aggregates.base import Aggregate, Context, Event
from propsvc.aggregates.ticket import NAMESPACE


def inbox_id(office: str, user: str) -> UUID:
    return uuid5(NAMESPACE, f"inbox:{office}:{user.strip().casefold()}")


class InboxOpened(Event):
    topic = "notification.InboxOpened"
    user: str

    def create(self) -> Inbox:
        return Inbox(self.originator_id, self.timestamp, self.occurred_at)

    def apply(self, aggregate: Any) -> None:
        aggregate.user = self.user
        aggregate.office = self.office


class NotificationsRead(Event):
    topic = "notification.Read"
    user: str
    ids: list[str]

    def apply(self, aggregate: Any) -> None:
        aggregate.read.update(self.ids)


class AllNotificationsRead(Event):
    """Everything the user could see, up to and including ``up_to`` (recorded time)."""

    topic = "notification.AllRead"
    user: str
    up_to: datetime

    def apply(self, aggregate: Any) -> None:
        aggregate.read_until = self.up_to


class Inbox(Aggregate):
    subject = "inbox"
    user = ""
    office = ""
    read_until: datetime | None = None

    def __init__(self, id: UUID, created_on: datetime, occurred_at: datetime) -> None:
        super().__init__(id, created_on, occurred_at)
        self.read: set[str] = set()

    @property
    def ref(self) -> str:
        return self.user

    @classmethod
    def open_for(cls, office: str, user: str, ctx: Context) -> Inbox:
        return cls.start(InboxOpened, inbox_id(office, user), ctx, user=user)

    def mark_read(self, ids: list[str], ctx: Context) -> None:
        """Record the ids not read before (nothing when every one was)."""
        new = [i for i in dict.fromkeys(ids) if i not in self.read]
        if new:
            self.record(NotificationsRead, ctx, user=self.user, ids=new)

    def mark_all_read(self, up_to: datetime, ctx: Context) -> None:
        if self.read_until is None or up_to > self.read_until:
            self.record(AllNotificationsRead, ctx, user=self.user, up_to=up_to)
