"""``projections.ready.up_to_date``: the check a command's first read makes before loading
the runner. It says "nothing to do" only when the runner would find nothing to do, on
SQLite and PostgreSQL; otherwise the runner catches up as always."""

from __future__ import annotations

from collections.abc import Callable

from propsvc.office import Office
from propsvc.projections.catchup import all_projections
from propsvc.projections.db import connect
from propsvc.projections.ready import PROJECTIONS, up_to_date
from tests.office import behind

OPEN = {"unit": "3-2-1201", "caller": "王", "phone": None, "summary": "漏水"}


def test_the_list_of_read_models_is_the_runners() -> None:
    projections = all_projections()
    assert list(PROJECTIONS) == [p.name for p in projections]
    assert {n: [t.name for t in specs] for n, specs in PROJECTIONS.items()} == \
        {p.name: [t.name for t in p.tables] for p in projections}


def _check(office: Office) -> object:
    db = connect(office.backend.url)
    try:
        return up_to_date(db)
    finally:
        db.close()


def test_caught_up_read_models_need_nothing(make_runtime: Callable[..., Office],
                                           db_url: str) -> None:
    rt = make_runtime(db_url)
    rt.repairs.open(**OPEN)
    assert _check(rt) == []


def test_an_event_not_applied_yet_sends_the_read_to_the_runner(
        make_runtime: Callable[..., Office], db_url: str) -> None:
    rt = make_runtime(db_url)
    rt.repairs.open(**OPEN)
    behind(rt).repairs.open(**OPEN)
    assert _check(rt) is None
    rt.backend.catch_up()
    assert _check(rt) == []


def test_a_store_without_read_models_sends_the_read_to_the_runner(
        make_runtime: Callable[..., Office], db_url: str) -> None:
    rt = make_runtime(db_url)
    rt.repairs.open(**OPEN)
    db = connect(rt.backend.url)
    try:
        db.run('DROP TABLE "rm_visits"')
        assert up_to_date(db) is None  # a table missing: the runner creates it
    finally:
        db.close()


def test_a_missing_index_sends_the_read_to_the_runner(make_runtime: Callable[..., Office],
                                                      db_url: str) -> None:
    rt = make_runtime(db_url)
    rt.repairs.open(**OPEN)
    db = connect(rt.backend.url)
    try:
        db.run('DROP INDEX "rm_tickets_open"')
        assert up_to_date(db) is None
    finally:
        db.close()
    rt.backend.close()
    assert rt.read.overdue() == []  # the runner puts it back, the read answers
    assert _check(rt) == []


def test_a_stale_read_model_is_reported_not_caught_up(make_runtime: Callable[..., Office],
                                                      db_url: str) -> None:
    rt = make_runtime(db_url)
    rt.repairs.open(**OPEN)
    db = connect(rt.backend.url)
    try:
        db.run('INSERT INTO "propsvc_stale" ("name", "event_id", "topic", "originator_id", '
               '"originator_version", "error") VALUES (\'visits\', 1, \'t\', \'o\', 1, \'e\')')
        db.run('UPDATE "propsvc_tracking" SET "position" = 0 WHERE "name" = \'visits\'')
        found = up_to_date(db)
    finally:
        db.close()
    assert found is not None and [s.projection for s in found] == ["visits"]
