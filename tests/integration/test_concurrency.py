"""Desks writing at once: numbers stay unique and consecutive, no event is ever lost.

The multi-process tests start real OS processes (``spawn``) released together by a
barrier, on the same SQLite file or PostgreSQL database. The in-process tests force the
losing interleaving deterministically: a second desk saves between the first desk's load
and its save, so the optimistic-concurrency retry path runs every time.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from propsvc.aggregates.ticket import ticket_id
from propsvc.errors import Conflict, RuleViolation
from propsvc.office import Office
from propsvc.projections.tables.ticket import tickets
from tests.integration import _support
from tests.integration._support import event_count, stored_versions
from tests.office import open_office

MakeRuntime = Callable[..., Office]
ROOT = Path(__file__).resolve().parents[2]
SPAWN = multiprocessing.get_context("spawn")

pytestmark = pytest.mark.slow


def _run_together(target: Callable[..., None], jobs: list[tuple[Any, ...]]) -> list[Any]:
    """Start one spawned process per job, release them at once, collect their reports."""
    barrier = SPAWN.Barrier(len(jobs))
    results = SPAWN.Queue()
    procs = [SPAWN.Process(target=target, args=(*job, barrier, results)) for job in jobs]
    for p in procs:
        p.start()
    reports = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0, f"child exited with {p.exitcode}"
    return reports


def _numbers_in_register(rt: Office) -> list[str]:
    rt.backend.catch_up()
    with rt.backend.read_engine.connect() as conn:
        return list(conn.execute(select(tickets.c.number).order_by(tickets.c.number)).scalars())


# -- ticket numbers --------------------------------------------------------------------------
# 8 desks: the size at which catch-ups locking tracking rows in no fixed order deadlocked
# on PostgreSQL (13 of 1,986 committed writes reported as failed); every write here is
# followed by a catch-up, and any error in any desk fails the test (0 false failures).
@pytest.mark.parametrize("desks,each", [(2, 10), (4, 8), (8, 12)])
def test_ticket_numbers_stay_unique_and_consecutive_with_desks_opening_at_once(
    make_runtime: MakeRuntime, db_url: str, desks: int, each: int
) -> None:
    rt = make_runtime(db_url)
    rt.backend.store  # noqa: B018 - create the events table before the children race to do it

    reports = _run_together(
        _support.open_tickets, [(db_url, f"desk{i}", each) for i in range(desks)]
    )

    errors = [r for r in reports if r[1] != "ok"]
    assert not errors, errors
    numbers = [n for r in reports for n in r[2]]
    total = desks * each
    expected = [f"BX-20261122-{i:03d}" for i in range(1, total + 1)]
    assert sorted(numbers) == expected  # distinct and consecutive, none skipped
    for r in reports:
        assert r[2] == sorted(r[2])  # each desk sees its own numbers increase
    print(
        f"{desks} desks, {total} writes each caught up: 0 failures; "
        f"saves lost and retried: {sum(r[4] for r in reports)}, "
        f"desks told to retry: {sum(r[3] for r in reports)}"
    )
    for n in expected:
        assert rt.service.load(n).intake.summary == "并发测试"
    assert event_count(rt, "ticket.CallReceived") == total
    assert event_count(rt, "counter.NumberAllocated") == total
    assert _numbers_in_register(rt) == expected


@pytest.mark.parametrize("desks", [2, 4])
def test_desks_starting_at_once_on_a_brand_new_store_all_get_their_tickets(
    db_url: str, desks: int
) -> None:
    """Nobody has created the tables (or, on SQLite, switched the file to WAL) before the
    desks' first commands race each other."""
    reports = _run_together(
        _support.open_first_ticket, [(db_url, f"desk{i}") for i in range(desks)]
    )

    assert [r for r in reports if r[1] != "ok"] == []
    expected = [f"BX-20261122-{i:03d}" for i in range(1, desks + 1)]
    assert sorted(r[2] for r in reports) == expected
    rt = open_office(db=db_url)
    assert _numbers_in_register(rt) == expected
    if rt.backend.is_sqlite_file:
        with rt.backend.read_engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    rt.close()


def test_ticket_numbers_stay_unique_through_the_cli_run_in_parallel(
    make_runtime: MakeRuntime, db_url: str
) -> None:
    """Separate ``propsvc`` processes, frozen clock (PROPSVC_NOW), started together."""
    rt = make_runtime(db_url)
    rt.backend.store  # noqa: B018
    env = {
        **os.environ,
        "PROPSVC_DB": db_url,
        "PROPSVC_NOW": "2026-11-22 09:00",
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("PROPSVC_PROFILE", None)
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "propsvc",
                "--json",
                "--actor",
                f"desk{i}",
                "ticket",
                "open",
                "--kind",
                "repair",
                "--unit",
                "1-1-0101",
                "--caller",
                f"业主{i}",
                "--summary",
                "并发测试",
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(4)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    for p, (_out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err
    numbers = sorted(json.loads(out)["number"] for out, _ in outputs)
    expected = [f"BX-20261122-{i:03d}" for i in range(1, 5)]
    assert numbers == expected
    assert _numbers_in_register(rt) == expected


# -- two clerks, one ticket ------------------------------------------------------------------
def _ticket(rt: Office, *, ordered: bool) -> str:
    n = rt.repairs.open(unit="3-2-1201", caller="王芳", phone=None, summary="漏水").number
    if ordered:
        rt.repairs.order(n, "李师傅")
    rt.backend.catch_up()
    return n


def _contiguous(rt: Office, number: str) -> list[tuple[int, str]]:
    versions = stored_versions(rt, ticket_id(rt.code, number))
    assert [v for v, _ in versions] == list(range(1, len(versions) + 1))
    return versions


def test_two_clerks_ordering_the_same_ticket_at_once_record_one_work_order(
    make_runtime: MakeRuntime, db_url: str
) -> None:
    rt = make_runtime(db_url)
    n = _ticket(rt, ordered=False)
    before = event_count(rt)

    reports = _run_together(
        _support.act_on, [(db_url, "李师傅", n, "order"), (db_url, "赵师傅", n, "order")]
    )

    outcomes = sorted(r[1] for r in reports)
    assert outcomes == ["RuleViolation", "ok"], reports
    refused = next(r for r in reports if r[1] == "RuleViolation")
    assert refused[2].startswith("R3: ") and "already issued" in refused[2]
    winner = next(r for r in reports if r[1] == "ok")
    versions = _contiguous(rt, n)
    assert [t for _, t in versions].count("repair.WorkOrderIssued") == 1
    assert event_count(rt) == before + len(winner[2])
    assert rt.service.load(n).technician == winner[0]


def test_escalate_and_chase_at_once_both_land_with_contiguous_versions(
    make_runtime: MakeRuntime, db_url: str
) -> None:
    rt = make_runtime(db_url)
    n = _ticket(rt, ordered=True)
    before = len(_contiguous(rt, n))

    reports = _run_together(
        _support.act_on, [(db_url, "主管", n, "escalate"), (db_url, "客服", n, "chase")]
    )

    assert [r[1] for r in reports] == ["ok", "ok"], reports
    versions = _contiguous(rt, n)
    assert len(versions) == before + 2
    assert sorted(t for _, t in versions[before:]) == ["ticket.Chased", "ticket.Escalated"]
    ticket = rt.service.load(n)
    assert len(ticket.escalations) == 1 and len(ticket.chases) == 1
    assert _numbers_in_register(rt) == [n]


# -- the same races, forced deterministically in one process ----------------------------------
def _interleave(first: Office, second_action: Callable[[], Any], times: int = 1) -> list[Any]:
    """Run ``second_action`` just before each of ``first``'s next ``times`` saves."""
    real = first.backend.store.save
    done: list[Any] = []

    def save(*aggregates: Any, **kw: Any) -> Any:
        if len(done) < times:
            done.append(second_action())
        return real(*aggregates, **kw)

    first.backend.store.save = save  # type: ignore[method-assign]
    return done


def test_a_desk_that_loses_the_race_to_order_is_refused_by_R3(
    make_runtime: MakeRuntime, sqlite_url: str
) -> None:
    a, b = make_runtime(sqlite_url, actor="甲"), make_runtime(sqlite_url, actor="乙")
    n = _ticket(a, ordered=False)
    _interleave(a, lambda: b.repairs.order(n, "赵师傅"))
    with pytest.raises(RuleViolation) as refused:
        a.repairs.order(n, "李师傅")
    assert refused.value.rule == "R3"
    versions = _contiguous(a, n)
    assert [t for _, t in versions].count("repair.WorkOrderIssued") == 1
    assert a.service.load(n).technician == "赵师傅"


def test_a_desk_that_loses_the_race_to_escalate_retries_after_the_chase(
    make_runtime: MakeRuntime, db_url: str
) -> None:
    a, b = make_runtime(db_url, actor="主管"), make_runtime(db_url, actor="客服")
    n = _ticket(a, ordered=True)
    before = len(_contiguous(a, n))
    chased = _interleave(a, lambda: b.repairs.chase(n, "业主催"))
    outcome = a.repairs.escalate(n, "manager", "业主投诉")
    assert chased and outcome.aggregate.version == before + 2
    versions = _contiguous(a, n)
    assert [t for _, t in versions[before:]] == ["ticket.Chased", "ticket.Escalated"]


def test_a_desk_that_loses_the_number_race_takes_the_next_number(
    make_runtime: MakeRuntime, db_url: str
) -> None:
    a, b = make_runtime(db_url, actor="甲"), make_runtime(db_url, actor="乙")
    a.backend.store  # noqa: B018
    other = _interleave(
        a, lambda: b.repairs.open(unit="1-1-0101", caller="乙的业主", phone=None, summary="先到")
    )
    mine = a.repairs.open(unit="1-1-0102", caller="甲的业主", phone=None, summary="后到")
    assert other[0].number == "BX-20261122-001"
    assert mine.number == "BX-20261122-002"
    assert event_count(a, "ticket.CallReceived") == 2
    assert _numbers_in_register(a) == ["BX-20261122-001", "BX-20261122-002"]


def test_a_desk_that_keeps_losing_is_told_to_retry_and_records_nothing(
    make_runtime: MakeRuntime, sqlite_url: str
) -> None:
    a, b = make_runtime(sqlite_url, actor="主管"), make_runtime(sqlite_url, actor="客服")
    n = _ticket(a, ordered=True)
    _interleave(a, lambda: b.repairs.chase(n), times=1000)
    with pytest.raises(Conflict, match="retry"):
        a.repairs.escalate(n, "manager", "业主投诉")
    ticket = a.service.load(n)
    assert ticket.escalations == [] and len(ticket.chases) >= 2
    _contiguous(a, n)


def test_clerks_chasing_one_ticket_at_once_lose_no_chase(
    make_runtime: MakeRuntime, db_url: str
) -> None:
    """Every chase lands once, levels count up without a gap or a repeat (each retry is
    judged on what the others just recorded), versions stay contiguous."""
    rt = make_runtime(db_url)
    n = _ticket(rt, ordered=True)
    before = len(_contiguous(rt, n))
    clerks, each = 3, 4

    reports = _run_together(
        _support.chase_repeatedly, [(db_url, f"clerk{i}", n, each) for i in range(clerks)]
    )

    assert all(r[1] == "ok" for r in reports), reports
    versions = _contiguous(rt, n)
    assert len(versions) == before + clerks * each
    assert {t for _, t in versions[before:]} == {"ticket.Chased"}
    levels = sorted(level for r in reports for level in r[2])
    assert levels == list(range(1, clerks * each + 1))
    assert [c.level for c in rt.service.load(n).chases] == levels
    print(f"saves lost and retried: {sum(r[4] for r in reports)}")
