"""A realistic day at the desk, every command in zh-CN (the default): no raw code word
of the vocabulary, no Python repr and no English row count reaches the human output."""

from __future__ import annotations

import re

import pytest

from tests.cli.conftest import Cli

RAW_CODES = ["lent", "in_custody", "on_duty", "handed_over", "satisfied", "case-study",
             "2026-11-22/day", "received", "dispatched", "completed"]
REPRS = ["{'", "None", "True", "False", "('"]


def _day(cli: Cli) -> list[tuple[str, ...]]:
    n = cli.open_repair()
    ts = "TS-20261122-001"
    return [
        ("ticket", "show", n),
        ("repair", "order", n, "--technician", "王师傅"),
        ("repair", "arrive", n),
        ("repair", "complete", n, "--signed-by", "王女士", "--rating", "5"),
        ("visit", "record", n, "--method", "phone", "--result", "satisfied"),
        ("ticket", "show", n),
        ("ticket", "open", "--kind", "complaint", "--channel", "phone", "--unit", "3-2-1201",
         "--caller", "张先生", "--summary", "卫生间楼板渗水"),
        ("complaint", "classify", ts, "--class", "1"),
        ("ticket", "show", ts),
        ("handover", "take-over"),
        ("handover", "show"),
        ("tick",),
        ("overdue",),
        ("register", "repairs", "--month", "2026-11"),
        ("register", "complaints", "--month", "2026-11"),
        ("ticket", "find", "漏水"),
    ]


def _words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z0-9_/\-]+", text))


def test_a_day_in_zh_cn_shows_no_codes_and_no_reprs(
        cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROPSVC_LANG")  # zh-CN, the default
    for args in _day(cli):
        result = cli(*args, now="2026-11-22 10:00")
        assert result.code == 0, (args, result.err)
        out = result.out + result.err
        words = _words(out)
        leaked = [c for c in RAW_CODES if c in words]
        assert not leaked, (args, leaked, out)
        assert not [r for r in REPRS if r in out], (args, out)
        assert not re.search(r"\b1 rows\b|\brows\b", out), (args, out)
