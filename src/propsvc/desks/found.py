"""Lost-property use cases (拾遗, Q3): record, to administration, the weekly notice, a
claim, disposal to the company."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from propsvc.aggregates.base import Context
from propsvc.aggregates.found import FoundItem, FoundNotice, NoticePosted, found_id, notice_id
from propsvc.desks.common import (
    id_last4,
    load_numbered,
    load_or_none,
    record_number,
    required,
)
from propsvc.desks.result import Result
from propsvc.desks.service import Service
from propsvc.errors import InvalidInput, RuleViolation
from propsvc.i18n import N_, _
from propsvc.permissions import permit
from propsvc.queries.found import held_items

if TYPE_CHECKING:
    from propsvc.queries.sql import Reads

PREFIX = "SW"
WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")


def parse_week(text: str) -> date:
    """The Monday of ISO week ``YYYY-Www``."""
    found = WEEK_RE.match(text.strip().upper()) if text else None
    try:
        if found is None:
            raise ValueError
        return date.fromisocalendar(int(found[1]), int(found[2]), 1)
    except ValueError:
        raise InvalidInput(_("Q3: cannot read week {text!r}: use YYYY-Www, e.g. 2026-W44",
                             text=text)) from None


class FoundDesk:
    def __init__(self, service: Service, reads: Callable[[], Reads]) -> None:
        """``reads`` gives the read models caught up (the items still held)."""
        self.svc, self.reads = service, reads

    def load(self, number: str) -> FoundItem:
        ref = record_number(number, PREFIX, N_("found item"), "Q3")
        item: FoundItem = load_numbered(self.svc, found_id(self.svc.who.office, ref), ref,
                                        N_("found item"), "register found")
        return item

    def _act(self, number: str, command: Callable[[FoundItem, Context], None],
             at: datetime | None) -> Result:
        item = self.load(number)
        return self.svc.act_on(item.id, command, at, lambda: self.load(number))

    def record(self, *, item: str, place: str, finder: str, valuable: bool = False,
               at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "found.record")
        what = required(item, N_("what was found (--item)"), "Q3")
        where = required(place, N_("where it was found (--place)"), "Q3")
        who = required(finder, N_("who found it (--finder)"), "Q3")
        return self.svc.open_numbered(PREFIX, at, lambda number, ctx: FoundItem.record_found(
            number, ctx, item=what, place=where, finder=who, valuable=valuable))

    def to_admin(self, number: str, *, received_by: str, at: datetime | None = None
                 ) -> Result:
        permit(self.svc.who.role, "found.to_admin")
        who = required(received_by, N_("who in administration took it (--received-by)"), "Q3")
        return self._act(number, lambda i, c: i.send_to_admin(c, who), at)

    def claim(self, number: str, *, claimant: str, id_last4_: str, description: str,
              at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "found.claim")
        who = required(claimant, N_("the claimant (--claimant)"), "Q3")
        digits = id_last4(id_last4_, "Q3")
        said = required(description, N_("the claimant's description of the item "
                        "(--description)"), "Q3")
        return self._act(number, lambda i, c: i.claim(c, claimant=who, id_last4=digits,
                                                      description=said), at)

    def dispose(self, number: str, at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "found.dispose")
        months = self.svc.profile.services.found_keep_months
        cal = self.svc.calendar

        def command(item: FoundItem, ctx: Context) -> None:
            item.dispose(ctx, keep_until=cal.add_months(item.found_at, months), months=months)

        return self._act(number, command, at)

    def notice(self, *, week: str, at: datetime | None = None) -> Result:
        """Q3: post the week's notice of every item still unclaimed by the week's end."""
        permit(self.svc.who.role, "found.notice")
        monday = parse_week(week)
        label = f"{monday.isocalendar().year}-W{monday.isocalendar().week:02d}"
        cal = self.svc.calendar
        starts, ends = cal.day_start(monday), cal.day_start(monday + timedelta(days=7))
        office = self.svc.who.office
        if starts > self.svc.clock.now():
            raise InvalidInput(_("Q3: week {week} has not begun: post its notice during it",
                                 week=label))

        def load(ctx: Context) -> list[Any]:
            if load_or_none(self.svc, notice_id(office, label)) is not None:
                raise RuleViolation("Q3", _("the notice for {week} is already posted",
                                            week=label))
            db = self.reads()
            last = ends - timedelta(microseconds=1)
            rows = held_items(db, office, min(last, ctx.occurred_at))
            items = [self.load(r["number"]) for r in rows]
            due = [i for i in items if i.is_open and label not in i.weeks]
            if not due:
                raise RuleViolation("Q3", _("no unclaimed item to post for {week}", week=label))
            notice = FoundNotice.start(NoticePosted, notice_id(office, label), ctx,
                                       week=label, numbers=tuple(i.number for i in due))
            return [notice, *due]

        def command(aggs: list[Any], ctx: Context) -> None:
            for item in aggs[1:]:
                item.notice(ctx, label)

        return self.svc.act_together(load, command, at, FoundNotice)
