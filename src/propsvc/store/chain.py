"""The hash chain over the event log: one link per stored event, in notification order.

Each link is SHA-256 over a fixed layout of everything stored for the event — its
position in the log (the notification id), its aggregate id and version, its topic, its
state bytes as stored (which carry the business time ``occurred_at`` and the recorded
time ``timestamp``; ciphertext when the store encrypts) — and the previous link. The
first link follows ``GENESIS``. Editing, deleting, inserting or moving any row changes
the link of that row or of the one after it; deleting rows at the end is caught by the
head record the recorder keeps beside the log (``propsvc_chain``), and against someone
who rewrites the whole chain by the head hash an office notes down (``verify --head``).
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from uuid import UUID

GENESIS = bytes(32)
_TAG = b"propsvc-chain-v1\x00"
_NUMBERS = struct.Struct(">qq")
_LENGTH = struct.Struct(">I")


def id_bytes(originator_id: Any) -> bytes:
    """The aggregate id as its 16 bytes (SQLite stores bytes, PostgreSQL a UUID)."""
    if type(originator_id) is bytes:
        return originator_id
    if isinstance(originator_id, UUID):
        return originator_id.bytes
    if isinstance(originator_id, memoryview | bytearray):
        return bytes(originator_id)
    try:
        return UUID(str(originator_id)).bytes
    except ValueError:  # not an id at all (a hand edit): hash what is there
        return as_bytes(originator_id)


def as_bytes(value: Any) -> bytes:
    """A stored column as bytes, whatever a hand edit left in it (SQLite lets ``replace()``
    turn a BLOB into TEXT): the link is then computed over what is there."""
    if type(value) is bytes:
        return value
    if isinstance(value, memoryview | bytearray):
        return bytes(value)
    if value is None:
        return b""
    return str(value).encode("utf-8", "surrogateescape")


def link(previous: bytes, position: int, originator_id: Any, version: int, topic: str,
         state: bytes) -> bytes:
    """The link of one stored event (32 bytes)."""
    topic_bytes = _topic_bytes(topic)
    return hashlib.sha256(b"".join((
        _TAG, previous, _NUMBERS.pack(position, version), id_bytes(originator_id),
        _LENGTH.pack(len(topic_bytes)), topic_bytes, _LENGTH.pack(len(state)), state,
    ))).digest()


@lru_cache(maxsize=1024)
def _topic_bytes(topic: str) -> bytes:
    return topic.encode("utf-8")


@dataclass(frozen=True)
class Row:
    """One stored event as the verifier reads it."""

    position: int
    originator_id: Any
    version: int
    topic: str
    state: bytes
    stored_link: bytes | None


@dataclass(frozen=True)
class Head:
    """The recorder's head record: the last chained position and its link."""

    position: int
    link: bytes
    upgraded_upto: int = 0
    upgraded_at: str | None = None


@dataclass(frozen=True)
class Break:
    """The first broken link: where, and what it most likely means."""

    position: int
    reason: str
    originator_id: str | None = None
    version: int | None = None
    topic: str | None = None


@dataclass(frozen=True)
class Verdict:
    events: int
    head: str  # hex of the last good link ("" for an empty store)
    head_position: int
    broken: Break | None


def walk(rows: Iterable[Row], head: Head | None) -> Verdict:
    """Recompute every link from the rows alone, compare, and check the head record."""
    previous, last_position, count = GENESIS, 0, 0
    for row in rows:
        broken = _check(row, previous, last_position)
        if broken is not None:
            return Verdict(count, previous.hex() if count else "", last_position, broken)
        assert row.stored_link is not None
        previous, last_position = row.stored_link, row.position
        count += 1
    tail = _check_head(head, previous, last_position, count)
    return Verdict(count, previous.hex() if count else "", last_position, tail)


def _check(row: Row, previous: bytes, last_position: int) -> Break | None:
    if row.stored_link is None:
        return _at(row, "has no link: inserted outside propsvc, or its link erased")
    if row.position <= last_position:
        return _at(row, "is out of order")
    expected = link(previous, row.position, row.originator_id, row.version, row.topic,
                    row.state)
    if expected == bytes(row.stored_link):
        return None
    if last_position and row.position > last_position + 1:
        reason = (f"does not follow event #{last_position}: the events "
                  f"#{last_position + 1}–#{row.position - 1} were deleted, or this one moved")
    else:
        reason = ("does not match its link: this event was edited, or an event before it "
                  "was deleted, inserted or moved")
    return _at(row, reason)


def _at(row: Row, reason: str) -> Break:
    raw = id_bytes(row.originator_id)
    shown = str(UUID(bytes=raw)) if len(raw) == 16 else repr(row.originator_id)
    return Break(row.position, reason, shown, row.version, row.topic)


def _check_head(head: Head | None, last: bytes, last_position: int, count: int) -> Break | None:
    if head is None:
        if count:
            return Break(last_position, "the chain's head record is missing (deleted)")
        return None
    if head.position > last_position:
        return Break(last_position + 1,
                     f"the log ends at event #{last_position} but its head record says "
                     f"#{head.position}: the events after #{last_position} were deleted")
    if head.position < last_position or head.link != last:
        return Break(head.position, "the head record does not match the last event "
                     "(events appended outside propsvc, or the head record edited)")
    return None


def chain_rows(rows: Iterable[tuple[int, Any, int, str, bytes]],
               previous: bytes = GENESIS) -> Iterator[tuple[int, bytes]]:
    """(position, link) for rows chained after ``previous`` (upgrade, import)."""
    for position, originator_id, version, topic, state in rows:
        previous = link(previous, position, originator_id, version, topic, bytes(state))
        yield position, previous
