"""Respect the terminal: no forced width; at 80 columns no ticket number and no time is
split over two lines (tables too wide print one block per row), and no line is wider
than the terminal."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from tests.cli.conftest import Cli
from tests.cli.test_zh_day import _day

NUMBER_START = re.compile(r"\b[A-Z]{2}-\d")
NUMBER = re.compile(r"\b[A-Z]{2}-\d{8}-\d{3}\b")
TIME_START = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
TIME = re.compile(r"\b\d{4}-\d{2}-\d{2}( \d{2}:\d{2}|\b)")
SPLIT_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[ │]*\n[│ ]*\d{2}:\d{2}")


@pytest.mark.parametrize("columns", [80, 100, 200])
def test_no_number_or_time_wraps_at_the_terminal_s_width(
        cli: Cli, monkeypatch: pytest.MonkeyPatch, columns: int) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.delenv("PROPSVC_LANG")  # zh-CN: the widest text
    checked = 0
    for args in _day(cli):
        out = cli(*args, now="2026-11-22 10:00").out
        if args[0] == "verify":
            continue
        for line in out.splitlines():
            assert cell_len(line) <= columns, (args, line)
            assert len(NUMBER_START.findall(line)) == len(NUMBER.findall(line)), (args, line)
            checked += len(NUMBER.findall(line))
        assert not SPLIT_TIME.search(out), (args, out)
    assert checked > 30


def test_a_wide_register_keeps_its_table_on_a_wide_terminal(
        cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    cli.open_repair()
    monkeypatch.setenv("COLUMNS", "250")
    out = cli.ok("register", "repairs", "--month", "2026-11").out
    assert "┃ 单号" in out or "┃ Number" in out or "┃" in out
    monkeypatch.setenv("COLUMNS", "80")
    narrow = cli.ok("register", "repairs", "--month", "2026-11").out
    assert "┃" not in narrow and "BX-20261122-001\n" in narrow
