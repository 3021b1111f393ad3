"""A read model created by an earlier version lacks a column this one writes: every
command says so in one line (run ``propsvc rebuild`` once) instead of failing on SQL,
and the rebuild builds it anew — on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import text

from propsvc.clock import SettableClock
from propsvc.office import Office
from propsvc.projections.runs import ReadModelsOutdated
from tests.office import open_office


def test_an_older_read_model_asks_for_one_rebuild(
        make_runtime: Callable[..., Office], db_url: str, clock: SettableClock) -> None:
    rt = make_runtime(db_url)
    number = rt.repairs.open(unit="3-2-1201", caller="张三", phone=None, summary="漏水").number
    rt.tickets.void(number, "测试录入")
    with rt.backend.read_engine.begin() as conn:  # as an earlier version left it
        conn.execute(text("DROP VIEW IF EXISTS rm_tickets_local"))  # (it had no views)
        conn.execute(text("ALTER TABLE rm_tickets DROP COLUMN void_reason"))
    older = open_office(db=db_url, clock=clock)  # a new process: the read models checked
    try:
        with pytest.raises(ReadModelsOutdated, match=r"rm_tickets\.void_reason is missing\): "
                                                     r"run 'propsvc rebuild' once"):
            older.read.repair_register()
        older.rebuild()
        row = older.read.repair_register()["rows"][0]
        assert (row["status"], row["void_reason"]) == ("voided", "测试录入")
    finally:
        older.close()


def test_a_ticket_register_without_the_recorded_time_asks_for_one_rebuild(
        make_runtime: Callable[..., Office], db_url: str, clock: SettableClock) -> None:
    """``rm_tickets.recorded_at`` (issue 14: the late entries of sealed months by recorded
    time) is added to old stores by one rebuild, which fills it from the events."""
    rt = make_runtime(db_url)
    rt.repairs.open(unit="3-2-1201", caller="张三", phone=None, summary="漏水")
    with rt.backend.read_engine.begin() as conn:  # as the version before it left it
        conn.execute(text("DROP VIEW IF EXISTS rm_tickets_local"))
        conn.execute(text("DROP INDEX IF EXISTS rm_tickets_recorded"))
        conn.execute(text("ALTER TABLE rm_tickets DROP COLUMN recorded_at"))
    older = open_office(db=db_url, clock=clock)
    try:
        with pytest.raises(ReadModelsOutdated, match=r"rm_tickets\.recorded_at is missing"):
            older.read.repair_register()
        older.rebuild()
        row = older.read.repair_register()["rows"][0]
        assert row["recorded_at"] == clock.now().isoformat()
    finally:
        older.close()
