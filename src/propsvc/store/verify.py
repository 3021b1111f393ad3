"""``propsvc verify``: walk the chain from the rows alone and report on it.

The walk reads the log in id order, in batches, inside one read transaction (one
snapshot, while desks keep writing). A store made before the chain is chained first,
once, in a write transaction (``ChainedRecorder.head_for_write``), and the report says
so: those older rows are tamper-evident only from that moment on.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from propsvc.errors import InvalidInput
from propsvc.i18n import _
from propsvc.store.chain import Row, Verdict, as_bytes, walk
from propsvc.store.cipher import MARK, current_cipher
from propsvc.store.database import CHAIN, EVENTS, Database
from propsvc.store.recorder import ChainedRecorder, read_head

BATCH = 10_000


@dataclass(frozen=True)
class Report:
    verdict: Verdict
    office: str
    office_events: int | None  # None: states encrypted and no key to read them
    upgraded_upto: int
    upgraded_at: str | None
    remark: str | None
    found: int | None = None  # position of an expected (earlier noted) head

    @property
    def ok(self) -> bool:
        return self.verdict.broken is None

    def as_json(self) -> dict[str, Any]:
        v = self.verdict
        return {
            "ok": self.ok, "events": v.events, "head": v.head,
            "head_position": v.head_position, "office": self.office,
            "office_events": self.office_events,
            "upgraded": ({"upto": self.upgraded_upto, "at": self.upgraded_at}
                         if self.upgraded_upto else None),
            "remark": self.remark,
            "broken": asdict(v.broken) if v.broken else None,
        }


def chain_old_rows(recorder: ChainedRecorder) -> None:
    """Chain a store made before the chain (no head record, rows without links)."""
    recorder.ready(create=True)
    with recorder.db.read() as cur:
        if read_head(cur) is not None or cur.execute(
                f"SELECT 1 FROM {EVENTS} LIMIT 1").fetchone() is None:
            return
    with recorder.db.write() as cur:
        recorder.head_for_write(cur)


def verify(recorder: ChainedRecorder, office: str, expect: str | None = None) -> Report:
    chain_old_rows(recorder)
    db = recorder.db
    counter = _OfficeCounter(office)
    wanted = _expected(expect)
    found: list[int] = []
    with db.read() as cur:
        head = read_head(cur)
        remark_row = cur.execute(f"SELECT remark FROM {CHAIN} WHERE id = 1").fetchone()
        rows = _rows(db, cur, counter, wanted, found)
        verdict = walk(rows, head)
    return Report(verdict, office, counter.count, head.upgraded_upto if head else 0,
                  head.upgraded_at if head else None,
                  remark_row[0] if remark_row else None, found[0] if found else None)


def _expected(expect: str | None) -> str | None:
    if expect is None:
        return None
    text = expect.strip().lower()
    if len(text) < 12 or len(text) > 64 or any(c not in "0123456789abcdef" for c in text):
        raise InvalidInput(_("--expect takes a head hash noted earlier (hex, at least 12 of its "
                             "64 digits), as printed by propsvc verify --head"))
    return text


def _rows(db: Database, cur: Any, counter: _OfficeCounter, wanted: str | None,
          found: list[int]) -> Iterator[Row]:
    m = db.mark
    last = -1
    while True:
        batch = cur.execute(
            f"SELECT id, originator_id, originator_version, topic, state, chain_hash "
            f"FROM {EVENTS} WHERE id > {m} ORDER BY id LIMIT {m}", (last, BATCH)).fetchall()
        for r in batch:
            state = as_bytes(r[4])
            stored = as_bytes(r[5]) if r[5] is not None else None
            counter.see(state)
            if wanted and stored is not None and not found and stored.hex().startswith(wanted):
                found.append(int(r[0]))
            yield Row(int(r[0]), r[1], _number(r[2]), str(r[3]), state, stored)
        if len(batch) < BATCH:
            return
        last = int(batch[-1][0])


def _number(value: Any) -> int:
    """A version as stored; one a hand edit made unreadable hashes as -1 (and so fails)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


class _OfficeCounter:
    """Counts the events of one office (their state names it; decrypted when it can)."""

    def __init__(self, office: str) -> None:
        import json

        self.needle = b'"office":' + json.dumps(office, ensure_ascii=False).encode()
        self.cipher = current_cipher()
        self.count: int | None = 0

    def see(self, state: bytes) -> None:
        if self.count is None:
            return
        if state.startswith(MARK):
            if self.cipher is None:
                self.count = None
                return
            try:
                state = self.cipher.decrypt(state)
            except InvalidInput:
                return  # a damaged ciphertext: the walk names it if its link is off
        if self.needle in state:
            self.count += 1
