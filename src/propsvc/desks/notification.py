"""Marking notifications read (issue 15): recorded on the user's ``Inbox``, one small
aggregate per user and office, so who read what and when is kept like everything else."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, cast

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from propsvc.aggregates.base import Context
from propsvc.aggregates.notification import Inbox, inbox_id
from propsvc.desks.result import Result, describe
from propsvc.desks.service import RETRIES, Service, backoff
from propsvc.errors import Conflict, InvalidInput, NotFound
from propsvc.permissions import permit

MAX_IDS = 500


class NotificationDesk:
    """``visible(ids)`` answers which ids the user can see; ``newest()`` the recorded
    time of the newest notification they can see (both from the read model)."""

    def __init__(self, service: Service, visible: Callable[[Sequence[str]], set[str]],
                 newest: Callable[[], datetime | None]) -> None:
        self.svc, self.visible, self.newest = service, visible, newest

    def _inbox(self, ctx: Context) -> Inbox:
        who = self.svc.who
        try:
            inbox: Inbox = self.svc.store.repository.get(inbox_id(who.office, who.actor))
        except AggregateNotFoundError:
            inbox = Inbox.open_for(who.office, who.actor, ctx)
        return inbox

    def _save(self, command: Callable[[Inbox, Context], None]) -> Result:
        """Load (or open) the inbox, record, save — retried on a concurrent change.
        Nothing new to record (all already read): nothing is written."""
        for attempt in range(RETRIES):
            ctx = self.svc.context()
            inbox = self._inbox(ctx)
            command(inbox, ctx)
            events = inbox.pending
            if not events:
                return describe(inbox, [])
            try:
                self.svc.store.save(cast(Any, inbox))
            except IntegrityError:
                backoff(attempt)
                continue
            return self.svc.committed(describe(inbox, events))
        raise Conflict("the inbox was changed at the same moment (another session): retry")

    def mark_read(self, ids: Sequence[str]) -> Result:
        """Mark these notifications read for the acting user (already read: no change)."""
        permit(self.svc.who.role, "notification.read")
        wanted = list(dict.fromkeys(i.strip().lower() for i in ids if i.strip()))
        if not wanted:
            raise InvalidInput("name at least one notification id (notifications list shows them)")
        if len(wanted) > MAX_IDS:
            raise InvalidInput(f"at most {MAX_IDS} notification ids at once: use read-all")
        unknown = [i for i in wanted if i not in self.visible(wanted)]
        if unknown:
            raise NotFound(f"no notification {unknown[0]} for {self.svc.who.actor} "
                           f"({self.svc.who.role}) in office {self.svc.who.office}")
        return self._save(lambda inbox, ctx: inbox.mark_read(wanted, ctx))

    def mark_all_read(self) -> Result:
        """Mark everything the acting user can see now as read."""
        permit(self.svc.who.role, "notification.read")
        up_to = self.newest()
        if up_to is None:
            up_to = self.svc.clock.now()
        return self._save(lambda inbox, ctx: inbox.mark_all_read(up_to, ctx))
