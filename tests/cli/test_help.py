"""Every command documents itself, and asking for help is cheap: no database, no SQLAlchemy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from propsvc.cli import cli as root
from tests.cli.conftest import Cli

HEAVY = ("sqlalchemy", "eventsourcing", "eventsourcing_sqlalchemy")


def walk(command: click.Command, path: tuple[str, ...] = ()) -> Iterator[
        tuple[tuple[str, ...], click.Command]]:
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from walk(sub, (*path, name))


COMMANDS = list(walk(root))
IDS = [" ".join(path) or "propsvc" for path, _ in COMMANDS]


def test_the_tree_holds_every_documented_command() -> None:
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {
        "ticket open", "ticket show", "ticket history",
        "repair order", "repair arrive", "repair assess", "repair reassess-done",
        "repair quote", "repair accept-fee", "repair start", "repair materials",
        "repair escalate", "repair defer", "repair complete", "repair collect-fee",
        "repair chase", "repair reopen", "visit record",
        "register repairs", "register daily-repairs", "register visits",
        "tick", "overdue", "rebuild", "profile show",
    } <= names


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_every_command_and_group_has_help_text(
        path: tuple[str, ...], command: click.Command, cli: Cli) -> None:
    assert (command.help or "").strip(), f"{' '.join(path)} has no help text"
    result = cli(*path, "--help")
    assert result.code == 0
    assert result.err == ""
    assert result.out.startswith(f"Usage: {' '.join(('propsvc', *path))} ")
    first_line = command.help.strip().splitlines()[0]  # type: ignore[union-attr]
    assert " ".join(first_line.split()[:3]) in " ".join(result.out.split())
    assert not cli.db.exists(), "--help must not open a database"


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_every_parameter_of_every_command_is_explained(
        path: tuple[str, ...], command: click.Command) -> None:
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            explained = bool(param.help) or isinstance(param.type, click.Choice)
            assert explained, f"{' '.join(path)} {param.opts[0]} has no help text"


def test_short_h_is_help_too(cli: Cli) -> None:
    assert cli("-h").out == cli("--help").out


def test_no_command_prints_the_help_and_one_error_line(cli: Cli) -> None:
    result = cli()
    assert result.code == 2
    assert result.out.startswith("Usage: propsvc ")
    assert result.error == "error: missing command (see 'propsvc --help')"
    group = cli("repair")
    assert group.code == 2
    assert group.out.startswith("Usage: propsvc repair ")
    assert group.error == "error: missing command (see 'propsvc repair --help')"
    assert not cli.db.exists()


def test_version_prints_one_line(cli: Cli) -> None:
    result = cli("--version")
    assert result.code == 0
    assert result.out.startswith("propsvc, version ")


PROBE = """
import json, sys
from propsvc.cli import run
codes = [run(args) for args in json.loads(sys.argv[1])]
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {heavy!r})
print(json.dumps({{"codes": codes, "heavy": heavy}}))
"""


def _clean_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROPSVC_")}
    env["PROPSVC_NOW"] = "2026-11-22 09:00"
    return env


def test_help_imports_no_sqlalchemy_and_creates_no_database(tmp_path: Path) -> None:
    asks = [["--help"], ["-h"], ["ticket", "--help"], ["repair", "order", "--help"],
            ["register", "repairs", "--help"], ["--json", "tick", "--help"], ["--version"]]
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=set(HEAVY)), json.dumps(asks)],
        cwd=tmp_path, env=_clean_env(tmp_path), capture_output=True, text=True, timeout=120,
        check=False)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["codes"] == [0] * len(asks)
    assert report["heavy"] == []
    assert list(tmp_path.iterdir()) == [], "--help created a file (propsvc.db?)"


def test_python_dash_m_propsvc_help_exits_zero_without_a_database(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "propsvc", "--help"], cwd=tmp_path,
                          env=_clean_env(tmp_path), capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Usage: propsvc ")
    assert done.stderr == ""
    assert not (tmp_path / "propsvc.db").exists()


def test_python_dash_m_propsvc_exits_with_the_code_of_run(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "propsvc", "ticket", "show", "BX-20261122-001"],
                          cwd=tmp_path, env=_clean_env(tmp_path), capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        f"error: no database at {tmp_path.resolve() / 'propsvc.db'}: pass --db, set "
        "PROPSVC_DB, or record something first (propsvc demo creates one)"]
    assert "Traceback" not in done.stderr


def test_every_command_is_in_the_user_guide() -> None:
    guide = (Path(__file__).parents[2] / "docs" / "cli.md").read_text(encoding="utf-8")
    for path, command in COMMANDS:
        if path and not isinstance(command, click.Group):
            name = " ".join(path)
            assert f"### {name}\n" in guide or f"`{name} " in guide, f"{name} not in docs/cli.md"
