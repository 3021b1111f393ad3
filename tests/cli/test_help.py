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
    """Every command of the tree, loading the lazy groups' commands as a run would."""
    yield path, command
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None, f"{' '.join((*path, name))} does not load"
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
    env["PROPSVC_LANG"] = "en"
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


def test_a_lazy_group_lists_each_command_with_the_command_s_own_help() -> None:
    """The help texts the lazy groups list without loading a module are the commands'."""
    from propsvc.commands.lazy import LazyGroup

    for path, command in COMMANDS:
        if isinstance(command, LazyGroup):
            for name, (_, listed) in command.lazy.items():
                sub = command.get_command(click.Context(command), name)
                assert sub is not None and " ".join(listed.split()) == " ".join(
                    (sub.help or "").split()), f"{' '.join((*path, name))}: {listed!r}"


LOADED = """
import json, sys
from propsvc.cli import run
code = run(sys.argv[1:])
print(json.dumps({"code": code, "loaded": sorted(m for m in sys.modules
                                                 if m.startswith("propsvc."))}))
"""


@pytest.mark.parametrize(("args", "family"), [
    (["--help"], None), (["register", "--help"], None), (["repair", "--help"], "repair"),
    (["register", "export", "--help"], "exports")])
def test_a_family_s_commands_are_imported_only_when_one_of_them_runs(
        tmp_path: Path, args: list[str], family: str | None) -> None:
    done = subprocess.run([sys.executable, "-c", LOADED, *args], cwd=tmp_path,
                          env=_clean_env(tmp_path), capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    families = {m.split(".")[2] for m in report["loaded"] if m.startswith("propsvc.commands.")}
    assert families - {"context", "lazy", "register"} == ({family} if family else set())
    assert not any(m.startswith(("propsvc.office", "propsvc.queries", "propsvc.desks"))
                   for m in report["loaded"]), report["loaded"]
