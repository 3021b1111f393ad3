"""CLI for complaints, help, inquiries, feedback and incidents: exit codes, one-line errors,
nothing written on bad input, JSON shapes, help text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text

from propsvc.cli import cli, run

OPEN = ["ticket", "open", "--kind", "complaint", "--channel", "phone", "--unit", "3-2-1201",
        "--caller", "张三", "--summary", "漏水"]


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    path = str(tmp_path / "p.db")
    monkeypatch.setenv("PROPSVC_DB", path)
    monkeypatch.setenv("PROPSVC_NOW", "2026-11-22 09:00")
    return path


def call(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = run(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def events(db: str) -> int:
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        tables = [r[0] for r in conn.execute(text(
            "select name from sqlite_master where type='table' and name like '%events'"))]
        return sum(conn.execute(select(func.count()).select_from(text(t))).scalar() or 0
                   for t in tables)


def test_complaint_flow_in_json(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(capsys, "--json", *OPEN, "--lodged-with", "group")
    assert code == 0
    data: dict[str, Any] = json.loads(out)
    assert data["number"] == "TS-20261122-001" and data["kind"] == "complaint"
    assert data["rules"] == ["C1", "C4", "C6"]
    assert data["deadlines_opened"][0]["due_at"] == "2026-11-22T02:00:00+00:00"
    number = data["number"]
    code, out, _ = call(capsys, "--json", "complaint", "classify", number, "--class", "1")
    assert json.loads(out)["deadlines_opened"][0]["limit_minutes"] == 240
    code, out, _ = call(capsys, "--json", "complaint", "dispatch", number, "--to", "保安部")
    assert json.loads(out)["events"][0]["data"]["slip"] == "LX-20261122-001-1"
    code, out, _ = call(capsys, "--json", "register", "complaints", "--month", "2026-11")
    rows = json.loads(out)["rows"]
    assert [(r["number"], r["slip"], r["lodged_with"]) for r in rows] == [
        (number, "LX-20261122-001-1", "group")]
    code, out, _ = call(capsys, "--json", "register", "complaint-summary", "--month", "2026-11")
    assert json.loads(out)["by_class"]["1"] == 1


@pytest.mark.parametrize(("argv", "code", "message"), [
    (["ticket", "open", "--kind", "complaint", "--unit", "3-2-1201", "--caller", "a",
      "--summary", "b"], 2, "error: C1: a complaint records its --channel"),
    ([*OPEN[:5], "visit", *OPEN[6:]], 2, "error: C1: a complaint's channel is one of"),
    ([*OPEN, "--urgent"], 2, "error: --urgent does not apply to --kind complaint"),
    (["ticket", "open", "--kind", "help", "--unit", "1-1-101", "--caller", "a",
      "--summary", "b"], 2, "error: H1: a help request needs --help-kind"),
    (["ticket", "open", "--kind", "inquiry", "--caller", "a", "--summary", "b",
      "--lodged-with", "group"], 2, "error: --lodged-with does not apply to --kind inquiry"),
    (["complaint", "classify", "TS-20261122-001", "--class", "5"], 2, "error: C2: --class"),
    (["complaint", "classify", "nonsense", "--class", "1"], 2, "is not a ticket number"),
    (["incident", "report", "--category", "fire", "--place", " "], 2, "error: I3: the place"),
    (["incident", "report", "--category", "fire", "--place", "x", "--phoned-at",
      "2026-11-22 08:00", "--happened-at", "2026-11-22 08:30"], 2, "error: I3: --phoned-at"),
    (["help", "route", "TS-20261122-001", "--to", "repair", "--category", "fire"], 2,
     "error: --category applies only to --to incident"),
])
def test_bad_input_is_one_line_exit_2_and_writes_nothing(
        db: str, capsys: pytest.CaptureFixture[str], argv: list[str], code: int,
        message: str) -> None:
    call(capsys, *OPEN)
    before = events(db)
    got, _, err = call(capsys, *argv)
    assert got == code
    assert err.count("\n") == 1 and err.startswith("error: ") and message in err, err
    assert events(db) == before


@pytest.mark.parametrize(("argv", "message"), [
    (["complaint", "dispatch", "TS-20261122-001", "--to", "工程部"], "error: C2: "),
    (["complaint", "resolve", "TS-20261122-001"], "error: C2: "),
    (["complaint", "confirm", "TS-20261122-001", "--signed-by", "张三"], "error: C10: "),
    (["complaint", "respond", "TS-20261122-001", "--text", "x"], "error: F2: "),
    (["help", "answer", "TS-20261122-001", "--text", "x"], "error: H2: "),
    (["inquiry", "answer", "TS-20261122-001", "--text", "x"], "error: H4: "),
    (["repair", "order", "TS-20261122-001", "--technician", "x"], "error: R3: "),
    (["complaint", "classify", "TS-20261122-009", "--class", "1"], "error: no ticket"),
    (["incident", "step", "TB-20261122-001", "--step", "x"], "error: no incident"),
])
def test_refusal_is_one_line_exit_1_and_writes_nothing(
        db: str, capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    call(capsys, *OPEN)
    before = events(db)
    code, _, err = call(capsys, *argv)
    assert code == 1
    assert err.count("\n") == 1 and err.startswith(message), err
    assert events(db) == before


def test_help_medical_route_and_register(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--json", "ticket", "open", "--kind", "help", "--unit", "1-1-101", "--caller",
            "李四", "--phone", "13800000003", "--summary", "老人摔倒"]
    code, out, err = call(capsys, *base, "--help-kind", "medical")
    assert code == 0, err
    number = json.loads(out)["number"]
    code, out, err = call(capsys, "--json", "help", "medical", number, "--action", "hospital",
                          "--staff", "甲", "--staff", "乙", "--vehicle", "粤B1", "--serious")
    assert code == 0, err
    assert {e["event"] for e in json.loads(out)["events"]} >= {"MedicalActionTaken",
                                                                "Escalated"}
    code, out, err = call(capsys, *base, "--help-kind", "security")
    other = json.loads(out)["number"]
    code, out, err = call(capsys, "--json", "help", "route", other, "--to", "incident")
    assert code == 0, err
    code, out, _ = call(capsys, "--json", "register", "help", "--year", "2026")
    assert [r["number"] for r in json.loads(out)["rows"]] == [number, other]
    code, out, _ = call(capsys, "--json", "register", "incidents", "--month", "2026-11")
    assert json.loads(out)["rows"][0]["linked_from"] == other
    code, out, _ = call(capsys, "--json", "visit", "plan", "--date", "2026-11-23")
    plan = {c["class"]: c for c in json.loads(out)["classes"]}
    assert [p["number"] for p in plan["help"]["proposals"]] == [number]


def test_incident_commands(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = call(capsys, "--json", "incident", "report", "--category", "fire",
                          "--place", "4栋", "--playbook", "fire")
    assert code == 0, err
    data = json.loads(out)
    assert data["number"] == "TB-20261122-001" and "I2" in data["rules"]
    assert data["deadlines_opened"][0]["rule"] == "I3"
    code, out, err = call(capsys, "--json", "incident", "step", data["number"], "--step",
                          "first-aid")
    assert code == 0 and "first-aid" not in json.loads(out)["pending_steps"]
    code, out, err = call(capsys, "--json", "incident", "written-report", data["number"],
                          "--course", "经过", "--outcome", "结果")
    assert code == 0 and json.loads(out)["status"] == "reported"


def test_every_new_command_has_help_text() -> None:
    import click

    root = click.Context(cli)
    for group in ("complaint", "help", "inquiry", "feedback", "incident"):
        command = cli.get_command(root, group)
        assert isinstance(command, click.Group) and command.help
        for name, sub in command.commands.items():
            assert sub.help, f"{group} {name} has no help"
    reg = cli.get_command(root, "register")
    assert isinstance(reg, click.Group)
    for name in ("complaints", "complaint-summary", "help", "inquiries", "incidents"):
        sub = reg.get_command(click.Context(reg), name)
        assert sub is not None and sub.help


def test_profile_lists_every_new_number_with_its_rule(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(capsys, "--json", "profile", "show")
    entries = {e["key"]: e["rule"] for e in json.loads(out)["entries"]}
    assert code == 0
    assert {entries["complaint.class1_hours"], entries["complaint.no_reply_days"],
            entries["complaint.visit_window_days"]} == {"C5", "C6", "C9"}
    assert entries["help.answer_minutes"] == "H2" and entries["help.nursing_staff"] == "H3"
    assert entries["feedback.major_customer_answer_hours"] == "F3"
    assert entries["incident.phoned_written_report_hours"] == "I3"


def test_a_profile_file_changes_the_complaint_deadline(
        db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile = tmp_path / "office.toml"
    profile.write_text("[complaint]\nclass1_hours = 2\n", encoding="utf-8")
    call(capsys, *OPEN)
    code, out, err = call(capsys, "--json", "--profile", str(profile), "complaint", "classify",
                          "TS-20261122-001", "--class", "1")
    assert code == 0, err
    assert json.loads(out)["deadlines_opened"][0]["limit_minutes"] == 120


def test_ticket_show_prints_office_times_and_no_none(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    call(capsys, *OPEN)
    call(capsys, "complaint", "classify", "TS-20261122-001", "--class", "1")
    code, _, err = call(capsys, "complaint", "agree", "TS-20261122-001", "--remedy", "重做",
                        "--by", "2026-11-22 12:00")
    assert code == 0, err
    code, out, err = call(capsys, "ticket", "show", "TS-20261122-001")
    assert code == 0, err
    assert "remedy agreed: 重做 by 2026-11-22 12:00" in out, out
    call(capsys, "ticket", "open", "--kind", "inquiry", "--caller", "冯", "--summary", "费用")
    code, out, err = call(capsys, "ticket", "show", "WX-20261122-001")
    assert code == 0, err
    assert out.splitlines()[0].split() == ["WX-20261122-001", "received", "—", "费用"], out
