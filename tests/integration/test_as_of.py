"""``--as-of`` (business time) and ``--as-known-at`` (recorded time) are exact.

A work order issued at 09:02 but only entered at 09:30 (``--at 09:02``) had happened by
09:10, but the system did not know it at 09:10.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from propsvc.clock import SettableClock
from propsvc.errors import InvalidInput
from propsvc.office import Office
from propsvc.projections.tables.ticket import tickets
from propsvc.views.ticket import as_of
from tests.integration._support import cli_json, event_count
from tests.office import tick

MakeRuntime = Callable[..., Office]
US = timedelta(microseconds=1)


def utc(hh: int, mm: int) -> datetime:
    """Office time 2026-11-22 hh:mm (Asia/Shanghai, UTC+8) as UTC."""
    return datetime(2026, 11, 22, hh - 8, mm, tzinfo=UTC)


@pytest.fixture
def late(make_runtime: MakeRuntime, db_url: str, clock: SettableClock) -> tuple[Office, str]:
    """09:00 call; 09:30 the 09:02 work order is entered late; 09:40 arrival."""
    rt = make_runtime(db_url)
    n = rt.repairs.open(unit="3-2-1201", caller="王芳", phone=None, summary="漏水").number
    clock.set(utc(9, 30))
    rt.repairs.order(n, "李师傅", at=utc(9, 2))
    clock.set(utc(9, 40))
    rt.repairs.arrive(n)
    rt.backend.catch_up()
    # a second ticket, so "the one aggregate's events" is a real restriction
    rt.repairs.open(unit="5-1-0802", caller="张伟", phone=None, summary="停电")
    return rt, n


def _r3(t: Any) -> Any:
    return next(d for d in t.deadlines.values() if d.rule == "R3")


def _status(events: list[Any], when: datetime, *, known: bool = False) -> str | None:
    t = as_of(events, when, known=known)
    return None if t is None else t.status


def test_a_late_entry_has_happened_by_its_business_time(late: tuple[Office, str]) -> None:
    rt, n = late
    events = rt.service.events_of(n)
    assert {e.originator_id for e in events} == {rt.service.ticket_id(n)}

    t = as_of(events, utc(9, 10))
    assert t is not None and t.status == "ordered" and t.technician == "李师傅"
    assert t.ordered_at == utc(9, 2)
    r3 = _r3(t)
    assert (r3.state, r3.missed, r3.late_minutes) == ("met", False, 0)  # met on time


def test_a_late_entry_was_not_known_before_it_was_recorded(late: tuple[Office, str]) -> None:
    rt, n = late
    events = rt.service.events_of(n)
    t = as_of(events, utc(9, 10), known=True)
    assert t is not None and t.status == "received" and t.technician is None
    assert _r3(t).state == "open"


def test_both_views_are_exact_to_the_microsecond(late: tuple[Office, str]) -> None:
    rt, n = late
    events = rt.service.events_of(n)
    # business time: the order counts from 09:02 exactly
    assert _status(events, utc(9, 2) - US) == "received"
    assert _status(events, utc(9, 2)) == "ordered"
    # recorded time: from 09:30 exactly
    assert _status(events, utc(9, 30) - US, known=True) == "received"
    assert _status(events, utc(9, 30), known=True) == "ordered"
    # the arrival was entered on time: both views agree on it
    for known in (False, True):
        assert _status(events, utc(9, 40) - US, known=known) == "ordered"
        assert _status(events, utc(9, 40), known=known) == "on_site"
    # before the call nothing existed, in either sense
    assert as_of(events, utc(9, 0) - US) is None
    assert as_of(events, utc(9, 0) - US, known=True) is None


def test_the_cli_shows_both_answers(
    late: tuple[Office, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    rt, n = late
    db = rt.backend.db
    happened = cli_json(
        capsys,
        monkeypatch,
        db,
        "ticket",
        "show",
        n,
        "--as-of",
        "2026-11-22 09:10",
        now="2026-11-22 10:00",
    )
    known = cli_json(
        capsys,
        monkeypatch,
        db,
        "ticket",
        "show",
        n,
        "--as-known-at",
        "2026-11-22 09:10",
        now="2026-11-22 10:00",
    )
    assert (happened["status"], happened["technician"]) == ("ordered", "李师傅")
    assert (known["status"], known["technician"]) == ("received", None)
    assert happened["as_of"] == known["as_of"] == utc(9, 10).isoformat()

    history = cli_json(capsys, monkeypatch, db, "ticket", "history", n, now="2026-11-22 10:00")
    order = next(h for h in history if h["event"] == "WorkOrderIssued")
    assert order["occurred_at"] == utc(9, 2).isoformat()
    assert order["recorded_at"] == utc(9, 30).isoformat()


def test_the_register_uses_business_time_for_a_late_entry(late: tuple[Office, str]) -> None:
    rt, n = late
    rt.backend.catch_up()
    with rt.backend.read_engine.connect() as conn:
        row = conn.execute(select(tickets).where(tickets.c.number == n)).mappings().one()
    assert row["ordered_at"] == utc(9, 2) and row["missed"] == 0


def test_a_miss_recorded_by_tick_is_backdated_to_the_due_time_but_known_only_after(
    make_runtime: MakeRuntime, sqlite_url: str, clock: SettableClock
) -> None:
    rt = make_runtime(sqlite_url)
    n = rt.repairs.open(unit="3-2-1201", caller="王芳", phone=None, summary="漏水").number
    clock.set(utc(9, 20))
    tick(rt)  # R3 due 09:05: missed
    events = rt.service.events_of(n)
    assert as_of(events, utc(9, 6)) is not None
    assert _r3(as_of(events, utc(9, 5))).missed is True
    assert _r3(as_of(events, utc(9, 5) - US)).missed is False
    assert _r3(as_of(events, utc(9, 20) - US, known=True)).missed is False
    assert _r3(as_of(events, utc(9, 20), known=True)).missed is True


def test_late_entries_may_not_be_in_the_future_or_before_the_previous_event(
    late: tuple[Office, str], clock: SettableClock
) -> None:
    rt, n = late
    before = event_count(rt)
    with pytest.raises(InvalidInput, match="in the future"):
        rt.repairs.complete(n, "王芳", 5, at=clock.now() + timedelta(minutes=1))
    with pytest.raises(InvalidInput, match="before this record's previous event"):
        rt.repairs.complete(n, "王芳", 5, at=utc(9, 39))
    assert event_count(rt) == before
