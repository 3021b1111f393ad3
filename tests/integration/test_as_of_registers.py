"""``--as-of`` / ``--as-known-at`` on every register, the handover log, the carry-over
file and ``overdue`` (issue 14, decision 0014): the office's events that pass the cut are
replayed into scratch read models and the very same query runs on them.

The scene (office time, 2026-11-22): 09:00 a repair call (BX-…-001); at 09:30 its work
order is entered late, as issued at 09:02 (R3 met on time), and the day shift is
taken over; 09:40 a handover note and a
complaint; 10:00 a second repair call (BX-…-002); 10:30 tick (its R3 missed); 10:40
the note triaged 'later' (into the carry-over file), another office's call.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from propsvc.clock import SettableClock
from propsvc.errors import InvalidInput
from propsvc.office import Office
from propsvc.office.reader import AT_A_MOMENT, Reader
from propsvc.permissions import Actor
from tests.integration._support import cli_json, event_count
from tests.office import open_office, tick

MakeRuntime = Callable[..., Office]
DAY, MONTH = "2026-11-22", "2026-11"


def utc(hh: int, mm: int) -> datetime:
    """Office time 2026-11-22 hh:mm (Asia/Shanghai, UTC+8) as UTC."""
    return datetime(2026, 11, 22, hh - 8, mm, tzinfo=UTC)


def scene(rt: Office, clock: SettableClock) -> tuple[str, str]:
    first = rt.repairs.open(unit="3-2-1201", caller="王芳", phone=None, summary="漏水").number
    clock.set(utc(9, 30))
    rt.repairs.order(first, "李师傅", at=utc(9, 2))
    rt.handover.take_over()
    clock.set(utc(9, 40))
    note = rt.handover.note("3栋电梯异响，已报维保").ref
    rt.tickets.open("complaint", unit="3-2-1201", caller="王芳", phone=None,
                    summary="楼上噪音", channel="phone")
    clock.set(utc(10, 0))
    second = rt.repairs.open(unit="5-1-0802", caller="张伟", phone=None, summary="停电").number
    clock.set(utc(10, 30))
    tick(rt)
    clock.set(utc(10, 40))
    rt.handover.triage(note, "later")  # S6: into the carry-over file
    rt.acting_as(Actor("王经理", "manager")).records.add_office("north", "北区", "Asia/Shanghai")
    with open_office(rt.backend.db, office="north", clock=clock) as other:
        other.repairs.open(unit="1-1-0101", caller="赵六", phone=None, summary="门锁坏")
    return first, second


@pytest.fixture
def office(make_runtime: MakeRuntime, db_url: str, clock: SettableClock
           ) -> tuple[Office, str, str]:
    rt = make_runtime(db_url)
    first, second = scene(rt, clock)
    clock.set(utc(11, 0))
    return rt, first, second


# Every read that takes a moment, with the arguments this test gives it.
CALLS: dict[str, Callable[[Reader], Any]] = {
    "repair_register": lambda r: r.repair_register(day=DAY),
    "daily_repairs": lambda r: r.daily_repairs(DAY),
    "visit_register": lambda r: r.visit_register(MONTH),
    "complaint_register": lambda r: r.complaint_register(MONTH),
    "complaint_summary": lambda r: r.complaint_summary(MONTH),
    "help_register": lambda r: r.help_register(MONTH),
    "inquiry_register": lambda r: r.inquiry_register(MONTH),
    "incident_register": lambda r: r.incident_register(MONTH),
    "key_deposits": lambda r: r.key_deposits(),
    "key_loans": lambda r: r.key_loans(month=MONTH),
    "renovations": lambda r: r.renovations(),
    "passes": lambda r: r.passes(),
    "extensions": lambda r: r.extensions(),
    "patrol_register": lambda r: r.patrol_register(MONTH),
    "daily_report": lambda r: r.daily_report(DAY),
    "moveins": lambda r: r.moveins(month=MONTH),
    "paid": lambda r: r.paid(month=MONTH),
    "releases": lambda r: r.releases(month=MONTH),
    "found": lambda r: r.found(month=MONTH),
    "vacancies": lambda r: r.vacancies(),
    "vacancy_inspections": lambda r: r.vacancy_inspections(MONTH),
    "export": lambda r: [(sheet, data) for sheet, data in r.export("repairs", MONTH)[2]],
    "work_order": lambda r: r.work_order("BX-20261122-001")[1],
    "overdue": lambda r: r.overdue(),
    "handover_log": lambda r: r.handover_log(DAY, "day"),
    "carryover_file": lambda r: r.carryover_file(MONTH),
}
UNSTAMPED = ("as_of", "as_known_at")


def plain(value: Any) -> Any:
    """An answer without the moment it was read at."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if k not in UNSTAMPED}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def test_the_test_calls_every_read_that_takes_a_moment() -> None:
    assert set(CALLS) | {"sealed_month"} == AT_A_MOMENT  # sealed_month: below


def test_at_now_every_read_equals_the_live_read(office: tuple[Office, str, str]) -> None:
    rt, _, _ = office
    now = rt.clock.now()
    for known in (False, True):
        then = rt.read.at(known_at=now) if known else rt.read.at(as_of=now)
        for name, call in CALLS.items():
            live = call(rt.read)
            assert plain(call(then)) == plain(live), name
    assert rt.read.repair_register(day=DAY)["rows"], "the scene is not empty"


def test_an_event_after_the_moment_is_absent(office: tuple[Office, str, str]) -> None:
    rt, first, second = office
    for then in (rt.read.at(as_of=utc(9, 50)), rt.read.at(known_at=utc(9, 50))):
        register = then.repair_register(day=DAY)
        assert [r["number"] for r in register["rows"]] == [first]
        assert [r["ref"] for r in then.overdue()] == []  # BX-002's R3 was not due yet
        assert then.daily_repairs(DAY) != rt.read.daily_repairs(DAY)
    live = rt.read.repair_register(day=DAY)
    assert [r["number"] for r in live["rows"]] == [first, second]
    assert second in [r["ref"] for r in rt.read.overdue()]


def test_a_late_entry_is_there_as_of_its_business_time_not_as_known_before_it_was_entered(
    office: tuple[Office, str, str],
) -> None:
    rt, first, _ = office
    happened = rt.read.at(as_of=utc(9, 10))
    known = rt.read.at(known_at=utc(9, 10))
    row = happened.repair_register(day=DAY)["rows"][0]
    assert (row["number"], row["status"], row["technician"]) == (first, "ordered", "李师傅")
    row = known.repair_register(day=DAY)["rows"][0]
    assert (row["number"], row["status"], row["technician"]) == (first, "received", None)
    # R3 (work order by 09:05): met at 09:02 as it happened; open and overdue as known then
    assert happened.overdue() == []
    [late] = known.overdue()
    assert (late["ref"], late["rule"], late["minutes_overdue"]) == (first, "R3", 5)
    assert happened.repair_register(day=DAY)["as_of"] == utc(9, 10).isoformat()
    assert known.repair_register(day=DAY)["as_known_at"] == utc(9, 10).isoformat()


def test_a_miss_recorded_by_tick_is_as_of_its_due_time_but_known_only_after_tick(
    office: tuple[Office, str, str],
) -> None:
    rt, _, second = office
    happened = rt.read.at(as_of=utc(10, 20))  # due 10:05, tick ran at 10:30
    known = rt.read.at(known_at=utc(10, 20))
    assert [(r["ref"], r["miss_recorded"]) for r in happened.overdue()] == [(second, True)]
    assert [(r["ref"], r["miss_recorded"]) for r in known.overdue()] == [(second, False)]
    assert [r["missed"] for r in happened.repair_register(day=DAY)["rows"]] == [0, 1]
    assert [r["missed"] for r in known.repair_register(day=DAY)["rows"]] == [0, 0]


def test_the_handover_log_and_the_complaints_as_they_stood(
    office: tuple[Office, str, str],
) -> None:
    rt, _, _ = office
    before, after = rt.read.at(as_of=utc(9, 35)), rt.read.at(as_of=utc(9, 45))
    assert before.complaint_register(MONTH)["rows"] == []
    assert len(after.complaint_register(MONTH)["rows"]) == 1
    assert plain(after.handover_log(DAY, "day")) != plain(before.handover_log(DAY, "day"))
    carried = rt.read.at(as_of=utc(10, 50)).carryover_file(MONTH)
    assert carried["rows"] and before.carryover_file(MONTH)["rows"] == []


def test_only_the_offices_own_events_are_replayed(office: tuple[Office, str, str]) -> None:
    rt, _, _ = office
    north = open_office(rt.backend.db, office="north", clock=rt.clock)
    with north:
        rows = north.read.at(as_of=rt.clock.now()).repair_register(day=DAY)["rows"]
    assert [r["unit"] for r in rows] == ["1-1-0101"]


def test_a_moment_in_the_future_or_both_moments_are_refused_and_nothing_is_written(
    office: tuple[Office, str, str],
) -> None:
    rt, _, _ = office
    before = event_count(rt)
    with pytest.raises(InvalidInput, match="in the future"):
        rt.read.at(as_of=utc(12, 0))
    with pytest.raises(InvalidInput, match="either --as-of or --as-known-at"):
        rt.read.at(as_of=utc(9, 0), known_at=utc(9, 0))
    assert event_count(rt) == before


def test_a_month_closed_after_the_moment_was_open_then(
    make_runtime: MakeRuntime, sqlite_url: str, clock: SettableClock,
) -> None:
    rt = make_runtime(sqlite_url)
    scene(rt, clock)
    clock.set(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    rt.close_month(MONTH)
    clock.set(datetime(2026, 12, 1, 3, 0, tzinfo=UTC))
    assert rt.read.sealed_month(MONTH)["sealed"] is True
    then = rt.read.at(known_at=datetime(2026, 12, 1, 1, 0, tzinfo=UTC))
    with pytest.raises(Exception, match="not closed"):
        then.sealed_month(MONTH)
    now = rt.read.at(known_at=clock.now())
    assert plain(now.sealed_month(MONTH)) == plain(rt.read.sealed_month(MONTH))
    assert plain(then.repair_register(month=MONTH)) == plain(
        rt.read.repair_register(month=MONTH))


def test_the_cli_reads_registers_and_overdue_as_of_and_as_known_at(
    office: tuple[Office, str, str], capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rt, first, _ = office
    db = rt.backend.db
    now = "2026-11-22 11:00"
    happened = cli_json(capsys, monkeypatch, db, "register", "repairs", "--date", DAY,
                        "--as-of", "2026-11-22 09:10", now=now)
    known = cli_json(capsys, monkeypatch, db, "register", "repairs", "--date", DAY,
                     "--as-known-at", "2026-11-22 09:10", now=now)
    assert [r["technician"] for r in happened["rows"]] == ["李师傅"]
    assert [r["technician"] for r in known["rows"]] == [None]
    assert known["as_known_at"] == utc(9, 10).isoformat()
    overdue = cli_json(capsys, monkeypatch, db, "overdue", "--as-known-at",
                       "2026-11-22 09:10", now=now)
    assert [(r["ref"], r["rule"]) for r in overdue] == [(first, "R3")]
    log = cli_json(capsys, monkeypatch, db, "handover", "show", "--date", DAY, "--shift",
                   "day", "--as-of", "2026-11-22 09:35", now=now)
    assert log["as_of"] == utc(9, 35).isoformat()
    carry = cli_json(capsys, monkeypatch, db, "carryover", "show", "--month", MONTH,
                     "--as-of", "2026-11-22 09:35", now=now)
    assert carry["as_of"] == utc(9, 35).isoformat()


def test_the_cli_refuses_both_moments_with_exit_2(
    office: tuple[Office, str, str], capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from propsvc.cli import run

    rt, _, _ = office
    monkeypatch.setenv("PROPSVC_NOW", "2026-11-22 11:00")
    before = event_count(rt)
    capsys.readouterr()
    code = run(["--db", rt.backend.db, "register", "complaints", "--as-of", "09:00",
                "--as-known-at", "09:00"])
    err = capsys.readouterr().err
    assert code == 2 and "either --as-of or --as-known-at" in err
    assert len(err.strip().splitlines()) == 1
    assert event_count(rt) == before


def test_the_api_serves_registers_overdue_and_the_handover_log_as_of(
    tmp_path: Path,
) -> None:
    """A real ``propsvc serve`` process (its clock at 12:00): ``as_of`` / ``as_known_at``
    query parameters give what the CLI gives; both at once are a 422 naming the fix."""
    from tests.server.support import SETUP, make_store, serving

    store = make_store(str(tmp_path / "propsvc.db"))
    clock = SettableClock(SETUP)
    with open_office(store.db, clock=clock) as rt:
        first, _ = scene(rt, clock)
    with serving(store.db, tmp_path, "--no-tick") as running:
        http = running.client(store.role_token("desk"))
        day = {"date": DAY}
        happened = http.get("/api/v1/registers/repairs",
                            params={**day, "as_of": "2026-11-22 09:10"}).json()
        known = http.get("/api/v1/registers/repairs",
                         params={**day, "as_known_at": "2026-11-22 09:10"}).json()
        live = http.get("/api/v1/registers/repairs", params=day).json()
        assert [r["technician"] for r in happened["rows"]] == ["李师傅"]
        assert [r["technician"] for r in known["rows"]] == [None]
        assert happened["as_of"] == known["as_known_at"] == utc(9, 10).isoformat()
        assert len(live["rows"]) == 2 and "as_of" not in live
        overdue = http.get("/api/v1/overdue", params={"as_known_at": "2026-11-22 09:10"})
        assert [(r["ref"], r["rule"]) for r in overdue.json()] == [(first, "R3")]
        log = http.get("/api/v1/handover", params={"date": DAY, "shift": "day",
                                                   "as_of": "2026-11-22 09:35"}).json()
        assert log["as_of"] == utc(9, 35).isoformat()
        both = http.get("/api/v1/registers/repairs",
                        params={"as_of": "09:00", "as_known_at": "09:00"})
        assert both.status_code == 422
        assert "either --as-of or --as-known-at" in both.json()["error"]["message"]


def test_the_replay_reads_only_the_rows_naming_the_office(
    office: tuple[Office, str, str],
) -> None:
    """The office is narrowed in SQL, before any row is read or decoded."""
    from propsvc.projections.asof import Cut, build

    rt, _, _ = office
    backend, now = rt.backend, rt.clock.now()
    north = build(backend.url, backend.read_db.db, Cut("north", now))
    main = build(backend.url, backend.read_db.db, Cut("main", now))
    assert 0 < north.events < 6 < main.events  # north: one call and its deadlines
    assert north.events + main.events <= event_count(rt)
