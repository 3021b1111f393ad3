"""The office facade: one Result per write through one after-write path, a backend shared
by many offices and users, the reader masking once for the acting role, and a write that
stands when the read models fail to catch up after it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from propsvc.clock import SettableClock
from propsvc.desks.result import Result
from propsvc.office import Actor, Backend, Office
from propsvc.permissions import mask_tree

DESK, CLEANER = Actor("小刘", "desk"), Actor("保洁甲", "cleaning")


def _repair(office: Office, unit: str = "3-2-1201") -> Result:
    return office.tickets.open("repair", unit=unit, caller="王芳", phone="13800001234",
                               summary="厨房漏水", part="厨房水管")


def test_every_write_returns_a_result_and_the_registers_are_current_after_it(
        tmp_path: Path, clock: SettableClock) -> None:
    with Office.open(str(tmp_path / "p.db"), user=DESK, clock=clock) as office:
        opened = _repair(office)
        assert (opened.subject, opened.kind, opened.status) == ("ticket", "repair", "received")
        assert opened.rules == ["R1", "R3", "R4"] and [d.rule for d in opened.deadlines_opened] == [
            "R3", "R4"]
        assert opened.warnings == [] and opened.aggregate.number == opened.number
        rows = office.read.repair_register()["rows"]  # caught up already, by the write
        assert [r["number"] for r in rows] == [opened.number]
        assert office.backend.catch_up() == 0


def test_linked_results_name_what_else_the_write_saved(tmp_path: Path,
                                                       clock: SettableClock) -> None:
    with Office.open(str(tmp_path / "p.db"), user=DESK, clock=clock) as office:
        number = office.tickets.open("repair", unit="3-2-1201", caller="王芳", phone=None,
                                     summary="漏水", spare_key=True).number
        office.keys.deposit(unit_="3-2-1201", owner="王芳", id_last4_="0427")
        clock.advance(timedelta(minutes=5))
        lent = office.keys.lend("3-2-1201", to="王师傅", id_last4_="1234", purpose="维修",
                                borrower_type="maintenance", ticket=number)
        assert (lent.subject, lent.ref) == ("key", "3-2-1201")
        assert [(r.subject, r.ref) for r in lent.linked] == [("ticket", number)]
        assert [type(e).__name__ for e in lent.linked[0].events] == ["KeyLentForWork"]


def test_offices_of_one_process_share_one_backend_with_a_user_each(
        tmp_path: Path, clock: SettableClock) -> None:
    backend = Backend(str(tmp_path / "p.db"))
    try:
        desk = Office(backend, "main", DESK, clock)
        number = _repair(desk).number
        cleaner = desk.acting_as(CLEANER)
        assert cleaner.backend is backend and cleaner.user is CLEANER
        found = cleaner.patrol.record("环境", "楼道垃圾")
        desk.acting_as(Actor("王经理", "manager")).records.add_office("east", "东区管理处",
                                                              "Asia/Shanghai")
        east = Office(backend, "east", DESK, clock)
        assert east.read.repair_register()["rows"] == []  # another office's registers
        history = desk.read.ticket_history(number)
        assert history[0]["actor"] == "小刘" and history[0]["data"]["phone"] == "13800001234"
        assert cleaner.read.ticket_history(number)[0]["data"]["phone"] == "138****1234"
        assert found.events[0].actor == "保洁甲" and found.events[0].role == "cleaning"
        cleaner.close()  # an office that borrows the backend leaves it open
        assert desk.read.repair_register()["rows"][0]["phone"] == "13800001234"
    finally:
        backend.close()


def test_the_reader_masks_once_whatever_the_shape() -> None:
    answer = {"rows": [{"phone": "13800001234", "id_last4": "0427", "nested": [
        {"phone": "13912345678"}]}], "by_channel": {"phone": 3}, "office": "main"}
    masked = mask_tree(answer, "cleaning")
    assert masked["rows"][0] == {"phone": "138****1234", "id_last4": "****",
                                 "nested": [{"phone": "139****5678"}]}
    assert masked["by_channel"] == {"phone": 3}
    assert mask_tree(answer, "desk") is answer
    assert mask_tree(answer, "technician")["rows"][0]["id_last4"] == "****"


def _failing_once(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The next catch-up after a commit fails as a locked database would; later ones work."""
    failed: list[str] = []
    real: Callable[..., int] = Backend.catch_up

    def catch_up(self: Backend, *args: object) -> int:
        if not failed:
            failed.append("once")
            raise RuntimeError("database is locked")
        return real(self, *args)

    monkeypatch.setattr(Backend, "catch_up", catch_up)
    return failed


def test_a_write_stands_when_the_catch_up_after_it_fails(
        tmp_path: Path, clock: SettableClock, monkeypatch: pytest.MonkeyPatch) -> None:
    with Office.open(str(tmp_path / "p.db"), user=DESK, clock=clock) as office:
        office.backend.store  # noqa: B018 - the store exists before the failing write
        failed = _failing_once(monkeypatch)
        opened = _repair(office)
        assert failed == ["once"]
        assert opened.warnings == [
            "recorded; the registers will catch up: RuntimeError: database is locked (they "
            "do at the next read, or run 'propsvc rebuild')"]
        stored = list(office.backend.store.events.get(opened.aggregate.id))
        assert [e.topic for e in stored] == [e.topic for e in opened.events]
        rows = office.read.repair_register()["rows"]  # the next read catches up
        assert [r["number"] for r in rows] == [opened.number]


def test_a_tick_before_any_write_finds_nothing(tmp_path: Path, clock: SettableClock) -> None:
    """The demo ticks from the first hour of its month, before the first call."""
    with Office.open(str(tmp_path / "fresh.db"), user=DESK, clock=clock) as office:
        done = office.tick()
        assert (done.missed, done.follow_ups, done.warnings) == ([], [], [])
