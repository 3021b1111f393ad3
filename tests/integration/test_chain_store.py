"""The chain in a working store (issue 9 items 1 and 5, issue 11 item 3).

Desks of two offices writing at once on SQLite and PostgreSQL leave a chain that
verifies with contiguous notification ids; a store written by the recorder before the
chain (eventsourcing-sqlalchemy) opens, is chained once, verifies and rebuilds the same
registers; an export imported into an empty store has the same links, the same head and
the same registers; a backup taken while a desk writes verifies and holds every event
committed before it.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.application import Application

from propsvc.aggregates.base import Context
from propsvc.aggregates.offices import OfficeRegistry
from propsvc.clock import SettableClock
from propsvc.office import Office
from propsvc.store.backup import backup_sqlite
from propsvc.store.event_store import normalise_url
from propsvc.store.transfer import export_events, import_events
from propsvc.store.verify import verify
from tests.integration import _support
from tests.integration._support import START, play_workload, snapshot
from tests.office import open_office

SPAWN = multiprocessing.get_context("spawn")
MakeOffice = Callable[..., Office]


def _run_together(target: Callable[..., None], jobs: list[tuple[Any, ...]]) -> list[Any]:
    barrier = SPAWN.Barrier(len(jobs))
    results = SPAWN.Queue()
    procs = [SPAWN.Process(target=target, args=(*job, barrier, results)) for job in jobs]
    for p in procs:
        p.start()
    reports = [results.get(timeout=180) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    return reports


def _ids(rt: Office) -> list[int]:
    with rt.backend.store.recorder.db.read() as cur:  # type: ignore[attr-defined]
        return [int(r[0]) for r in cur.execute(
            "SELECT id FROM propsvc_events ORDER BY id").fetchall()]


def _register(rt: Office, *codes: str) -> None:
    ctx = Context(START, START, "li", "manager", codes[0])
    registry = OfficeRegistry.begin(codes[0], codes[0], "Asia/Shanghai", ctx)
    for code in codes[1:]:
        registry.add(code, code, "Asia/Shanghai", ctx)
    rt.backend.store.save(registry)


@pytest.mark.slow
@pytest.mark.parametrize(("round_", "desks", "each"), [(1, 4, 6), (2, 4, 6), (3, 4, 6),
                                                     (4, 8, 4)])
def test_desks_of_two_offices_writing_at_once_leave_a_chain_that_verifies(
        make_runtime: MakeOffice, db_url: str, round_: int, desks: int, each: int) -> None:
    rt = make_runtime(db_url)
    _register(rt, "main", "east")
    jobs = [(db_url, f"desk{i}", each, "main" if i % 2 else "east") for i in range(desks)]
    reports = _run_together(_support.open_tickets_in, jobs)
    assert [r for r in reports if r[1] != "ok"] == []
    report = verify(rt.backend.store.recorder, "east")  # type: ignore[arg-type]
    ids = _ids(rt)
    print(f"round {round_} ({desks} desks): {report.verdict.events} events, "
          f"chain ok: {report.ok}")
    assert report.ok, report.verdict.broken
    assert ids == list(range(1, len(ids) + 1)), "notification ids contiguous, in order"
    assert report.verdict.events == len(ids) and report.verdict.head_position == ids[-1]
    assert report.office_events is not None and report.office_events > desks // 2 * each * 2


class _OldStore(Application):  # type: ignore[type-arg]
    """The recorder propsvc used before the chain, writing a store as it did then."""

    name = "propsvc"


def _legacy_runtime(db: str, clock: SettableClock) -> Office:
    import propsvc.store.event_store  # noqa: F401  (registers the mapper's topic)

    url = normalise_url(db)
    old = _OldStore(env={"PERSISTENCE_MODULE": "eventsourcing_sqlalchemy",
                         "SQLALCHEMY_URL": url,
                         "MAPPER_TOPIC": "propsvc.store.event_store:PydanticMapper",
                         "TRANSCODER_TOPIC": "propsvc.store.event_store:JSONBytes"})
    rt = open_office(db, clock=clock)
    rt.backend._store = old  # type: ignore[assignment]
    return rt


def test_a_store_written_before_the_chain_opens_is_chained_once_and_rebuilds_the_same(
        db_url: str) -> None:
    clock = SettableClock(START)
    old = _legacy_runtime(db_url, clock)
    play_workload(old, clock)
    before = snapshot(old.backend.read_engine)
    written = old.backend.store.recorder.max_notification_id()
    old.close()

    rt = open_office(db_url, clock=clock)
    try:
        report = verify(rt.backend.store.recorder, "main")  # type: ignore[arg-type]
        assert report.ok and report.verdict.events == written
        assert report.upgraded_upto == written and report.upgraded_at
        again = verify(rt.backend.store.recorder, "main")  # type: ignore[arg-type]
        assert again.upgraded_at == report.upgraded_at, "chained once, not on every verify"
        assert again.verdict.head == report.verdict.head
        rt.repairs.open(unit="1-1-0101", caller="李", phone=None, summary="升级后")
        after = verify(rt.backend.store.recorder, "main")  # type: ignore[arg-type]
        assert after.ok and after.verdict.events > written
        assert after.upgraded_upto == written
        assert before, "the old store had registers"
    finally:
        rt.close()


def test_an_old_store_rebuilds_exactly_what_it_showed(db_url: str) -> None:
    clock = SettableClock(START)
    old = _legacy_runtime(db_url, clock)
    play_workload(old, clock)
    before = snapshot(old.backend.read_engine)
    old.close()
    rt = open_office(db_url, clock=clock)
    try:
        assert verify(rt.backend.store.recorder, "main").ok  # type: ignore[arg-type]
        rt.backend.runner.rebuild()
        assert snapshot(rt.backend.read_engine) == before
    finally:
        rt.close()


def test_an_export_imported_into_an_empty_store_has_the_same_links_head_and_registers(
        make_runtime: MakeOffice, db_url: str, sqlite_url: str, tmp_path: Path,
        clock: SettableClock) -> None:
    source = make_runtime(db_url)
    play_workload(source, clock)
    out = tmp_path / "events.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        exported = export_events(source.backend.store.recorder, fh, "2026-11-24T00:00:00+00:00")
    target_db = str(tmp_path / "restored.db") if db_url != sqlite_url else sqlite_url + "2"
    target = make_runtime(target_db)
    with out.open(encoding="utf-8") as fh:
        imported = import_events(target.backend.store.recorder, fh)  # type: ignore[arg-type]
    assert (imported.events, imported.head) == (exported.events, exported.head)
    assert verify(target.backend.store.recorder, "main").verdict.head == exported.head  # type: ignore[arg-type]
    with source.backend.store.recorder.db.read() as a, target.backend.store.recorder.db.read() as b:  # type: ignore[attr-defined]
        sql = "SELECT id, originator_version, topic, state, chain_hash FROM propsvc_events " \
              "ORDER BY id"
        assert [tuple(map(_plain, r)) for r in a.execute(sql).fetchall()] == \
            [tuple(map(_plain, r)) for r in b.execute(sql).fetchall()]
    source.backend.runner.rebuild()
    target.backend.catch_up()
    assert snapshot(target.backend.read_engine) == snapshot(source.backend.read_engine)
    target.repairs.open(unit="1-1-0101", caller="李", phone=None, summary="导入后")
    assert verify(target.backend.store.recorder, "main").ok  # type: ignore[arg-type]


def _plain(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview | bytearray) else value


def test_an_import_is_refused_whole_when_a_line_was_changed_or_the_store_is_not_empty(
        make_runtime: MakeOffice, sqlite_url: str, tmp_path: Path,
        clock: SettableClock) -> None:
    from propsvc.errors import InvalidInput

    source = make_runtime(sqlite_url)
    play_workload(source, clock, ticks=False)
    out = tmp_path / "events.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        export_events(source.backend.store.recorder, fh, "2026-11-24T00:00:00+00:00")
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[7] = lines[7].replace("desk", "DESK", 1)
    target = make_runtime(str(tmp_path / "t.db"))
    with pytest.raises(InvalidInput, match="line 8: event #7 does not match its link"):
        import_events(target.backend.store.recorder, lines)  # type: ignore[arg-type]
    assert target.backend.store.recorder.max_notification_id() is None, "nothing imported"
    with pytest.raises(InvalidInput, match="cut short"):
        import_events(target.backend.store.recorder, lines[:5])  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="already holds events"), \
            out.open(encoding="utf-8") as fh:
        import_events(source.backend.store.recorder, fh)  # type: ignore[arg-type]


@pytest.mark.slow
def test_a_backup_taken_while_a_desk_writes_verifies_and_misses_nothing_committed(
        make_runtime: MakeOffice, sqlite_url: str, tmp_path: Path) -> None:
    rt = make_runtime(sqlite_url)
    rt.repairs.open(unit="1-1-0101", caller="李", phone=None, summary="先有一张")
    barrier = SPAWN.Barrier(2)
    results = SPAWN.Queue()
    writer = SPAWN.Process(target=_support.write_while_copied,
                           args=(sqlite_url, 60, barrier, results))
    writer.start()
    barrier.wait(timeout=60)
    copies = []
    for i in range(5):
        before = rt.backend.store.recorder.max_notification_id()
        copy = backup_sqlite(rt.backend.store.recorder.db, tmp_path / f"copy{i}.db")  # type: ignore[attr-defined]
        copies.append((before, copy))
    assert results.get(timeout=120)[1] == "ok"
    writer.join(timeout=60)
    for before, copy in copies:
        with sqlite3.connect(copy.path) as conn:  # one file, nothing left in a WAL
            assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        backup_rt = open_office(copy.path)
        try:
            report = verify(backup_rt.backend.store.recorder, "main")  # type: ignore[arg-type]
            assert report.ok
            assert before is not None and report.verdict.head_position >= before
            assert copy.events == report.verdict.events
        finally:
            backup_rt.close()
