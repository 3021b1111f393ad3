"""Rebuild builds new tables and switches them in at once: readers during a rebuild, and
after a ``kill -9`` at any point of one, see complete read models, never empty ones."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from propsvc.clock import SettableClock
from propsvc.office import Office
from tests.integration._support import play_workload, read_model_tables, snapshot
from tests.office import open_office

MakeOffice = Callable[..., Office]
ROOT = Path(__file__).resolve().parents[2]

# A child that rebuilds and kills itself (SIGKILL: no cleanup, no rollback of its own)
# just before its Nth database statement; N = 0 counts the statements of a whole rebuild.
CHILD = """
import os, signal, sys
from propsvc.projections.catchup import Runner
from propsvc.projections.db import Db

url, kill_at = sys.argv[1], int(sys.argv[2])
count = 0
for name in ("rows", "run", "many"):
    real = getattr(Db, name)
    def wrapped(self, sql, params=(), _real=real):
        global count
        count += 1
        if count == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return _real(self, sql, params)
    setattr(Db, name, wrapped)
runner = Runner(url, batch_size=40)
runner.rebuild()
runner.dispose()
print(count)
"""


def _child(url: str, kill_at: int) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-c", CHILD, url, str(kill_at)], env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
                    for t in read_model_tables()}
    finally:
        engine.dispose()


def test_readers_during_a_rebuild_see_the_whole_old_read_models(
    make_runtime: MakeOffice, db_url: str, clock: SettableClock
) -> None:
    rt = make_runtime(db_url)
    play_workload(rt, clock)
    expected = _counts(rt.backend.url)
    seen: list[dict[str, int]] = []
    rt.backend.runner.batch_size = 25  # many batches, a look after each
    rt.backend.runner.rebuild(lambda done, total: seen.append(_counts(rt.backend.url)))
    assert len(seen) > 3
    assert all(c == expected for c in seen)
    assert _counts(rt.backend.url) == expected


@pytest.mark.slow
def test_a_rebuild_killed_at_any_statement_leaves_the_read_models_whole(
    make_runtime: MakeOffice, db_url: str, clock: SettableClock
) -> None:
    rt = make_runtime(db_url)
    play_workload(rt, clock)
    expected = snapshot(rt.backend.read_engine)
    assert all(expected[t.name] for t in read_model_tables() if t.name in (
        "rm_tickets", "rm_deadlines", "rm_completions", "rm_visits"))
    url = rt.backend.url
    rt.close()

    full = _child(url, 0)
    assert full.returncode == 0, full.stderr
    statements = int(full.stdout.split()[-1])
    trials = 50 if url.startswith("sqlite") else 20
    rng = random.Random(20261122)
    survived = 0
    for kill_at in sorted(rng.sample(range(1, statements + 1), trials)):
        result = _child(url, kill_at)
        assert result.returncode == -signal.SIGKILL, (kill_at, result.stderr[-2000:])
        check = open_office(url)
        try:
            assert snapshot(check.backend.read_engine) == expected, f"killed at statement {kill_at}"
            check.backend.catch_up()  # and the store goes on working
            assert snapshot(check.backend.read_engine) == expected
        finally:
            check.close()
        survived += 1
    print(f"rebuild killed at {trials} random statements of {statements}: "
          f"{survived} survived with whole read models")
    assert survived == trials
    after = open_office(url)
    try:
        after.backend.runner.rebuild()
        assert snapshot(after.backend.read_engine) == expected
    finally:
        after.close()


def test_a_rebuild_in_parallel_processes_equals_one_in_process(
    make_runtime: MakeOffice, db_url: str, clock: SettableClock
) -> None:
    rt = make_runtime(db_url)
    play_workload(rt, clock)
    incremental = snapshot(rt.backend.read_engine)
    rt.backend.runner.rebuild(workers=2)
    assert snapshot(rt.backend.read_engine) == incremental
    rt.backend.runner.rebuild(workers=1)
    assert snapshot(rt.backend.read_engine) == incremental
    if rt.backend.is_sqlite_file:  # no scratch file left behind
        assert list(rt.backend.sqlite_path().parent.glob("*.rebuild-*")) == []


def test_every_stored_event_decodes_as_the_store_decodes_it(
    make_runtime: MakeOffice, db_url: str, clock: SettableClock
) -> None:
    from propsvc.projections.decoding import Decoders
    from propsvc.store.event_store import decode_event

    rt = make_runtime(db_url)
    play_workload(rt, clock)
    rows = rt.backend.runner.read(rt.backend.runner.db, 0)
    rt.backend.runner.db.end_read()
    decode = Decoders()
    assert len(rows) > 100
    for row in rows:
        mine, theirs = decode(row[3], row[4], row[1], row[2]), decode_event(*row[3:], *row[1:3])
        assert type(mine) is type(theirs) and mine == theirs


def test_each_index_exists_once_under_one_of_its_two_names_after_rebuilds(
    make_runtime: MakeOffice, db_url: str, clock: SettableClock
) -> None:
    from propsvc.projections.ddl import existing_indexes, shadow_name
    from propsvc.projections.tables import metadata

    rt = make_runtime(db_url)
    play_workload(rt, clock)
    canonical = {str(ix.name) for t in read_model_tables() for ix in metadata.tables[
        t.name].indexes}
    seen = []
    for _ in range(3):
        rt.backend.runner.rebuild()
        have = existing_indexes(rt.backend.runner.db)
        rt.backend.runner.db.end_read()
        names = {n for n in have if n in canonical or n.removesuffix("__new") in canonical}
        assert {n.removesuffix("__new") for n in names} == canonical  # every index, once
        assert len(names) == len(canonical)
        seen.append(names)
    assert seen[0] != seen[1] and seen[0] == seen[2]  # the names alternate
    fresh = open_office(rt.backend.url)  # a new process finds every index present: creates none
    try:
        fresh.backend.catch_up()
        assert existing_indexes(fresh.backend.runner.db) == have
    finally:
        fresh.close()
    assert shadow_name("x") == "x__new"
