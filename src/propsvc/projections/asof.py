"""The read models of one office as they stood at a moment, in a scratch in-memory
database (issue 14, decision 0014).

``as of`` a business time T: every event of the office that had happened by T
(``occurred_at ≤ T``); ``as known at`` a recorded time T: every event the system had
recorded by T (``timestamp ≤ T``). Those events are replayed, in notification order,
into the same projections the live read models use (the rebuild's replay loop), so the
very same queries then answer exactly as the registers stood. Only the office's events
are decoded: a stored state that does not name the office is skipped before decoding.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from propsvc.projections import ddl
from propsvc.projections.base import Projection
from propsvc.projections.catchup import Item, Row, Runner, _Undecodable, all_projections
from propsvc.projections.db import Db
from propsvc.projections.rebuild import replay, table_names
from propsvc.projections.runs import Stale

# Read models no register, list or log reads (the notification feed and the user
# directory are not part of a register as it stood).
LEFT_OUT = ("notifications", "users")


@dataclass(frozen=True)
class Cut:
    """Which events count: those that had happened (business time) or had been recorded
    (``known``) by ``moment``, of ``office``."""

    office: str
    moment: datetime
    known: bool = False

    def keeps(self, event: Any) -> bool:
        if type(event) is _Undecodable:
            return True  # the read model fails on it, as the live one did
        if getattr(event, "office", self.office) != self.office:
            return False
        when = event.timestamp if self.known else event.occurred_at
        return bool(when <= self.moment)


@dataclass
class Scratch:
    """The rebuilt read models (an in-memory SQLite database) and what it took."""

    db: Db
    events: int
    seconds: float
    stale: list[Stale]


class CutRunner(Runner):
    """A runner whose batches keep only the events that pass ``cut``."""

    def __init__(self, url: str, cut: Cut, projections: Sequence[Projection]) -> None:
        super().__init__(url, projections=projections)
        self.cut = cut
        code = json.dumps(cut.office, ensure_ascii=False).encode("utf-8")
        self._needles = (b'"office":' + code,
                         b'"office":' + json.dumps(cut.office).encode("ascii"))

    def _may_be_ours(self, state: Any) -> bool:
        raw = state if type(state) is bytes else bytes(state)
        if raw[:1] != b"{":
            return True  # encrypted at rest: decode it to tell
        return any(n in raw for n in self._needles)

    def row_filter(self, db: Db) -> tuple[str, list[Any]]:
        """Only the rows whose stored state names the office (or cannot be read without
        decoding: encrypted at rest)."""
        m, state = db.mark, '"state"'
        if db.kind == "sqlite":
            plain, has = f"substr({state}, 1, 1) <> X'7B'", f"instr({state}, {m}) > 0"
        else:
            plain = f"substring({state} from 1 for 1) <> '\\x7b'::bytea"
            has = f"position({m} IN {state}) > 0"
        return f" AND ({plain} OR {has} OR {has})", list(self._needles)

    def route(self, rows: list[Row], at: dict[int, int]) -> dict[int, list[Item]]:
        mine = [r for r in rows if self._may_be_ours(r[4])]
        work = super().route(mine, at)
        keeps = self.cut.keeps
        return {i: [item for item in items if keeps(item[1])] for i, items in work.items()}


def scratch_db() -> Db:
    raw = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    return Db(raw, "sqlite")


def build(url: str, source: Db, cut: Cut) -> Scratch:
    """Replay the events of ``source`` (the live database at ``url``) that pass ``cut``
    into fresh read models in memory; the tables have the live names and indexes."""
    started = time.perf_counter()
    projections = [p for p in all_projections() if p.name not in LEFT_OUT]
    runner = CutRunner(url, cut, projections)
    out = scratch_db()
    with out.write():
        for statement in ddl.sqlite_tables(tuple(table_names(projections))):
            out.run(statement)
    for p in projections:
        p.reset(assume_empty=True)
    failures: dict[str, Stale] = {}
    try:
        head = runner.head(source)
        source.end_read()
        count = replay(runner, source, out, head, failures)
    finally:
        for p in projections:
            p.reset()
    return Scratch(out, count, time.perf_counter() - started, list(failures.values()))
