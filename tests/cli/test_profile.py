"""``--profile FILE``: a TOML override of the SOP numbers, per office under [offices.CODE]."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Cli

OVERRIDE = """
name = "north-estate"

[repair]
work_order_minutes = 10
chase_after_hours = 6

[visits]
repair_target = 0.7

[offices.east.repair]
work_order_minutes = 3

[offices.east.visits]
repair_target = 0.9
"""


def values(data: dict[str, Any]) -> dict[str, Any]:
    return {e["key"]: e["value"] for e in data["entries"]}


@pytest.fixture
def toml(tmp_path: Path) -> Path:
    path = tmp_path / "north.toml"
    path.write_text(OVERRIDE, encoding="utf-8")
    return path


def test_profile_show_reflects_a_toml_override(cli: Cli, toml: Path) -> None:
    data = cli.json("--profile", str(toml), "profile", "show")
    assert (data["profile"], data["office"]) == ("north-estate", "main")
    got = values(data)
    assert got["repair.work_order_minutes"] == 10
    assert got["repair.chase_after_hours"] == 6
    assert got["visits.repair_target"] == 0.7
    assert got["repair.urgent_arrival_minutes"] == 15, "untouched numbers keep their default"
    assert values(cli.json("profile", "show"))["repair.work_order_minutes"] == 5


def test_an_office_table_overrides_the_file_for_that_office_only(cli: Cli, toml: Path) -> None:
    east = cli.json("--profile", str(toml), "--office", "east", "profile", "show")
    assert east["office"] == "east"
    assert values(east)["repair.work_order_minutes"] == 3
    assert values(east)["visits.repair_target"] == 0.9
    assert values(east)["repair.chase_after_hours"] == 6, "file-wide value still applies"
    west = cli.json("--profile", str(toml), "--office", "west", "profile", "show")
    assert values(west)["repair.work_order_minutes"] == 10


def test_the_profile_comes_from_propsvc_profile_too(cli: Cli, toml: Path) -> None:
    cli.monkeypatch.setenv("PROPSVC_PROFILE", str(toml))
    cli.monkeypatch.setenv("PROPSVC_OFFICE", "east")
    assert values(cli.json("profile", "show"))["repair.work_order_minutes"] == 3


def test_the_name_defaults_to_the_file_stem(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "south.toml"
    path.write_text("[repair]\nwork_order_minutes = 8\n", encoding="utf-8")
    assert cli.json("--profile", str(path), "profile", "show")["profile"] == "south"


def test_an_overridden_number_sets_the_deadline_and_is_stored_with_it(cli: Cli,
                                                                      toml: Path) -> None:
    view = cli.json("--profile", str(toml), "--office", "east", "ticket", "open", "--kind",
                    "repair", "--unit", "3-2-1201", "--caller", "王", "--summary", "漏水")
    r3 = next(d for d in view["deadlines_opened"] if d["rule"] == "R3")
    assert (r3["limit_minutes"], r3["due_at"]) == (3, "2026-11-22T01:03:00+00:00")
    shown = cli.json("--office", "east", "ticket", "show", view["number"])
    r3_later = next(d for d in shown["deadlines"] if d["rule"] == "R3")
    assert r3_later["limit_minutes"] == 3, "a replay without the profile keeps the number"


@pytest.mark.parametrize(("text", "where"), [
    ("[repair]\nwork_order_minutes = 0\n", "repair.work_order_minutes: "),
    ("[repair]\nwork_order_minutes = \"soon\"\n", "repair.work_order_minutes: "),
    ("[visits]\nrepair_target = 1.5\n", "visits.repair_target: "),
    ("[repair]\nwork_order_minute = 5\n", "repair.work_order_minute: "),
    ("repair = 3\n", "repair: "),
    ("[offices.east.repair]\nwork_order_minutes = -1\n", "repair.work_order_minutes: "),
    ("[calendar]\ntimezone = \"Mars/Olympus\"\n", "calendar.timezone: "),
])
def test_a_bad_profile_value_is_one_line_exit_2(cli: Cli, tmp_path: Path, text: str,
                                                where: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    for args in (("profile", "show"), ("--json", "profile", "show"), ("overdue",),
                 ("ticket", "open", "--kind", "repair", "--unit", "3-2-1201", "--caller", "王",
                  "--summary", "漏水")):
        result = cli("--profile", str(path), "--office", "east", *args)
        assert result.code == 2, result.err
        assert result.out == ""
        assert result.error.startswith(f"error: profile file {str(path)!r}: {where}")
    assert cli.events() == 0


def test_a_profile_that_is_not_toml_is_one_line_exit_2(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[repair\nwork_order_minutes = 5\n", encoding="utf-8")
    result = cli("--profile", str(path), "profile", "show")
    assert result.code == 2
    assert result.error.startswith(f"error: profile file {str(path)!r} is not valid TOML: ")


def test_a_missing_profile_file_is_one_line_exit_2(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    result = cli("--profile", str(path), "profile", "show")
    assert (result.code, result.error) == (
        2, f"error: profile file {str(path)!r} not found: check --profile")
