"""The notifications read model (issue 15): every miss, chase and escalation ``tick``
recorded, and every day's patrol report to the manager (P1), once per audience role
(``policies/notification``), and what each user has read. A miss is told by the
reference and label of its deadline, remembered here from
``DeadlineSet`` (the deadline index is another read model, caught up on its own)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import singledispatchmethod
from typing import Any

from propsvc.aggregates.base import Event
from propsvc.aggregates.deadlines import Chased, DeadlineMissed, DeadlineSet, Escalated
from propsvc.aggregates.notification import AllNotificationsRead, NotificationsRead
from propsvc.aggregates.patrol import PatrolReported
from propsvc.policies.notification import audience, notice_id
from propsvc.projections._schema import notice_inboxes, notice_reads, notice_refs, notices
from propsvc.projections.base import Projection
from propsvc.projections.rows import Key
from propsvc.projections.schema import TableSpec

WHOLE = ""  # the key of an aggregate's own reference row


class NotificationFeed(Projection):
    name = "notifications"
    tables = (notices, notice_refs, notice_reads, notice_inboxes)

    def touches(self, event: Event) -> Iterable[tuple[TableSpec, Key]]:
        if isinstance(event, DeadlineMissed):
            yield notice_refs, (self.oid(event), event.key)
        elif isinstance(event, Chased | Escalated):
            yield notice_refs, (self.oid(event), WHOLE)
        elif isinstance(event, DeadlineSet):
            yield notice_refs, (self.oid(event), event.key)
            yield notice_refs, (self.oid(event), WHOLE)
        elif isinstance(event, AllNotificationsRead):
            yield notice_inboxes, (event.office, event.user)

    @singledispatchmethod
    def handle(self, event: Event) -> None:
        return None

    @handle.register
    def _(self, e: DeadlineSet) -> None:
        refs = self.cache(notice_refs)
        oid = self.oid(e)
        refs.put({"aggregate_id": oid, "key": e.key, "subject": e.subject, "ref": e.ref,
                  "label": e.label})
        if refs.get((oid, WHOLE)) is None:
            refs.put({"aggregate_id": oid, "key": WHOLE, "subject": e.subject, "ref": e.ref,
                      "label": ""})

    @handle.register
    def _(self, e: DeadlineMissed) -> None:
        ref = self.row(notice_refs, (self.oid(e), e.key))
        self._tell(e, "missed", None, ref, label=ref["label"] if ref else None,
                   note=None, level=None)

    @handle.register
    def _(self, e: Chased) -> None:
        if e.manual:  # a reminder a person sent by hand is not the clock's news
            return
        self._tell(e, "chased", e.to, self.row(notice_refs, (self.oid(e), WHOLE)),
                   label=None, note=e.note, level=e.level)

    @handle.register
    def _(self, e: Escalated) -> None:
        if not e.automatic:
            return
        self._tell(e, "escalated", e.to, self.row(notice_refs, (self.oid(e), WHOLE)),
                   label=None, note=e.reason, level=None)

    def _tell(self, e: Event, kind: str, to: str | None, ref: dict[str, Any] | None,
              **extra: Any) -> None:
        if ref is None:  # no deadline of this aggregate was ever set: nothing to tell by
            return
        ident = notice_id(self.oid(e), e.originator_version)
        rows = self.cache(notices)
        for role in audience(kind, to):
            rows.put({"id": ident, "role": role, "office": e.office,
                      "created_at": e.timestamp, "occurred_at": e.occurred_at,
                      "kind": kind, "subject": ref["subject"], "ref": ref["ref"],
                      "rule": getattr(e, "rule", ""), "target": to, **extra})

    @handle.register
    def _(self, e: PatrolReported) -> None:
        """P1: the manager's inbox gets the day's patrol report."""
        found = len(e.findings)
        note = (f"{found} findings, {len(e.still_open)} still open"
                + (f" ({', '.join(e.still_open)})" if e.still_open else "")
                + f"; reported to {e.to} by {e.actor}" + (f": {e.note}" if e.note else ""))
        self._tell(e, "reported", "manager", {"subject": "patrol-day", "ref": e.day},
                   label=f"巡视日报 {e.day}", note=note, level=None)

    @handle.register
    def _(self, e: NotificationsRead) -> None:
        reads = self.cache(notice_reads)
        for ident in e.ids:
            reads.put({"office": e.office, "user": e.user, "id": ident,
                       "read_at": e.timestamp})

    @handle.register
    def _(self, e: AllNotificationsRead) -> None:
        current = self.row(notice_inboxes, (e.office, e.user))
        until: datetime = e.up_to
        if current is not None and current["read_until"] > until:
            until = current["read_until"]
        self.cache(notice_inboxes).put({"office": e.office, "user": e.user,
                                        "read_until": until})
