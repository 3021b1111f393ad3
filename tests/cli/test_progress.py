"""Progress bars: drawn on stderr, only when it is a terminal, for demo, register export,
archive, events import (and rebuild); never in a pipe, and rich is not even imported
then."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Cli


def test_a_pipe_gets_no_bar_and_no_rich(cli: Cli, tmp_path: Path) -> None:
    cli.open_repair()
    script = (
        "import sys\n"
        "from propsvc.cli import run\n"
        f"code = run(['register', 'export', 'repairs', '--format', 'xlsx', '--out', "
        f"{str(tmp_path / 'r.xlsx')!r}])\n"
        "assert code == 0, code\n"
        "assert 'rich.progress' not in sys.modules, 'rich imported without a terminal'\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert (tmp_path / "r.xlsx").exists()


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """stderr taken for a terminal; every move of a bar is noted."""
    from rich.progress import Progress

    from propsvc.commands import progress

    moves: list[tuple[Any, ...]] = []
    real = Progress.update

    def update(self: Progress, task: Any, **kw: Any) -> None:
        moves.append((self.console.stderr, kw.get("completed"), kw.get("total")))
        real(self, task, **kw)

    monkeypatch.setattr(progress, "drawn", lambda: True)
    monkeypatch.setattr(Progress, "update", update)
    return moves


def test_on_a_terminal_export_archive_and_import_draw_on_stderr(
        cli: Cli, tmp_path: Path, terminal: list[tuple[Any, ...]]) -> None:
    cli.open_repair()
    done = cli("--json", "register", "export", "daily-repairs", "--format", "xlsx", "--out",
               str(tmp_path / "d.xlsx"), "--month", "2026-11")
    assert done.code == 0 and json.loads(done.out)["sheets"] == 30  # stdout stays JSON
    assert terminal and all(on_stderr for on_stderr, _, _ in terminal)
    assert terminal[-1][1:] == (30, 30)  # a step a sheet, to the end
    terminal.clear()
    assert cli("archive", "--month", "2026-11", "--out", str(tmp_path / "a")).code == 0
    assert terminal[-1][1] == terminal[-1][2] == 23  # a step a form
    terminal.clear()
    cli.ok("events", "export", "--out", str(tmp_path / "e.jsonl"))
    cli.monkeypatch.setenv("PROPSVC_DB", str(tmp_path / "copy.db"))
    imported = cli("--json", "--role", "manager", "events", "import", str(tmp_path / "e.jsonl"))
    assert imported.code == 0 and json.loads(imported.out)["events"] > 0
    assert terminal and all(on_stderr for on_stderr, _, _ in terminal)
