"""``--json`` is a contract for scripts outside the repo (docs/cli.md): stable field names,
ISO 8601 times with an offset. Envelopes are checked exactly; rows must hold at least the
documented fields (new fields may be added, none may disappear).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Cli, assert_times, copy_db, prepare

OUTCOME = {"number", "office", "kind", "status", "version", "events", "deadlines_opened",
           "rules"}
OUTCOME_EVENT = {"event", "occurred_at", "recorded_at", "actor", "role", "data"}
OPENED = {"key", "rule", "label", "due_at", "limit_minutes", "basis"}
SHOW = {"number", "office", "kind", "status", "cycle", "version", "intake", "technician",
        "ordered_at", "arrived_at", "completed_at", "fee", "materials", "deferral",
        "completion", "deadlines", "chases", "escalations", "visits", "reopens",
        "last_event_at", "as_of", "desk", "actions", "correction", "duplicates"}
ACTION = {"version", "at", "event", "actor", "role"}
INTAKE = {"unit", "location", "part", "caller", "phone", "summary", "channel", "urgent", "home",
          "spare_key", "appointment", "public_area", "opened_at", "recorded_by"}
FEE = {"amount", "items", "accepted_at", "collected"}
MATERIAL = {"name", "spec", "model", "quantity", "unit_price"}
COMPLETION = {"signed_by", "rating", "minutes_on_site"}
DEADLINE = {"key", "rule", "label", "due_at", "limit_minutes", "basis", "state", "missed",
            "met_at", "late_minutes"}
ESCALATION = {"at", "rule", "to", "reason", "automatic", "by"}
SHOW_VISIT = {"at", "method", "result", "note", "visitor", "within_window",
              "resident_signed_by"}
HISTORY = {"version", "event", "topic", "occurred_at", "recorded_at", "actor", "role",
           "office", "authenticated", "data"}
TICK = {"at", "office", "missed", "follow_ups"}
TICK_MISSED = {"number", "key", "rule", "due_at", "minutes_late"}
TICK_FOLLOW_UP = {"number", "action", "rule", "to"}
OVERDUE = {"number", "key", "rule", "label", "due_at", "on_miss", "kind", "unit", "location",
           "status", "technician", "minutes_overdue", "miss_recorded"}
REGISTER = {"register", "period", "office", "rows"}
REGISTER_ROW = {
    "ticket_id", "office", "number", "kind", "unit", "location", "part", "caller", "phone",
    "summary", "channel", "urgent", "home", "spare_key", "appointment", "public_area",
    "opened_at", "status", "technician", "ordered_at", "arrived_at", "completed_at",
    "signed_by", "rating", "quote_amount", "quote_items", "fee_accepted_at", "fee_collected",
    "materials", "materials_total", "deferred_at", "deferred_measure", "deferred_reason",
    "escalations", "chases", "reopens", "visits", "last_visit_result", "missed", "updated_at",
    "voided_at", "void_reason", "merged_into", "duplicates"}
DAILY = {"date", "office", "in_home", "public"}
DAILY_SECTION = {"received", "completed", "open", "deferred", "totals"}
VISITS = {"month", "office", "visits", "days", "summary", "classes"}
VISIT_ROW = {"ticket_id", "version", "office", "kind", "visited_at", "completed_at", "method",
             "result", "visitor", "resident_signed_by", "note", "within_window", "number",
             "unit", "recorded_at", "filed_late"}
VISIT_DAY = {"date", "completed", "visited", "rate", "floor", "meets_floor"}
VISIT_SUMMARY = {"kind", "completed", "visited", "rate", "target", "rule", "meets_target",
                 "daily_floor", "daily_floor_rule"}
PROFILE = {"profile", "office", "entries"}
PROFILE_ENTRY = {"key", "value", "rule", "text"}
REBUILD = {"events", "seconds", "events_per_second", "projections", "stale"}


def has(row: dict[str, Any], keys: set[str]) -> None:
    missing = keys - set(row)
    assert not missing, f"missing fields {sorted(missing)}"


class Story:
    """Ticket A done end to end on 22 Nov and visited on 23 Nov; B a public-area job nobody
    took (its deadlines are overdue); C still open with a quote waiting for consent."""

    def __init__(self, cli: Cli) -> None:
        self.cli = cli
        self.opened = cli.json("ticket", "open", "--kind", "repair", "--unit", "3-2-1201",
                               "--caller", "王女士", "--phone", "13800001234", "--summary",
                               "厨房水管漏水", "--part", "厨房水管", "--home", "yes",
                               "--spare-key", "no", now="2026-11-22 09:00")
        self.a = self.opened["number"]
        self.ordered = cli.json("repair", "order", self.a, "--technician", "张师傅",
                                now="2026-11-22 09:02")
        cli.ok("repair", "arrive", self.a, now="2026-11-22 09:30")
        cli.ok("repair", "quote", self.a, "--amount", "120", "--items", "更换水管两米",
               now="2026-11-22 09:35")
        cli.ok("repair", "accept-fee", self.a, now="2026-11-22 09:37")
        cli.ok("repair", "start", self.a, now="2026-11-22 09:38")
        cli.ok("repair", "materials", self.a, "--item", "水管,DN20,PPR,2,30",
               "--item", "生料带,小,X,1,5", now="2026-11-22 09:40")
        cli.ok("repair", "complete", self.a, "--signed-by", "王女士", "--rating", "5",
               now="2026-11-22 10:30")
        cli.ok("repair", "collect-fee", self.a, "--amount", "120", now="2026-11-22 10:31")
        self.b = cli.json("ticket", "open", "--kind", "repair", "--public-area", "--location",
                          "3栋大堂", "--caller", "保安老赵", "--summary", "大堂感应门不开",
                          "--urgent", now="2026-11-22 10:40")["number"]
        self.c = cli.open_repair("5-1-0302", now="2026-11-22 11:00")
        cli.ok("repair", "order", self.c, "--technician", "李师傅", now="2026-11-22 11:01")
        cli.ok("repair", "arrive", self.c, now="2026-11-22 11:20")
        cli.ok("repair", "quote", self.c, "--amount", "85.50", "--items", "换开关",
               now="2026-11-22 11:25")
        self.visited = cli.json("visit", "record", self.a, "--method", "phone", "--result",
                                "satisfied", "--note", "很及时", now="2026-11-23 10:00")
        cli.now("2026-11-23 10:05")


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Story]:
    """The story is played once per module; each test gets its own copy of the database."""
    folder = tmp_path_factory.mktemp("story")
    with pytest.MonkeyPatch.context() as mp:
        story = Story(Cli(None, mp, prepare(mp, folder)))
    return folder / "propsvc.db", story


@pytest.fixture
def story(played: tuple[Path, Story], cli: Cli) -> Story:
    source, template = played
    copy_db(source, cli.db)
    story = copy.copy(template)
    story.cli = cli
    cli.now("2026-11-23 10:05")
    return story


def check_outcome(view: dict[str, Any], number: str) -> None:
    assert set(view) == OUTCOME
    assert view["number"] == number
    assert isinstance(view["version"], int)
    assert all(set(e) == OUTCOME_EVENT for e in view["events"])
    assert all(isinstance(e["data"], dict) for e in view["events"])
    assert all(set(d) == OPENED for d in view["deadlines_opened"])
    assert all(isinstance(r, str) for r in view["rules"])
    assert_times(view)


def test_ticket_open_json(story: Story) -> None:
    view = story.opened
    check_outcome(view, story.a)
    assert (view["office"], view["kind"], view["status"], view["version"]) == (
        "main", "repair", "received", 3)
    assert [e["event"] for e in view["events"]] == ["CallReceived", "DeadlineSet",
                                                    "DeadlineSet"]
    call = view["events"][0]
    assert (call["occurred_at"], call["recorded_at"]) == ("2026-11-22T01:00:00+00:00",) * 2
    assert (call["actor"], call["role"]) == ("desk", "desk")
    assert call["data"]["unit"] == "3-2-1201"
    assert call["data"]["home"] is True and call["data"]["spare_key"] is False
    assert [(d["key"], d["rule"], d["due_at"], d["limit_minutes"], d["basis"])
            for d in view["deadlines_opened"]] == [
        ("R3.work_order#1", "R3", "2026-11-22T01:05:00+00:00", 5, "call received"),
        ("R4.arrival#1", "R4", "2026-11-22T03:00:00+00:00", 120, "call received")]
    assert view["rules"] == ["R1", "R3", "R4"]
    assert story.a == "BX-20261122-001"


def test_repair_order_json(story: Story) -> None:
    view = story.ordered
    check_outcome(view, story.a)
    assert view["status"] == "ordered"
    names = [e["event"] for e in view["events"]]
    assert names[0] == "WorkOrderIssued"
    assert "DeadlineMet" in names
    assert view["events"][0]["data"]["technician"] == "张师傅"
    met = next(e for e in view["events"] if e["event"] == "DeadlineMet")
    assert (met["data"]["key"], met["data"]["late_minutes"]) == ("R3.work_order#1", 0)
    assert (met["actor"], met["role"]) == ("propsvc", "policy")
    assert {d["rule"] for d in view["deadlines_opened"]} == {"R11"}
    assert "R3" in view["rules"] and "R11" in view["rules"]


def test_visit_record_json(story: Story) -> None:
    check_outcome(story.visited, story.a)
    assert story.visited["status"] == "closed"
    assert story.visited["events"][0]["event"] == "ReturnVisitRecorded"


def test_ticket_show_json(story: Story) -> None:
    view = story.cli.json("ticket", "show", story.a)
    assert set(view) == SHOW
    assert set(view["intake"]) == INTAKE
    assert set(view["fee"]) == FEE
    assert all(set(m) == MATERIAL for m in view["materials"])
    assert set(view["completion"]) == COMPLETION
    assert all(set(d) == DEADLINE for d in view["deadlines"])
    assert all(set(v) == SHOW_VISIT for v in view["visits"])
    assert view["as_of"] is None
    assert view["status"] == "closed"
    assert view["fee"] == {"amount": "120.00", "items": "更换水管两米",
                           "accepted_at": "2026-11-22T01:37:00+00:00", "collected": "120.00"}
    assert view["materials"][0] == {"name": "水管", "spec": "DN20", "model": "PPR",
                                    "quantity": "2", "unit_price": "30.00"}
    assert view["completion"] == {"signed_by": "王女士", "rating": 5, "minutes_on_site": 60}
    assert view["intake"]["opened_at"] == "2026-11-22T01:00:00+00:00"
    assert view["visits"][0]["within_window"] is True
    assert assert_times(view) >= 10


def test_ticket_show_as_of_json(story: Story) -> None:
    view = story.cli.json("ticket", "show", story.a, "--as-of", "2026-11-22 09:31")
    assert set(view) == SHOW
    assert view["as_of"] == "2026-11-22T01:31:00+00:00"
    assert view["status"] == "on_site"
    assert view["fee"] is None and view["completion"] is None
    assert view["arrived_at"] == "2026-11-22T01:30:00+00:00"
    assert view["completed_at"] is None
    assert_times(view)
    known = story.cli.json("ticket", "show", story.a, "--as-known-at", "2026-11-22T01:31Z")
    assert known["as_of"] == "2026-11-22T01:31:00+00:00"
    assert known["status"] == "on_site"


def test_ticket_show_says_who_did_what_as_it_stood(cli: Cli) -> None:
    number = cli.open_repair()
    cli.ok("--actor", "王主管", "--role", "supervisor", "repair", "order", number,
           "--technician", "张师傅", now="2026-11-22 09:02")
    cli.ok("--actor", "张师傅", "--role", "technician", "repair", "arrive", number,
           now="2026-11-22 09:30")
    cli.ok("tick", now="2026-11-22 13:05")  # R11 chase: a clock event, not a person's action
    view = cli.json("ticket", "show", number)
    assert view["chases"], "the tick chased maintenance"
    assert all(set(a) == ACTION for a in view["actions"])
    assert [(a["event"], a["actor"], a["role"]) for a in view["actions"]] == [
        ("CallReceived", "desk", "desk"), ("WorkOrderIssued", "王主管", "supervisor"),
        ("TechnicianArrived", "张师傅", "technician")]
    assert view["actions"][1]["at"] == "2026-11-22T01:02:00+00:00"
    then = cli.json("ticket", "show", number, "--as-of", "2026-11-22 09:10")
    assert [a["actor"] for a in then["actions"]] == ["desk", "王主管"]
    text = cli.ok("ticket", "show", number).out
    assert "2026-11-22 09:30 TechnicianArrived — 张师傅 (technician)" in text


def test_ticket_show_of_an_overdue_public_job_json(story: Story) -> None:
    view = story.cli.json("ticket", "show", story.b)
    assert view["intake"]["public_area"] is True
    assert view["intake"]["unit"] is None and view["intake"]["location"] == "3栋大堂"
    assert all(set(e) == ESCALATION for e in view["escalations"])
    r3 = next(d for d in view["deadlines"] if d["rule"] == "R3")
    assert (r3["state"], r3["missed"], r3["met_at"]) == ("open", True, None)


def test_ticket_history_json(story: Story) -> None:
    rows = story.cli.json("ticket", "history", story.a)
    assert isinstance(rows, list)
    assert all(set(r) == HISTORY for r in rows)
    assert [r["version"] for r in rows] == list(range(1, len(rows) + 1))
    assert rows[0]["event"] == "CallReceived"
    assert rows[0]["topic"] == "ticket.CallReceived"
    assert rows[0]["office"] == "main"
    assert rows[-1]["event"] == "ReturnVisitRecorded"
    assert assert_times(rows) >= 2 * len(rows)


def test_tick_json(story: Story) -> None:
    result = story.cli.json("tick")
    assert set(result) == TICK
    assert result["at"] == "2026-11-23T02:05:00+00:00"
    assert result["office"] == "main"
    assert result["missed"], "B's deadlines are overdue"
    assert all(set(m) >= TICK_MISSED for m in result["missed"])
    assert all(set(f) >= TICK_FOLLOW_UP for f in result["follow_ups"])
    r3 = next(m for m in result["missed"] if m["number"] == story.b and m["rule"] == "R3")
    assert (r3["key"], r3["due_at"], r3["minutes_late"]) == (
        "R3.work_order#1", "2026-11-22T02:45:00+00:00", 1400)
    assert any(f["number"] == story.b and f["action"] == "Escalated"
               and f["to"] == "supervisor" for f in result["follow_ups"])
    assert_times(result)
    again = story.cli.json("tick")
    assert (again["missed"], again["follow_ups"]) == ([], [])


def test_tick_at_json(story: Story) -> None:
    result = story.cli.json("tick", "--at", "2026-11-22 10:50")
    assert result["at"] == "2026-11-22T02:50:00+00:00"
    assert [(m["number"], m["rule"], m["minutes_late"]) for m in result["missed"]] == [
        (story.b, "R3", 5)]


def test_overdue_json(story: Story) -> None:
    rows = story.cli.json("overdue")
    assert isinstance(rows, list) and rows
    assert all(set(r) >= OVERDUE for r in rows)
    assert [r["due_at"] for r in rows] == sorted(r["due_at"] for r in rows)
    first = rows[0]
    assert (first["number"], first["rule"], first["due_at"], first["minutes_overdue"],
            first["miss_recorded"]) == (story.b, "R3", "2026-11-22T02:45:00+00:00", 1400,
                                        False)
    assert first["location"] == "3栋大堂" and first["kind"] == "repair"
    assert_times(rows)
    story.cli.ok("tick")
    assert all(r["miss_recorded"] for r in story.cli.json("overdue"))


def test_overdue_at_json(story: Story) -> None:
    rows = story.cli.json("--at", "2026-11-22 10:46", "overdue")
    assert [(r["number"], r["rule"], r["minutes_overdue"]) for r in rows] == [
        (story.b, "R3", 1)]


def test_register_repairs_by_date_json(story: Story) -> None:
    data = story.cli.json("register", "repairs", "--date", "2026-11-22")
    assert set(data) == REGISTER
    assert (data["register"], data["period"], data["office"]) == ("业主报修记录表",
                                                                  "2026-11-22", "main")
    assert [r["number"] for r in data["rows"]] == [story.a, story.b, story.c]
    assert all(set(r) >= REGISTER_ROW for r in data["rows"])
    a = data["rows"][0]
    assert (a["status"], a["rating"], a["quote_amount"], a["fee_collected"], a["materials"],
            a["materials_total"], a["visits"], a["last_visit_result"], a["urgent"],
            a["home"]) == ("closed", 5, "120.00", "120.00", 2, "65.00", 1, "satisfied",
                           False, True)
    assert assert_times(data) >= 10
    assert story.cli.json("register", "repairs", "--date", "2026-11-23")["rows"] == []


def test_register_repairs_by_month_json(story: Story) -> None:
    data = story.cli.json("register", "repairs", "--month", "2026-11")
    assert set(data) == REGISTER
    assert data["period"] == "2026-11"
    assert len(data["rows"]) == 3
    assert story.cli.json("register", "repairs", "--month", "2026-12")["rows"] == []


def test_register_repairs_defaults_to_today_json(story: Story) -> None:
    data = story.cli.json("register", "repairs", now="2026-11-22 23:59")
    assert data["period"] == "2026-11-22"
    assert len(data["rows"]) == 3


def test_register_daily_repairs_json(story: Story) -> None:
    data = story.cli.json("register", "daily-repairs", "--date", "2026-11-22")
    assert set(data) == DAILY
    assert (data["date"], data["office"]) == ("2026-11-22", "main")
    for area in ("in_home", "public"):
        assert set(data[area]) == DAILY_SECTION
        assert set(data[area]["totals"]) == {"received", "completed", "open", "deferred"}
        for name in ("received", "completed", "open", "deferred"):
            assert all(set(r) >= REGISTER_ROW for r in data[area][name])
            assert data[area]["totals"][name] == len(data[area][name])
    assert data["in_home"]["totals"] == {"received": 2, "completed": 1, "open": 1,
                                         "deferred": 0}
    assert data["public"]["totals"] == {"received": 1, "completed": 0, "open": 1,
                                        "deferred": 0}
    done = data["in_home"]["completed"][0]
    assert done["number"] == story.a
    assert done["completed_on"] == "2026-11-22T02:30:00+00:00"
    assert_times(data)


def test_register_visits_json(story: Story) -> None:
    data = story.cli.json("register", "visits", "--month", "2026-11")
    assert set(data) == VISITS
    assert (data["month"], data["office"]) == ("2026-11", "main")
    assert all(set(v) >= VISIT_ROW for v in data["visits"])
    assert all(set(d) == VISIT_DAY for d in data["days"])
    assert set(data["summary"]) == VISIT_SUMMARY
    visit = data["visits"][0]
    assert (visit["number"], visit["unit"], visit["method"], visit["result"], visit["visitor"],
            visit["note"], visit["within_window"], visit["visited_at"]) == (
        story.a, "3-2-1201", "phone", "satisfied", "desk", "很及时", True,
        "2026-11-23T02:00:00+00:00")
    assert data["days"] == [{"date": "2026-11-22", "completed": 1, "visited": 1, "rate": 1.0,
                             "floor": 0.5, "meets_floor": True}]
    assert data["summary"] == {"kind": "repair", "completed": 1, "visited": 1, "rate": 1.0,
                               "target": 0.6, "rule": "V2", "meets_target": True,
                               "daily_floor": 0.5, "daily_floor_rule": "R13"}
    assert_times(data)


def test_register_visits_of_an_empty_month_json(story: Story) -> None:
    data = story.cli.json("register", "visits", "--month", "2026-10")
    assert (data["visits"], data["days"]) == ([], [])
    assert data["summary"]["rate"] is None
    assert data["summary"]["meets_target"] is False


def test_profile_show_json(cli: Cli) -> None:
    data = cli.json("profile", "show")
    assert set(data) == PROFILE
    assert (data["profile"], data["office"]) == ("default", "main")
    assert all(set(e) == PROFILE_ENTRY for e in data["entries"])
    by_key = {e["key"]: e for e in data["entries"]}
    assert by_key["repair.work_order_minutes"] == {
        "key": "repair.work_order_minutes", "value": 5, "rule": "R3",
        "text": "work order issued after the call"}
    assert by_key["visits.repair_target"]["value"] == 0.6
    assert by_key["calendar.timezone"]["value"] == "Asia/Shanghai"
    assert not cli.db.exists(), "profile show needs no database"


def test_rebuild_json(story: Story) -> None:
    before = story.cli.json("register", "repairs", "--month", "2026-11")
    data = story.cli.json("rebuild")
    assert set(data) == REBUILD
    assert data["events"] == story.cli.events()
    assert isinstance(data["seconds"], float | int)
    assert data["events_per_second"] is None or isinstance(data["events_per_second"], int)
    assert {"tickets", "deadlines", "visits"} <= set(data["projections"])
    assert data["stale"] == []  # every read model applied every event
    assert story.cli.json("register", "repairs", "--month", "2026-11") == before


def test_human_output_is_not_json(story: Story) -> None:
    result = story.cli.ok("ticket", "show", story.a)
    assert story.a in result.out
    assert not result.out.lstrip().startswith("{")


def test_json_may_also_follow_the_command(story: Story) -> None:
    assert story.cli.json("ticket", "show", story.a) == story.cli.ok(
        "ticket", "show", story.a, "--json").json()
    assert story.cli.json("overdue") == story.cli.ok("overdue", "--json").json()
    view = story.cli.ok("repair", "chase", story.c, "--json", "--note", "快点").json()
    check_outcome(view, story.c)
    assert view["events"][0]["event"] == "Chased"


def test_every_other_write_prints_the_same_outcome_shape(cli: Cli) -> None:
    n = cli.open_repair(now="2026-11-22 09:00")
    steps = [
        ("2026-11-22 09:02", ("repair", "order", n, "--technician", "张师傅"), "ordered"),
        ("2026-11-22 09:20", ("repair", "arrive", n, "--technician", "李师傅"), "on_site"),
        ("2026-11-22 09:25", ("repair", "assess", n), "assessing"),
        ("2026-11-22 09:50", ("repair", "reassess-done", n), "on_site"),
        ("2026-11-22 09:55", ("repair", "escalate", n, "--to", "contractor", "--reason",
                              "保修期内"), "on_site"),
        ("2026-11-22 10:00", ("repair", "chase", n, "--note", "等配件"), "on_site"),
        ("2026-11-22 10:05", ("repair", "defer", n, "--measure", "关闭阀门", "--reason",
                              "等配件"), "deferred"),
        ("2026-11-22 16:00", ("repair", "complete", n, "--signed-by", "王女士", "--rating",
                              "4"), "completed"),
        ("2026-11-23 09:00", ("repair", "reopen", n, "--reason", "又漏了", "--appointment",
                              "2026-11-23 14:00"), "received"),
    ]
    for now, args, status in steps:
        view = cli.json(*args, now=now)
        check_outcome(view, n)
        assert view["status"] == status, args
    shown = cli.json("ticket", "show", n)
    assert shown["cycle"] == 2
    assert shown["technician"] is None
    assert shown["deferral"] == {"measure": "关闭阀门", "reason": "等配件",
                                 "at": "2026-11-22T02:05:00+00:00"}
    assert [set(e) for e in shown["escalations"]] == [ESCALATION]
    assert shown["escalations"][0]["to"] == "contractor"
    assert [(c["rule"], c["level"], c["to"], c["manual"]) for c in shown["chases"]] == [
        ("R11", 1, "maintenance", True)]
    assert set(shown["chases"][0]) == {"at", "rule", "level", "to", "manual", "by"}
    assert shown["reopens"] == [{"at": "2026-11-23T01:00:00+00:00", "rule": "R12",
                                 "reason": "又漏了"}]
    assert_times(shown)
