"""Tamper evidence (issue 9 item 1): every kind of direct change to the event table is
named by ``verify`` — 1,000 random trials over edits, deletions, insertions, moves and
edits of the last event, some by an attacker who recomputes the link of the row they
touched; an untouched store verifies; a noted head (``--expect``) catches a rewrite of the
whole tail. The trials tamper with copies of one SQLite store written by the desks."""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from propsvc.clock import SettableClock
from propsvc.store.chain import link
from propsvc.store.database import Database, Target
from propsvc.store.recorder import ChainedRecorder
from propsvc.store.verify import verify
from tests.integration._support import play_workload
from tests.office import open_office

TRIALS = 1000
Tamper = Callable[[sqlite3.Connection, random.Random], str]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import START

    path = tmp_path_factory.mktemp("chain") / "store.db"
    clock = SettableClock(START)
    rt = open_office(str(path), clock=clock)
    try:
        play_workload(rt, clock)
    finally:
        rt.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=DELETE")  # one self-contained file to copy
    conn.close()
    return path


def _tamper(path: Path, step: Callable[[sqlite3.Connection], str]) -> str:
    conn = sqlite3.connect(path)
    try:
        with conn:
            return step(conn)
    finally:
        conn.close()


def _verify(path: Path) -> Any:
    db = Database(Target("sqlite", path=str(path)))
    try:
        return verify(ChainedRecorder(db), "main")
    finally:
        db.close()


def _rows(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    return conn.execute("SELECT id, originator_id, originator_version, topic, state, "
                        "chain_hash FROM propsvc_events ORDER BY id").fetchall()


def _relink(conn: sqlite3.Connection, position: int) -> None:
    """What a careful attacker does: recompute the touched row's own link."""
    rows = _rows(conn)
    previous = bytes(32)
    for r in rows:
        if r[0] == position:
            new = link(previous, r[0], r[1], r[2], r[3], bytes(r[4]))
            conn.execute("UPDATE propsvc_events SET chain_hash = ? WHERE id = ?", (new, r[0]))
            return
        previous = bytes(r[5])


def _edit_state(state: bytes, rnd: random.Random) -> bytes:
    data = json.loads(state)
    key = rnd.choice(sorted(data))
    value = data[key]
    if isinstance(value, bool):
        data[key] = not value
    elif isinstance(value, int | float):
        data[key] = value + rnd.randint(1, 9)
    elif isinstance(value, str):
        data[key] = value + rnd.choice(["x", "改", "0", " "])
    else:
        data[key] = "tampered"
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _edit(conn: sqlite3.Connection, rnd: random.Random, *, last: bool = False,
          relink: bool = False) -> str:
    rows = _rows(conn)
    row = rows[-1] if last else rnd.choice(rows)
    column = rnd.choice(["state", "state", "state", "originator_version", "topic",
                         "originator_id"])
    value: Any
    if column == "state":
        value = _edit_state(row[4], rnd)
    elif column == "originator_version":
        value = row[2] + 1000 + rnd.randint(0, 999)
    elif column == "topic":
        value = rnd.choice([r[3] for r in rows if r[3] != row[3]])
    else:
        value = uuid4().bytes
    conn.execute(f"UPDATE propsvc_events SET {column} = ? WHERE id = ?", (value, row[0]))
    if relink:
        _relink(conn, row[0])
    return f"edit {column} of #{row[0]}{' +relink' if relink else ''}"


def _delete(conn: sqlite3.Connection, rnd: random.Random) -> str:
    rows = _rows(conn)
    row = rows[-1] if rnd.random() < 0.2 else rnd.choice(rows)
    conn.execute("DELETE FROM propsvc_events WHERE id = ?", (row[0],))
    return f"delete #{row[0]}"


def _insert(conn: sqlite3.Connection, rnd: random.Random) -> str:
    rows = _rows(conn)
    model = rnd.choice(rows)
    at = rnd.randint(1, len(rows) + 1)
    for r in reversed(rows):  # make room: move every later row one place on
        if r[0] >= at:
            conn.execute("UPDATE propsvc_events SET id = id + 1 WHERE id = ?", (r[0],))
    conn.execute("INSERT INTO propsvc_events VALUES (?, ?, ?, ?, ?, ?)",
                 (at, uuid4().bytes, 1, model[3], _edit_state(model[4], rnd), None))
    if rnd.random() < 0.5:
        _relink(conn, at)
    return f"insert at #{at}"


def _move(conn: sqlite3.Connection, rnd: random.Random) -> str:
    rows = _rows(conn)
    a, b = rnd.sample(rows, 2)
    conn.execute("UPDATE propsvc_events SET id = -1 WHERE id = ?", (a[0],))
    conn.execute("UPDATE propsvc_events SET id = ? WHERE id = ?", (a[0], b[0]))
    conn.execute("UPDATE propsvc_events SET id = ? WHERE id = -1", (b[0],))
    return f"swap #{a[0]} and #{b[0]}"


KINDS: dict[str, Tamper] = {
    "edit a field": _edit,
    "edit a field and relink it": lambda c, r: _edit(c, r, relink=True),
    "delete a row": _delete,
    "insert a row": _insert,
    "reorder two rows": _move,
    "edit the last event": lambda c, r: _edit(c, r, last=True),
    "edit the last event and relink it": lambda c, r: _edit(c, r, last=True, relink=True),
}


def test_an_untouched_store_verifies(template: Path) -> None:
    report = _verify(template)
    assert report.ok and report.verdict.events > 50
    assert report.verdict.head == bytes(_rows(sqlite3.connect(template))[-1][5]).hex()


def test_every_random_tamper_of_every_kind_is_detected(template: Path, tmp_path: Path) -> None:
    rnd = random.Random(20261122)
    kinds = list(KINDS)
    missed: list[str] = []
    per_kind = dict.fromkeys(kinds, 0)
    for trial in range(TRIALS):
        kind = kinds[trial % len(kinds)]
        copy = tmp_path / f"tampered-{trial}.db"
        shutil.copyfile(template, copy)
        what = _tamper(copy, lambda conn: KINDS[kind](conn, rnd))  # noqa: B023
        report = _verify(copy)
        per_kind[kind] += 1
        if report.ok:
            missed.append(f"{kind}: {what}")
        copy.unlink()
    print(f"tamper trials: {TRIALS}, detected: {TRIALS - len(missed)}, per kind: {per_kind}")
    assert missed == []


def test_a_rewritten_tail_passes_the_walk_but_not_a_head_noted_earlier(template: Path,
                                                                        tmp_path: Path) -> None:
    copy = tmp_path / "rewritten.db"
    shutil.copyfile(template, copy)
    noted = _verify(copy).verdict.head
    rows = _rows(sqlite3.connect(copy))

    def truncate(conn: sqlite3.Connection) -> str:  # delete the last event, fix the head
        conn.execute("DELETE FROM propsvc_events WHERE id = ?", (rows[-1][0],))
        conn.execute("UPDATE propsvc_chain SET head_position = ?, head_link = ?",
                     (rows[-2][0], rows[-2][5]))
        return "truncated"

    _tamper(copy, truncate)
    db = Database(Target("sqlite", path=str(copy)))
    try:
        assert verify(ChainedRecorder(db), "main").ok
        assert verify(ChainedRecorder(db), "main", expect=noted).found is None
        earlier = bytes(rows[10][5]).hex()
        assert verify(ChainedRecorder(db), "main", expect=earlier[:16]).found == rows[10][0]
    finally:
        db.close()
