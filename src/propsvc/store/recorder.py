"""The chained application recorder: eventsourcing's recorder interface on plain DB-API.

Every insert runs in one transaction under the log's insert lock (see ``database``):
read the chain's head, give the new events the next notification ids, compute their
links, insert them and move the head — so the chain is exact however many desks write
at once, and notification ids are committed in order (what the projections' catch-up
relies on). A store made before the chain is chained once, on its first write or by
``propsvc verify``, and the head record says up to where and when (``upgraded_upto``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    ApplicationRecorder,
    Notification,
    StoredEvent,
    Subscription,
)

from propsvc.store.chain import GENESIS, Head, as_bytes, chain_rows
from propsvc.store.database import CHAIN, EVENTS, Database
from propsvc.store.schema import ensure_schema

_COLUMNS = "id, originator_id, originator_version, topic, state"
UPGRADE_BATCH = 10_000


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class ChainedRecorder(ApplicationRecorder):
    def __init__(self, db: Database, now: Callable[[], str] = _utc_now) -> None:
        self.db = db
        self.now = now
        self._ready = False
        m = db.mark
        self._insert_sql = (f"INSERT INTO {EVENTS} ({_COLUMNS}, chain_hash) "
                            f"VALUES ({m}, {m}, {m}, {m}, {m}, {m})")
        self.events_table_name = EVENTS

    # -- writing --------------------------------------------------------------------

    def insert_events(self, stored_events: Sequence[StoredEvent],
                      **kwargs: Any) -> Sequence[int] | None:
        if not stored_events:
            return []
        self.ready(create=True)
        with self.db.write() as cur:
            head = self.head_for_write(cur)
            last = max(head.position, self._max_id(cur))
            events = [(last + i, s.originator_id, s.originator_version, s.topic, s.state)
                      for i, s in enumerate(stored_events, 1)]
            links = [lk for _, lk in chain_rows(events, head.link)]
            uid = self.db.uuid_value
            cur.executemany(self._insert_sql, [
                (pos, uid(oid), version, topic, state, lk)
                for (pos, oid, version, topic, state), lk in zip(events, links, strict=True)])
            self._move_head(cur, events[-1][0], links[-1])
        return [e[0] for e in events]

    def ready(self, *, create: bool = False) -> bool:
        """Make sure the tables exist. A new SQLite file is created by the first write
        only: reads, and writes refused before they record anything, leave no file."""
        if not self._ready and (create or self.db.exists()):
            ensure_schema(self.db)
            self._ready = True
        return self._ready

    def head_for_write(self, cur: Any) -> Head:
        """The chain's head, chaining the rows of a store made before the chain first."""
        head = read_head(cur)
        if head is not None:
            return head
        if self._has_linked_rows(cur):  # the head record was deleted: carry on, say so
            row = cur.execute(f"SELECT id, chain_hash FROM {EVENTS} WHERE chain_hash IS NOT "
                              "NULL ORDER BY id DESC LIMIT 1").fetchone()
            head = Head(int(row[0]), bytes(row[1]))
            self._create_head(cur, head, f"head record missing at {self.now()}: "
                              f"restored from event #{head.position}")
            return head
        return self._upgrade(cur)

    def _upgrade(self, cur: Any) -> Head:
        m = self.db.mark
        previous, position, start = GENESIS, 0, 0
        while True:
            rows = cur.execute(f"SELECT {_COLUMNS} FROM {EVENTS} WHERE id > {m} ORDER BY id "
                               f"LIMIT {m}", (start, UPGRADE_BATCH)).fetchall()
            if not rows:
                break
            linked = list(chain_rows(((int(r[0]), r[1], int(r[2]), r[3], bytes(r[4]))
                                      for r in rows), previous))
            cur.executemany(f"UPDATE {EVENTS} SET chain_hash = {m} WHERE id = {m}",
                            [(lk, pos) for pos, lk in linked])
            position, previous = linked[-1]
            start = position
        head = Head(position, previous, upgraded_upto=position,
                    upgraded_at=self.now() if position else None)
        self._create_head(cur, head, None)
        return head

    def _create_head(self, cur: Any, head: Head, remark: str | None) -> None:
        m = self.db.mark
        cur.execute(f"INSERT INTO {CHAIN} (id, head_position, head_link, upgraded_upto, "
                    f"upgraded_at, remark) VALUES (1, {m}, {m}, {m}, {m}, {m})",
                    (head.position, head.link, head.upgraded_upto, head.upgraded_at, remark))

    def _move_head(self, cur: Any, position: int, link: bytes) -> None:
        m = self.db.mark
        cur.execute(f"UPDATE {CHAIN} SET head_position = {m}, head_link = {m} WHERE id = 1",
                    (position, link))

    def _has_linked_rows(self, cur: Any) -> bool:
        return cur.execute(f"SELECT 1 FROM {EVENTS} WHERE chain_hash IS NOT NULL "
                           "LIMIT 1").fetchone() is not None

    @staticmethod
    def _max_id(cur: Any) -> int:
        row = cur.execute(f"SELECT MAX(id) FROM {EVENTS}").fetchone()
        return int(row[0] or 0)

    # -- reading --------------------------------------------------------------------

    def select_events(self, originator_id: UUID | str, *, gt: int | None = None,
                      lte: int | None = None, desc: bool = False,
                      limit: int | None = None) -> Sequence[StoredEvent]:
        m = self.db.mark
        sql = (f"SELECT originator_id, originator_version, topic, state FROM {EVENTS} "
               f"WHERE originator_id = {m}")
        params: list[Any] = [self.db.uuid_value(originator_id)]
        if gt is not None:
            sql += f" AND originator_version > {m}"
            params.append(gt)
        if lte is not None:
            sql += f" AND originator_version <= {m}"
            params.append(lte)
        sql += " ORDER BY originator_version" + (" DESC" if desc else "")
        if limit is not None:
            sql += f" LIMIT {m}"
            params.append(limit)
        if not self.ready():
            return []
        with self.db.read() as cur:
            rows = cur.execute(sql, params).fetchall()
        to_uuid = self.db.to_uuid
        return [StoredEvent(originator_id=to_uuid(r[0]), originator_version=int(r[1]),
                            topic=r[2], state=as_bytes(r[3])) for r in rows]

    def select_notifications(self, start: int | None, limit: int, stop: int | None = None,
                             topics: Sequence[str] = (), *,
                             inclusive_of_start: bool = True) -> Sequence[Notification]:
        m = self.db.mark
        where: list[str] = []
        params: list[Any] = []
        if start is not None:
            where.append(f"id >= {m}" if inclusive_of_start else f"id > {m}")
            params.append(start)
        if stop is not None:
            where.append(f"id <= {m}")
            params.append(stop)
        if topics:
            where.append(f"topic IN ({', '.join([m] * len(topics))})")
            params.extend(topics)
        sql = f"SELECT {_COLUMNS} FROM {EVENTS}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY id LIMIT {m}"
        params.append(limit)
        if not self.ready():
            return []
        with self.db.read() as cur:
            rows = cur.execute(sql, params).fetchall()
        to_uuid = self.db.to_uuid
        return [Notification(id=int(r[0]), originator_id=to_uuid(r[1]),
                             originator_version=int(r[2]), topic=r[3], state=as_bytes(r[4]))
                for r in rows]

    def max_notification_id(self) -> int | None:
        if not self.ready():
            return None
        with self.db.read() as cur:
            row = cur.execute(f"SELECT MAX(id) FROM {EVENTS}").fetchone()
        return None if row[0] is None else int(row[0])

    def subscribe(self, gt: int | None = None,
                  topics: Sequence[str] = ()) -> Subscription[ApplicationRecorder]:
        raise NotImplementedError("propsvc's recorder does not push notifications; "
                                  "the projections pull (propsvc.projections.catchup)")

    @property
    def events_record_cls(self) -> Any:
        """For SQLAlchemy Core readers that took the table from the old recorder (the
        catch-up: the table must exist before it reads, even in a store not written yet)."""
        from propsvc.store.schema import events_table

        self.ready(create=True)
        return type("EventsRecord", (), {"__table__": events_table()})


def read_head(cur: Any) -> Head | None:
    row = cur.execute(f"SELECT head_position, head_link, upgraded_upto, upgraded_at "
                      f"FROM {CHAIN} WHERE id = 1").fetchone()
    if row is None:
        return None
    return Head(int(row[0]), bytes(row[1]), int(row[2]), row[3])
