"""Lost property (拾遗物品, Q3): one found item, numbered SW-YYYYMMDD-NNN.

The desk registers where and when an item was found, what it is and who found it. A
valuable goes to administration the same day; every unclaimed item appears in the weekly
notice; a claimant proves the item is theirs with an ID and a description of it; an item
nobody claims within three months goes to the company for disposal.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

from propsvc import vocabulary
from propsvc.aggregates.base import Aggregate, Context, Event
from propsvc.aggregates.deadlines import HasDeadlines
from propsvc.aggregates.ticket import NAMESPACE
from propsvc.errors import RuleViolation
from propsvc.i18n import _


def found_id(office: str, number: str) -> UUID:
    return uuid5(NAMESPACE, f"found:{office}:{number.strip().upper()}")


def notice_id(office: str, week: str) -> UUID:
    return uuid5(NAMESPACE, f"found-notice:{office}:{week}")


class FoundRecorded(Event):
    """Q3: place, time, item and finder registered."""

    topic = "found.Recorded"
    number: str
    item: str
    place: str
    finder: str
    valuable: bool

    def create(self) -> FoundItem:
        return FoundItem(self.originator_id, self.timestamp, self.occurred_at)

    def apply(self, aggregate: Any) -> None:
        f: FoundItem = aggregate
        f.number, f.office, f.item, f.place = self.number, self.office, self.item, self.place
        f.finder, f.valuable, f.found_at = self.finder, self.valuable, self.occurred_at


class FoundSentToAdmin(Event):
    """Q3: a valuable handed to administration (the same day)."""

    topic = "found.SentToAdmin"
    rule: str = "Q3"
    received_by: str

    def apply(self, aggregate: Any) -> None:
        aggregate.admin_by = self.received_by


class FoundNoticed(Event):
    """Q3: the item is listed in a week's notice of unclaimed items."""

    topic = "found.Noticed"
    rule: str = "Q3"
    week: str

    def apply(self, aggregate: Any) -> None:
        aggregate.weeks.append(self.week)


class FoundClaimed(Event):
    """Q3: the owner claims it with an ID and a description of the item."""

    topic = "found.Claimed"
    rule: str = "Q3"
    claimant: str
    id_last4: str
    description: str

    def apply(self, aggregate: Any) -> None:
        aggregate.status, aggregate.claimant = "claimed", self.claimant


class FoundDisposed(Event):
    """Q3: unclaimed after the keeping period, handed to the company for disposal."""

    topic = "found.Disposed"
    rule: str = "Q3"
    months_kept: int

    def apply(self, aggregate: Any) -> None:
        aggregate.status = "disposed"


class FoundItem(HasDeadlines, Aggregate):
    subject = "found"

    def __init__(self, id: UUID, created_on: datetime, occurred_at: datetime) -> None:
        super().__init__(id, created_on, occurred_at)
        self.number = self.office = self.item = self.place = self.finder = ""
        self.valuable = False
        self.found_at = occurred_at
        self.admin_by: str | None = None
        self.claimant: str | None = None
        self.weeks: list[str] = []
        self.status = "held"  # held | claimed | disposed
        self.init_deadlines()

    @property
    def ref(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status == "held"

    @classmethod
    def record_found(cls, number: str, ctx: Context, **spec: Any) -> FoundItem:
        return cls.start(FoundRecorded, found_id(ctx.office, number), ctx, number=number,
                         **spec)

    def _require_held(self) -> None:
        if self.status != "held":
            raise RuleViolation("Q3", _("{number} is already {status}", number=self.number,
                                        status=vocabulary.FOUND_STATUSES.say(self.status)))

    def send_to_admin(self, ctx: Context, received_by: str) -> None:
        self._require_held()
        if not self.valuable:
            raise RuleViolation("Q3", _("{number} is not a valuable: it stays at the desk",
                                        number=self.number))
        if self.admin_by is not None:
            raise RuleViolation("Q3", _("{number} went to administration already ({who})",
                                        number=self.number, who=self.admin_by))
        self.trigger(FoundSentToAdmin, ctx, received_by=received_by)

    def notice(self, ctx: Context, week: str) -> bool:
        """List the item in ``week``'s notice; False when it is not (or no longer) due."""
        if self.status != "held" or week in self.weeks:
            return False
        self.trigger(FoundNoticed, ctx, week=week)
        return True

    def claim(self, ctx: Context, *, claimant: str, id_last4: str, description: str) -> None:
        self._require_held()
        self.trigger(FoundClaimed, ctx, claimant=claimant, id_last4=id_last4,
                     description=description)

    def dispose(self, ctx: Context, *, keep_until: datetime, months: int) -> None:
        self._require_held()
        if ctx.occurred_at < keep_until:
            raise RuleViolation("Q3", _("{number} is kept for its owner until {day} "
                                        "({months} months)", number=self.number,
                                        day=keep_until.date().isoformat(), months=months))
        self.trigger(FoundDisposed, ctx, months_kept=months)


class NoticePosted(Event):
    """Q3: the weekly notice of unclaimed items is up, listing these numbers."""

    topic = "found.NoticePosted"
    rule: str = "Q3"
    week: str
    numbers: tuple[str, ...]

    def create(self) -> FoundNotice:
        return FoundNotice(self.originator_id, self.timestamp, self.occurred_at)

    def apply(self, aggregate: Any) -> None:
        aggregate.week, aggregate.office = self.week, self.office
        aggregate.numbers = self.numbers


class FoundNotice(Aggregate):
    """One week's notice of unclaimed items (posted once per week)."""

    subject = "found-notice"

    def __init__(self, id: UUID, created_on: datetime, occurred_at: datetime) -> None:
        super().__init__(id, created_on, occurred_at)
        self.week = self.office = ""
        self.numbers: tuple[str, ...] = ()
        self.status = "posted"

    @property
    def ref(self) -> str:
        return self.week
