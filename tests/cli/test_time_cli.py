"""Time as the SOPs mean it, at the command line (issue 14): the business calendar,
pausing a repair, what-if under another profile."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from tests.cli.conftest import Cli


@pytest.fixture
def office(cli: Cli) -> Cli:
    cli.ok("--role", "manager", "office", "add", "main", "--name", "主")
    return cli


def store_digest(db: Path) -> tuple[int, str]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT id, originator_id, originator_version, topic, state, "
                            "chain_hash FROM propsvc_events ORDER BY id").fetchall()
    finally:
        conn.close()
    return len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()


# -- the business calendar -------------------------------------------------------------------
def test_holidays_and_make_up_days_are_events_and_show_by_year(office: Cli) -> None:
    office.ok("--role", "manager", "calendar", "holiday", "add", "2026-10-01", "--name",
              "国庆节")
    added = office.json("--role", "manager", "calendar", "workday", "add", "2026-10-10")
    assert [e["event"] for e in added["events"]] == ["WorkdayAdded"]
    shown = office.json("calendar", "show", "--year", "2026")
    assert [(d["day"], d["kind"], d["name"]) for d in shown["days"]] == [
        ("2026-10-01", "holiday", "国庆节"), ("2026-10-10", "workday", None)]
    assert shown["working_days"] == 261  # 261 weekdays, less one holiday, plus one 调休
    office.ok("--role", "manager", "calendar", "holiday", "remove", "2026-10-01")
    assert office.json("calendar", "show", "--year", "2026")["working_days"] == 262


def test_calendar_refusals_name_what_to_do_and_write_nothing(office: Cli) -> None:
    office.ok("calendar", "holiday", "add", "2026-10-01")
    before = office.events()
    twice = office("calendar", "holiday", "add", "2026-10-01")
    assert (twice.code, twice.error) == (1, "error: 2026-10-01 is already a public holiday: "
                                            "remove it first (calendar holiday remove / "
                                            "workday remove)")
    weekday = office("calendar", "workday", "add", "2026-10-09")
    assert weekday.code == 1 and "is a Friday, already a working day" in weekday.error
    bad = office("calendar", "holiday", "add", "2026-13-01")
    assert bad.code == 2 and "use YYYY-MM-DD" in bad.error
    tech = office("--role", "technician", "calendar", "holiday", "add", "2026-10-02")
    assert tech.code == 1 and "calendar.edit is not permitted" in tech.error
    assert office.events() == before


def test_a_working_day_window_skips_the_holiday(office: Cli, tmp_path: Path) -> None:
    profile = tmp_path / "wd.toml"
    profile.write_text('[calendar.windows]\n"H4.written" = "working-days"\n', encoding="utf-8")
    office.ok("calendar", "holiday", "add", "2026-10-01")
    office.now("2026-09-30 09:00")
    opened = office.json("--profile", str(profile), "ticket", "open", "--kind", "inquiry",
                         "--caller", "周", "--summary", "车位续租", "--written")
    (deadline,) = opened["deadlines_opened"]
    assert (deadline["rule"], deadline["due_at"]) == ("H4", "2026-10-05T01:00:00+00:00")
    assert deadline["basis"] == "registered (working days)"
    shown = office.json("--profile", str(profile), "profile", "show")
    rows = {e["key"]: e["value"] for e in shown["entries"]}
    assert rows["calendar.windows.H4.written"] == "working-days"
    assert rows["calendar.holidays"] == ["2026-10-01"]


# -- pause and resume -------------------------------------------------------------------------
def test_pause_stops_the_deadlines_and_resume_moves_them_by_the_pause(office: Cli) -> None:
    number = office.open_repair()
    office.ok("repair", "order", number, "--technician", "李师傅", now="2026-11-22 09:02")
    paused = office.json("repair", "pause", number, "--reason", "等配件",
                         now="2026-11-22 10:02")
    assert [e["event"] for e in paused["events"]] == ["RepairPaused", "DeadlinePaused",
                                                       "DeadlinePaused", "DeadlinePaused"]
    tick = office.json("tick", now="2026-11-23 12:00")
    assert tick["missed"] == []
    assert office.json("overdue") == []
    resumed = office.json("repair", "resume", number, now="2026-11-23 12:02")
    moved = {e["data"]["key"]: e["data"]["due_at"] for e in resumed["events"]
             if e["event"] == "DeadlineResumed"}
    assert moved["R11.chase#1"] == "2026-11-23T07:02:00Z"  # 13:02 + 26 h, office 15:02
    assert moved["R4.arrival#1"] == "2026-11-23T05:00:00Z"  # 11:00 + 26 h
    row = office.json("register", "repairs", "--date", "2026-11-22")["rows"][0]
    assert (row["paused_minutes"], row["paused_at"]) == (1560, None)
    missed = office.json("tick", now="2026-11-23 15:03")["missed"]
    assert sorted(m["key"] for m in missed) == ["R11.chase#1", "R4.arrival#1"]  # 13:00, 15:02


def test_a_paused_repair_refuses_work_until_resumed(office: Cli) -> None:
    number = office.open_repair()
    office.ok("repair", "pause", number, "--reason", "业主改约")
    again = office("repair", "pause", number, "--reason", "x")
    assert again.code == 1 and again.error.startswith("error: R8: ")
    order = office("repair", "order", number, "--technician", "李师傅")
    assert order.code == 1 and "repair resume first" in order.error
    office.ok("repair", "resume", number)
    office.ok("repair", "order", number, "--technician", "李师傅")
    nothing = office("repair", "resume", number)
    assert nothing.code == 1 and "is not paused" in nothing.error


# -- what-if ----------------------------------------------------------------------------------
def test_whatif_replays_the_month_in_memory_and_writes_nothing(office: Cli, tmp_path: Path
                                                               ) -> None:
    strict = tmp_path / "strict.toml"
    strict.write_text('name = "strict"\n[repair]\nwork_order_minutes = 2\n', encoding="utf-8")
    first = office.open_repair("3-2-1201", now="2026-11-22 09:00")
    office.ok("repair", "order", first, "--technician", "李师傅", now="2026-11-22 09:03")
    second = office.open_repair("3-2-1202", now="2026-11-22 10:00")
    office.ok("repair", "order", second, "--technician", "李师傅", now="2026-11-22 10:01")
    office.now("2026-11-25 09:00")
    before = store_digest(office.db)
    data = office.json("whatif", "--profile", str(strict), "--month", "2026-11")
    assert store_digest(office.db) == before
    r3 = next(r for r in data["rules"] if r["rule"] == "R3")
    assert r3["now"] == {"deadlines": 2, "on_time": 2, "late": 0, "pending": 0, "rate": 1.0}
    assert r3["whatif"] == {"deadlines": 2, "on_time": 1, "late": 1, "pending": 0,
                            "rate": 0.5}
    assert r3["change"] == -0.5
    assert (data["profile"], data["whatif_profile"], data["records"]) == ("default",
                                                                          "strict", 2)
    table = office("whatif", "--profile", str(strict), "--month", "2026-11")
    assert table.code == 0 and "nothing was written" in table.out


def test_whatif_with_a_broken_profile_is_bad_input(office: Cli, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[repair\n", encoding="utf-8")
    result = office("whatif", "--profile", str(broken))
    assert result.code == 2 and "is not valid TOML" in result.error


# -- as of a business time, as known at a recorded time ---------------------------------------
def test_key_show_and_history_as_of_and_as_known_at(office: Cli) -> None:
    office.ok("key", "register", "--label", "天台", "--class", "public", "--area", "3栋天台")
    office.ok("key", "lend", "天台", "--to", "小王", "--id-last4", "123x", "--purpose", "巡查",
              "--borrower-type", "staff", now="2026-11-22 10:00")
    # lent at 10:00: as of 09:45 the key was still in the cabinet
    office.now("2026-11-22 11:00")
    assert office.json("key", "show", "天台")["loan"]["borrower"] == "小王"
    before = office.json("key", "show", "天台", "--as-of", "2026-11-22 09:45")
    assert before["loan"] is None and before["as_of"] == "2026-11-22T01:45:00+00:00"
    known = office.json("key", "history", "天台", "--as-known-at", "2026-11-22 09:59")
    assert [e["event"] for e in known] == ["KeyRegistered"]
    both = office("key", "show", "天台", "--as-of", "09:00", "--as-known-at", "09:00")
    assert both.code == 2 and "either --as-of or --as-known-at" in both.error
    never = office("key", "show", "天台", "--as-of", "2026-11-21 09:00")
    assert never.code == 1 and "did not exist yet" in never.error


def test_incident_history_exists_and_reads_as_of(office: Cli) -> None:
    number = office.json("incident", "report", "--category", "fire", "--place", "4栋",
                         "--playbook", "fire", now="2026-11-22 09:00")["number"]
    office.ok("incident", "step", number, "--step", "first-aid", now="2026-11-22 09:20")
    events = [e["event"] for e in office.json("incident", "history", number)]
    assert events[0] == "IncidentReported" and "PlaybookStepDone" in events
    early = office.json("incident", "history", number, "--as-of", "2026-11-22 09:10")
    assert "PlaybookStepDone" not in [e["event"] for e in early]
    shown = office.json("incident", "show", number, "--as-of", "2026-11-22 09:10")
    assert "first-aid" in shown["pending_steps"]
    missing = office("incident", "history", "TB-20261122-009")
    assert missing.code == 1 and "no incident TB-20261122-009" in missing.error
