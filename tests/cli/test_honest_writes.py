"""A write whose events were committed never reports failure: when the catch-up after
it cannot finish, the command says what was recorded, warns, and exits 0; the next
command catches up. A stale read model is a warning on every command, not a failure."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from propsvc.projections import ready
from propsvc.projections.catchup import Runner
from tests.cli.conftest import Cli


def _open(cli: Cli, caller: str) -> Any:
    return cli("--json", "ticket", "open", "--kind", "repair", "--unit", "3-2-1201",
               "--caller", caller, "--summary", "漏水")


def test_a_write_whose_catch_up_fails_is_reported_as_recorded(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Runner, db: Any, upto: int | None = None, **kw: Any) -> tuple[int, int]:
        raise sqlite3.OperationalError("disk I/O error")

    with monkeypatch.context() as m:
        m.setattr(Runner, "step", broken)
        result = _open(cli, "王芳")
    assert result.code == 0, result.err
    assert result.json()["number"] == "BX-20261122-001"
    assert result.err.startswith("warning: read models not brought up to date")
    assert "disk I/O error" in result.err and "the next command catches up" in result.err

    listed = cli("--json", "register", "repairs", "--date", "2026-11-22")  # catches up
    assert listed.code == 0 and listed.err == ""
    assert [r["number"] for r in listed.json()["rows"]] == ["BX-20261122-001"]


def test_a_read_whose_catch_up_fails_is_the_database_error(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _open(cli, "王芳").code == 0

    def broken(self: Runner, db: Any, upto: int | None = None, **kw: Any) -> tuple[int, int]:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Runner, "step", broken)
    monkeypatch.setattr(Runner, "_behind", lambda self, db: (1, []))
    monkeypatch.setattr(ready, "up_to_date", lambda db, events="": None)  # work to do
    result = cli("--json", "register", "repairs", "--date", "2026-11-22")
    assert result.code == 1
    assert result.error == ("error: cannot use the database (disk I/O error): check --db "
                            "and that the server is up")
