"""The event log as JSON lines: ``propsvc events export`` and ``propsvc events import``.

Line 1 is a header (format, version, count, head link); then one event a line in id
order, with everything stored: its id, aggregate id, version, topic, its state exactly
as stored (``state``: the JSON text; ``state_b64`` for an encrypted state) and its link.
Import goes into an empty store only, in one transaction: every link is recomputed and
must equal the one in the file, so what arrives is what was exported, bit for bit — or
nothing arrives at all.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from propsvc.errors import InvalidInput
from propsvc.i18n import _
from propsvc.store.chain import GENESIS, Head, link
from propsvc.store.database import CHAIN, EVENTS, Database
from propsvc.store.recorder import ChainedRecorder, read_head
from propsvc.store.verify import chain_old_rows

FORMAT = "propsvc-events"
VERSION = 1
BATCH = 10_000
_COLUMNS = ("id", "originator_id", "originator_version", "topic", "state", "chain_hash")


@dataclass(frozen=True)
class Transferred:
    events: int
    head: str


def export_events(recorder: ChainedRecorder, out: IO[str],
                  exported_at: str) -> Transferred:
    chain_old_rows(recorder)
    db = recorder.db
    with db.read() as cur:
        count = int(cur.execute(f"SELECT COUNT(*) FROM {EVENTS}").fetchone()[0])
        head = read_head(cur)
        header = {"format": FORMAT, "version": VERSION, "events": count,
                  "head": head.link.hex() if head and count else "",
                  "head_position": head.position if head and count else 0,
                  "upgraded_upto": head.upgraded_upto if head else 0,
                  "upgraded_at": head.upgraded_at if head else None,
                  "exported_at": exported_at}
        out.write(json.dumps(header, ensure_ascii=False) + "\n")
        written = 0
        for row in _all_rows(db, cur):
            out.write(_line(db, row))
            written += 1
    return Transferred(written, header["head"])  # type: ignore[arg-type]


def _all_rows(db: Database, cur: Any) -> Iterator[Any]:
    last, m = -1, db.mark
    while True:
        batch = cur.execute(
            f"SELECT id, originator_id, originator_version, topic, state, chain_hash "
            f"FROM {EVENTS} WHERE id > {m} ORDER BY id LIMIT {m}", (last, BATCH)).fetchall()
        yield from batch
        if len(batch) < BATCH:
            return
        last = int(batch[-1][0])


def _line(db: Database, row: Any) -> str:
    state = bytes(row[4])
    item: dict[str, Any] = {"id": int(row[0]), "originator_id": str(db.to_uuid(row[1])),
                            "originator_version": int(row[2]), "topic": row[3]}
    try:
        if state[:1] == b"\x00":
            raise UnicodeDecodeError("utf-8", state, 0, 1, "encrypted")
        item["state"] = state.decode("utf-8")
    except UnicodeDecodeError:
        item["state_b64"] = base64.b64encode(state).decode("ascii")
    item["link"] = bytes(row[5]).hex() if row[5] is not None else None
    return json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n"


def import_events(recorder: ChainedRecorder, lines: Iterable[str],
                  progress: Callable[[int], None] | None = None) -> Transferred:
    """Load an export into an empty store; refused whole at the first line that is off."""
    numbered = enumerate(lines, 1)
    header = _header(next(numbered, (1, ""))[1])
    db = recorder.db
    recorder.ready(create=True)
    with db.write() as cur:
        if cur.execute(f"SELECT 1 FROM {EVENTS} LIMIT 1").fetchone() is not None or \
                read_head(cur) is not None:
            raise InvalidInput(_("the target store already holds events: events import loads "
                                 "into an empty store only (give a new --db)"))
        previous, position, count = GENESIS, 0, 0
        batch: list[tuple[Any, ...]] = []
        for number, text in numbered:
            row = _event(db, number, text, previous, position)
            previous, position = row[5], row[0]
            batch.append(row)
            count += 1
            if len(batch) == BATCH:
                cur.insert_rows(EVENTS, _COLUMNS, batch)
                batch.clear()
                if progress:
                    progress(count)
        if batch:
            cur.insert_rows(EVENTS, _COLUMNS, batch)
        _check_totals(header, count, previous)
        upto, at = int(header.get("upgraded_upto") or 0), header.get("upgraded_at")
        _finish(db, cur, Head(position, previous if count else GENESIS, upto,
                              at if isinstance(at, str) else None))
    return Transferred(count, previous.hex() if count else "")


def _header(text: str) -> dict[str, Any]:
    try:
        header = json.loads(text)
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise InvalidInput(_("line 1: not a propsvc events export (no propsvc-events header)"))
    if header.get("version") != VERSION:
        raise InvalidInput(_("line 1: export format version {header!r} is not supported (this "
                             "propsvc reads version {VERSION})",
                             header=header.get('version'), VERSION=VERSION))
    return header


def _event(db: Database, number: int, text: str, previous: bytes,
           position: int) -> tuple[Any, ...]:
    try:
        item = json.loads(text)
        pos, version, topic = int(item["id"]), int(item["originator_version"]), item["topic"]
        uid = db.uuid_value(item["originator_id"])
        state = (item["state"].encode("utf-8") if "state" in item
                 else base64.b64decode(item["state_b64"], validate=True))
        stored = bytes.fromhex(item["link"])
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise InvalidInput(_("line {number}: not an exported event ({err})",
                             number=number, err=err)) from None
    if not isinstance(topic, str) or pos <= position:
        raise InvalidInput(_("line {number}: event #{pos} is out of order", number=number, pos=pos))
    expected = link(previous, pos, uid, version, topic, state)
    if expected != stored:
        raise InvalidInput(_("line {number}: event #{pos} does not match its link: the file was "
                             "changed after export (nothing imported)", number=number, pos=pos))
    return (pos, uid, version, topic, state, stored)


def _check_totals(header: dict[str, Any], count: int, last: bytes) -> None:
    if header.get("events") != count:
        raise InvalidInput(_("the export's header announces {header} events but the file holds "
                             "{count}: it is cut short (nothing imported)",
                             header=header.get('events'), count=count))
    if count and header.get("head") != last.hex():
        raise InvalidInput(_("the export's last link differs from its header's head (nothing "
                             "imported)"))


def _finish(db: Database, cur: Any, head: Head) -> None:
    m = db.mark
    cur.execute(f"INSERT INTO {CHAIN} (id, head_position, head_link, upgraded_upto, "
                f"upgraded_at, remark) VALUES (1, {m}, {m}, {m}, {m}, NULL)",
                (head.position, head.link, head.upgraded_upto, head.upgraded_at))
    if db.kind == "postgresql" and head.position:
        cur.execute(f"SELECT setval(pg_get_serial_sequence('{EVENTS}', 'id'), %s)",
                    (head.position,))
