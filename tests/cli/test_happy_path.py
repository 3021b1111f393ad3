"""A whole repair through the CLI, the clock moving forward between commands as at a desk."""

from __future__ import annotations

from tests.cli.conftest import Cli, assert_times


def test_a_repair_goes_from_call_to_return_visit_through_the_cli(cli: Cli) -> None:
    steps = [
        ("2026-11-22 09:00", ("ticket", "open", "--kind", "repair", "--unit", "3-2-1201",
                              "--caller", "王女士", "--phone", "138-0000-1234",
                              "--summary", "厨房水管漏水", "--part", "厨房水管",
                              "--home", "yes"), "received", "CallReceived"),
        ("2026-11-22 09:03", ("repair", "order", "{n}", "--technician", "张师傅"),
         "ordered", "WorkOrderIssued"),
        ("2026-11-22 09:40", ("repair", "arrive", "{n}"), "on_site", "TechnicianArrived"),
        ("2026-11-22 09:50", ("repair", "quote", "{n}", "--amount", "85.5", "--items",
                              "更换角阀一个"), "on_site", "FeeQuoted"),
        ("2026-11-22 09:52", ("repair", "accept-fee", "{n}"), "on_site", "FeeAccepted"),
        ("2026-11-22 09:53", ("repair", "start", "{n}"), "working", "WorkStarted"),
        ("2026-11-22 10:15", ("repair", "materials", "{n}", "--item",
                              "角阀，DN15，铜，1，45.5", "--item", "生料带,小,X,2,5"),
         "working", "MaterialsRecorded"),
        ("2026-11-22 10:30", ("repair", "complete", "{n}", "--signed-by", "王女士",
                              "--rating", "5"), "completed", "RepairCompleted"),
        ("2026-11-22 10:32", ("repair", "collect-fee", "{n}", "--amount", "85.50"),
         "completed", "FeeCollected"),
        ("2026-11-24 15:00", ("visit", "record", "{n}", "--method", "in-person", "--result",
                              "satisfied", "--note", "水管不漏了", "--resident-signed-by",
                              "王女士"), "closed", "ReturnVisitRecorded"),
    ]
    number = ""
    versions: list[int] = []
    for now, args, status, event in steps:
        view = cli.json(*(a.format(n=number) for a in args), now=now)
        number = number or view["number"]
        assert view["number"] == number == "BX-20261122-001"
        assert view["status"] == status, f"after {args[:2]}"
        assert view["events"][0]["event"] == event
        assert view["events"][0]["occurred_at"] == view["events"][0]["recorded_at"]
        assert not any(e["event"] == "DeadlineMet" and e["data"]["late_minutes"]
                       for e in view["events"]), "nothing was late"
        assert_times(view)
        versions.append(view["version"])
    assert versions == sorted(versions)

    cli.now("2026-11-25 09:00")
    show = cli.json("ticket", "show", number)
    assert show["status"] == "closed"
    assert show["technician"] == "张师傅"
    assert show["intake"]["phone"] == "138-0000-1234"
    assert show["fee"] == {"amount": "85.50", "items": "更换角阀一个",
                           "accepted_at": "2026-11-22T01:52:00+00:00", "collected": "85.50"}
    assert [(m["name"], m["quantity"], m["unit_price"]) for m in show["materials"]] == [
        ("角阀", "1", "45.50"), ("生料带", "2", "5.00")]
    assert show["completion"] == {"signed_by": "王女士", "rating": 5, "minutes_on_site": 50}
    assert [(d["rule"], d["state"], d["missed"]) for d in show["deadlines"]] == [
        ("R3", "met", False), ("R4", "met", False), ("R11", "met", False),
        ("R11", "met", False)]
    assert show["visits"] == [{"at": "2026-11-24T07:00:00+00:00", "method": "in-person",
                               "result": "satisfied", "note": "水管不漏了", "visitor": "desk",
                               "within_window": True, "resident_signed_by": "王女士"}]
    assert show["version"] == versions[-1]

    history = cli.json("ticket", "history", number)
    assert [r["event"] for r in history if r["actor"] != "propsvc"] == [
        step[3] for step in steps]
    assert len(history) == show["version"]

    assert cli.json("overdue") == []
    assert cli.json("tick")["missed"] == []

    register = cli.json("register", "repairs", "--date", "2026-11-22")["rows"]
    assert [(r["number"], r["status"], r["rating"], r["missed"], r["materials_total"])
            for r in register] == [(number, "closed", 5, 0, "55.50")]
    daily = cli.json("register", "daily-repairs", "--date", "2026-11-22")
    assert daily["in_home"]["totals"] == {"received": 1, "completed": 1, "open": 0,
                                          "deferred": 0}
    visits = cli.json("register", "visits", "--month", "2026-11")["summary"]
    assert (visits["completed"], visits["visited"], visits["meets_target"]) == (1, 1, True)

    refused = cli("visit", "record", number, "--method", "phone", "--result", "satisfied")
    assert (refused.code, refused.error) == (1, f"error: V3: {number} was already visited "
                                                "and closed")


def test_a_late_entry_with_at_is_told_apart_by_as_of_and_as_known_at(cli: Cli) -> None:
    number = cli.open_repair(now="2026-11-22 09:00")
    cli.ok("repair", "order", number, "--technician", "张师傅", now="2026-11-22 09:02")
    late = cli.json("--at", "09:30", "repair", "arrive", number, now="2026-11-22 10:00")
    event = late["events"][0]
    assert (event["occurred_at"], event["recorded_at"]) == (
        "2026-11-22T01:30:00+00:00", "2026-11-22T02:00:00+00:00")
    happened = cli.json("ticket", "show", number, "--as-of", "2026-11-22 09:45")
    known = cli.json("ticket", "show", number, "--as-known-at", "2026-11-22 09:45")
    assert (happened["status"], known["status"]) == ("on_site", "ordered")
    assert known["arrived_at"] is None
    r4 = next(d for d in happened["deadlines"] if d["rule"] == "R4")
    assert (r4["state"], r4["met_at"]) == ("met", "2026-11-22T01:30:00+00:00")


def test_a_late_work_order_is_reported_met_late(cli: Cli) -> None:
    number = cli.open_repair(now="2026-11-22 09:00")
    view = cli.json("repair", "order", number, "--technician", "张师傅", now="2026-11-22 09:12")
    met = next(e for e in view["events"] if e["event"] == "DeadlineMet")
    assert (met["data"]["rule"], met["data"]["late_minutes"]) == ("R3", 7)
    human = cli.ok("repair", "arrive", number, now="2026-11-22 09:20")
    assert f"{number} " in human.out
    shown = cli.json("ticket", "show", number)
    r3 = next(d for d in shown["deadlines"] if d["rule"] == "R3")
    assert (r3["state"], r3["missed"], r3["late_minutes"]) == ("met", True, 7)


def test_office_actor_and_role_come_from_options_or_environment(cli: Cli) -> None:
    cli.monkeypatch.setenv("PROPSVC_OFFICE", "east")
    cli.monkeypatch.setenv("PROPSVC_ACTOR", "小刘")
    view = cli.json("--role", "supervisor", "ticket", "open", "--kind", "repair", "--unit",
                    "1-1-101", "--caller", "李", "--summary", "门锁坏")
    assert view["office"] == "east"
    assert (view["events"][0]["actor"], view["events"][0]["role"]) == ("小刘", "supervisor")
    cli.ok("--office", "east", "--role", "manager", "office", "add", "main", "--name", "总部")
    assert cli.json("--office", "main", "register", "repairs", "--date", "2026-11-22")[
        "rows"] == []
    assert len(cli.json("register", "repairs", "--date", "2026-11-22")["rows"]) == 1


def test_the_human_output_of_a_write_names_the_number_and_deadlines(cli: Cli) -> None:
    result = cli.ok("ticket", "open", "--kind", "repair", "--unit", "3-2-1201", "--caller", "王",
                    "--summary", "漏水")
    assert result.out.startswith("BX-20261122-001 received — recorded CallReceived")
    assert "deadline R3: work order issued by 2026-11-22 09:05" in result.out


def test_an_unsatisfied_visit_reopens_the_ticket_with_a_v3_fix_deadline(cli: Cli) -> None:
    n = cli.open_repair(now="2026-11-22 09:00")
    cli.ok("repair", "order", n, "--technician", "张师傅", now="2026-11-22 09:02")
    cli.ok("repair", "arrive", n, now="2026-11-22 09:30")
    cli.ok("repair", "complete", n, "--signed-by", "王女士", "--rating", "3",
           now="2026-11-22 10:00")
    view = cli.json("visit", "record", n, "--method", "phone", "--result", "unsatisfied",
                    "--note", "还在滴水", now="2026-11-23 10:00")
    assert view["status"] == "received"
    assert [e["event"] for e in view["events"][:2]] == ["ReturnVisitRecorded", "Reopened"]
    assert {d["rule"]: d["limit_minutes"] for d in view["deadlines_opened"]} == {
        "R3": 5, "R4": 120, "V3": 2880}
    assert all(d["key"].endswith("#2") for d in view["deadlines_opened"])
    assert "V3" in view["rules"]
