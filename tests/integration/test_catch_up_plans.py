"""Every statement catch-up sends is answered by an index seek, never a full scan of a
read-model table: its cost after one write stays flat however large the store grows.

The statements are the ones a real catch-up executed (recorded at the connection), each
explained with its own parameters: ``EXPLAIN QUERY PLAN`` on SQLite, ``EXPLAIN`` on
PostgreSQL with sequential scans disabled (on small tables PostgreSQL would rightly
prefer one; disabled, a plan still shows ``Seq Scan`` when no index can answer).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from propsvc.clock import SettableClock
from propsvc.office import Office
from propsvc.projections.db import Db
from tests.integration._support import play_workload
from tests.office import behind, tick

MakeOffice = Callable[..., Office]


def _record(db: Db) -> list[tuple[str, Sequence[Any]]]:
    seen: list[tuple[str, Sequence[Any]]] = []
    rows, run, many = db.rows, db.run, db.many

    def rows_(sql: str, params: Sequence[Any] = ()) -> list[Any]:
        seen.append((sql, params))
        return rows(sql, params)

    def run_(sql: str, params: Sequence[Any] = ()) -> None:
        seen.append((sql, params))
        run(sql, params)

    def many_(sql: str, params: Sequence[Sequence[Any]]) -> None:
        if params:
            seen.append((sql, params[0]))
        many(sql, params)

    db.rows, db.run, db.many = rows_, run_, many_  # type: ignore[method-assign]
    return seen


def _plan(db: Db, sql: str, params: Sequence[Any]) -> str:
    if db.kind == "sqlite":
        return "\n".join(str(r[-1]) for r in db.raw.execute(f"EXPLAIN QUERY PLAN {sql}", params))
    import psycopg

    cur = psycopg.ClientCursor(db.raw)  # parameters inlined: EXPLAIN takes none
    try:
        cur.execute("SET enable_seqscan = off")
        cur.execute(f"EXPLAIN {sql}", params)
        return "\n".join(r[0] for r in cur.fetchall())
    finally:
        cur.close()


def _scans_a_read_model(db: Db, plan: str) -> bool:
    if db.kind == "sqlite":  # "SCAN t" is a full scan, "SEARCH t USING … INDEX" a seek
        return any(line.strip().startswith("SCAN rm_") for line in plan.splitlines())
    return "Seq Scan on rm_" in plan


def test_every_catch_up_statement_seeks_by_index(
    make_runtime: MakeOffice, db_url: str, clock: SettableClock
) -> None:
    rt = make_runtime(db_url)
    play_workload(rt, clock)
    seen = _record(rt.backend.runner.db)

    # one more day's worth of every kind of write, each caught up as a desk would
    desk = behind(rt).repairs
    n = desk.open(unit="6-1-0601", caller="孙丽", phone=None, summary="马桶堵塞").number
    rt.backend.catch_up()
    desk.order(n, "李师傅")
    rt.backend.catch_up()
    clock.advance(timedelta(hours=3))
    tick(rt)
    desk.arrive(n)
    desk.complete(n, "孙丽", 4)
    rt.backend.catch_up()
    behind(rt).visits.record(n, "phone", "satisfied")
    rt.backend.catch_up()

    statements = {sql: params for sql, params in seen
                  if sql.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE"))}
    touched = {sql.split('"')[1] for sql in statements if '"rm_' in sql}
    # preloads of one-column and composite keys, updates by key
    assert {"rm_tickets", "rm_deadlines", "rm_completions"} <= touched, touched
    assert any(" OR " in sql for sql in statements)  # a composite-key preload was seen
    db = rt.backend.runner.db
    scans = {}
    for sql, params in statements.items():
        plan = _plan(db, sql, params)
        if _scans_a_read_model(db, plan):
            scans[sql[:120]] = plan
    db.end_read()
    assert scans == {}
