"""The auditor's commands through the real entry point: verify (head, expect, a broken
link named, exit codes), backup and events export/import (--out refuses an existing file,
a PostgreSQL backup says what to use), offices (registered, unknown refused with the
list), and bad input that must write nothing at all."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli.conftest import Cli

INTAKE = ("ticket", "open", "--kind", "repair", "--unit", "3-2-1201", "--caller", "张先生",
          "--phone", "13800000000", "--summary", "厨房水管漏水")


@pytest.fixture
def written(cli: Cli) -> str:
    number = str(cli.json(*INTAKE)["number"])
    cli.ok("repair", "order", number, "--technician", "王师傅", now="2026-11-22 09:04")
    return number


def test_verify_prints_the_count_and_head_and_head_alone(cli: Cli, written: str) -> None:
    report = cli.json("verify")
    assert report["ok"] and report["broken"] is None and report["events"] >= 8
    assert report["office"] == "main" and report["office_events"] == report["events"]
    assert len(report["head"]) == 64 and report["head_position"] == report["events"]
    assert cli.ok("verify", "--head").out == report["head"] + "\n"
    text = cli.ok("verify").out
    assert text.startswith(f"chain intact: {report['events']} events") and report["head"] in text


def test_a_hand_edited_event_is_named_and_verify_exits_1(cli: Cli, written: str) -> None:
    with sqlite3.connect(cli.db) as conn:
        conn.execute("UPDATE propsvc_events SET state = replace(state, '王师傅', '李师傅') "
                     "WHERE topic = 'repair.WorkOrderIssued'")
        position = conn.execute("SELECT id FROM propsvc_events WHERE topic = "
                                "'repair.WorkOrderIssued'").fetchone()[0]
    result = cli("verify")
    assert result.code == 1
    assert result.error.startswith(f"error: chain broken at event #{position} "
                                   "(repair.WorkOrderIssued v")
    assert "does not match its link" in result.error
    shown = cli("--json", "verify")
    assert shown.code == 1 and shown.json()["broken"]["position"] == position
    assert cli("verify", "--head").code == 1


def test_expect_proves_an_earlier_head_is_still_in_the_chain(cli: Cli, written: str) -> None:
    noted = cli.ok("verify", "--head").out.strip()
    cli.ok("repair", "arrive", written, now="2026-11-22 09:30")
    later = cli.json("verify", "--expect", noted[:16])
    assert later["expected"]["found_at"] is not None and later["ok"]
    missing = cli("--json", "verify", "--expect", "ab" * 32)
    assert missing.code == 1 and missing.json()["expected"]["found_at"] is None
    assert cli("verify", "--expect", "xyz").code == 2


def test_backup_and_export_refuse_an_existing_file_unless_forced(cli: Cli, written: str,
                                                                 tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    made = cli.json("backup", "--out", str(copy))
    assert made["events"] == cli.json("verify")["events"] and copy.exists()
    again = cli("backup", "--out", str(copy))
    assert (again.code, "already exists" in again.error) == (2, True)
    cli.ok("backup", "--out", str(copy), "--force")
    assert cli.json("--db", str(copy), "verify")["head"] == cli.json("verify")["head"]
    export = tmp_path / "e.jsonl"
    cli.ok("events", "export", "--out", str(export))
    assert cli("events", "export", "--out", str(export)).code == 2
    cli.ok("events", "export", "--out", str(export), "--force")
    assert cli("backup", "--out", str(tmp_path)).code == 2  # a folder


def test_import_into_a_new_file_round_trips_and_a_refused_one_leaves_no_file(
        cli: Cli, written: str, tmp_path: Path) -> None:
    export = tmp_path / "e.jsonl"
    exported = cli.json("events", "export", "--out", str(export))
    new = tmp_path / "new.db"
    imported = cli.json("--db", str(new), "--role", "manager", "events", "import", str(export))
    assert imported["head"] == exported["head"] == cli.json("--db", str(new), "verify")["head"]
    assert cli.json("--db", str(new), "ticket", "show", written)["number"] == written
    assert cli("--db", str(new), "--role", "manager", "events", "import",
               str(export)).code == 2, "into an empty store only"
    broken = tmp_path / "broken.jsonl"
    broken.write_text(export.read_text(encoding="utf-8").replace("王师傅", "李师傅"),
                      encoding="utf-8")
    other = tmp_path / "other.db"
    refused = cli("--db", str(other), "--role", "manager", "events", "import", str(broken))
    assert refused.code == 2 and "does not match its link" in refused.error
    assert not other.exists()
    assert cli("--db", str(other), "events", "import", str(export)).code == 1  # desk role


def test_backup_of_a_postgresql_store_says_what_to_use(cli: Cli, pg_url: str,
                                                       tmp_path: Path) -> None:
    cli.ok("--db", pg_url, *INTAKE)
    result = cli("--db", pg_url, "backup", "--out", str(tmp_path / "x.db"))
    assert result.code == 2 and "pg_dump" in result.error and "events export" in result.error
    assert not (tmp_path / "x.db").exists()
    assert cli.json("--db", pg_url, "verify")["ok"]


def test_offices_are_registered_and_an_unknown_one_is_refused_with_the_list(
        cli: Cli, written: str) -> None:
    assert [o["code"] for o in cli.json("office", "list")["offices"]] == ["main"]
    refused = cli("--office", "mian", "ticket", "show", written)
    assert refused.code == 2
    assert refused.error == ("error: unknown office 'mian' (known: main): check --office, or "
                             "register it with propsvc office add mian --name NAME")
    assert cli("--office", "mian", *INTAKE).code == 2
    assert cli("office", "add", "north", "--name", "北区").code == 1  # desk may not
    added = cli.json("--role", "manager", "office", "add", "north", "--name", "北区管理处")
    assert (added["code"], added["name"], added["auto"]) == ("north", "北区管理处", False)
    assert cli("--role", "manager", "office", "add", "north", "--name", "x").code == 1
    assert cli("--role", "manager", "office", "add", "North!", "--name", "x").code == 2
    assert cli("--role", "manager", "office", "add", "west", "--name", "x",
               "--timezone", "Mars/Base").code == 2
    assert cli.json("--office", "north", *INTAKE)["number"] == "BX-20261122-001"


@pytest.mark.parametrize("args", [
    ("--at", "0001-01-01", *INTAKE),
    ("--at", "1970-01-01", *INTAKE),
    ("--at", "1999-12-31 23:59", *INTAKE),
    ("--db", "sqlite://", *INTAKE),
    ("--db", "x" * 300 + ".db", *INTAKE),
    ("ticket", "open", "--kind", "repair", "--unit", "3-2-1201", "--caller", "张" * 65,
     "--summary", "漏水"),
    ("ticket", "open", "--kind", "repair", "--unit", "3-2-1201", "--caller", "张",
     "--summary", "漏" * 2001),
])
def test_bad_input_is_one_line_exit_2_and_creates_no_database(cli: Cli, args: tuple[str, ...],
                                                              tmp_path: Path) -> None:
    result = cli(*args)
    assert result.code == 2, result.err
    assert result.error.startswith("error: ") and "unexpected" not in result.error
    assert not cli.db.exists()
    assert list(tmp_path.glob("*.db")) == []


def test_a_broken_profile_of_any_kind_is_bad_input(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "binary.toml").write_bytes(b"\xff\xfe\x00")
    (tmp_path / "folder").mkdir()
    (tmp_path / "broken.toml").write_text("a = [", encoding="utf-8")
    (tmp_path / "late.toml").write_text('[calendar]\ngo_live = 2026-12-01\n', encoding="utf-8")
    for path in ("binary.toml", "folder", "broken.toml", "missing.toml"):
        result = cli("--profile", str(tmp_path / path), *INTAKE)
        assert result.code == 2 and "profile" in result.error, result.err
    late = cli("--profile", str(tmp_path / "late.toml"), *INTAKE)
    assert late.code == 2 and "go-live date 2026-12-01" in late.error
    assert not cli.db.exists()


def test_the_go_live_date_refuses_earlier_business_times_only(cli: Cli) -> None:
    assert cli.json("--at", "2000-01-01 00:00", *INTAKE)["number"] == "BX-20000101-001"
    result = cli("--at", "1970-01-01", *INTAKE)
    assert result.error == ("error: time '1970-01-01' is before the office's go-live date "
                            "2000-01-01 (profile calendar.go_live): check the date")
    far = cli("--at", "9999-12-31 23:59", "handover", "show")  # the fuzz: a shift overflowed
    assert (far.code, far.error) == (2, "error: time '9999-12-31 23:59' is out of range: use "
                                        "a year from 1900 to 9000")


def test_the_first_command_of_a_new_store_may_register_another_office(cli: Cli) -> None:
    cli.json("--role", "manager", "office", "add", "north", "--name", "北区管理处")
    listed = {o["code"]: o["auto"] for o in cli.json("office", "list")["offices"]}
    assert listed == {"north": False, "main": True}
