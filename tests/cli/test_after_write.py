"""A write whose events are committed but whose read-model catch-up fails is not a failed
write: the CLI prints what was recorded (exit 0) and the warning on stderr."""

from __future__ import annotations

import pytest

from tests.cli.conftest import Cli
from tests.integration.test_office import _failing_once


def test_the_cli_prints_what_was_recorded_and_the_warning_and_exits_0(
        cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    first = cli.open_repair()
    _failing_once(monkeypatch)
    result = cli("--json", "repair", "order", first, "--technician", "王师傅")
    assert result.code == 0
    assert result.json()["number"] == first and result.json()["status"] == "ordered"
    assert result.err.splitlines() == [
        "warning: recorded; the registers will catch up: RuntimeError: database is locked "
        "(they do at the next read, or run 'propsvc rebuild')"]
    rows = cli.json("register", "repairs")["rows"]
    assert rows[0]["status"] == "ordered"
