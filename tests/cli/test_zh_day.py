"""A realistic day at the desk, every command in zh-CN (the default): no raw code word
of the vocabulary, no Python repr and no English row count reaches the human output."""

from __future__ import annotations

import re

import pytest

from tests.cli.conftest import Cli

DOCS = ("--doc", "certificate", "--doc", "contract", "--doc", "licence", "--doc",
        "worker-ids")
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
        ("ticket", "open", "--kind", "help", "--help-kind", "medical", "--unit", "1-1-0101",
         "--caller", "李四", "--phone", "13800000002", "--summary", "老人摔倒"),
        ("help", "medical", "QZ-20261122-001", "--action", "hospital", "--staff", "甲",
         "--staff", "乙", "--vehicle", "粤B1"),
        ("ticket", "show", "QZ-20261122-001"),
        ("ticket", "open", "--kind", "inquiry", "--written", "--caller", "王五",
         "--summary", "押金何时退还"),
        ("inquiry", "answer", "WX-20261122-001", "--text", "验收后七个工作日内退还"),
        ("incident", "report", "--category", "fire", "--place", "4栋12楼", "--playbook",
         "fire"),
        ("incident", "step", "TB-20261122-001", "--step", "alarm"),
        ("key", "deposit", "--unit", "3-2-1201", "--owner", "王芳", "--id-last4", "0427"),
        ("key", "lend", "3-2-1201", "--to", "王芳", "--id-last4", "0427", "--purpose",
         "维修", "--borrower-type", "owner"),
        ("key", "show", "3-2-1201"),
        ("key", "list"),
        ("reno", "apply", "--unit", "3-2-1201", "--contractor", "某装修公司", "--scope",
         "厨卫", "--from", "2026-12-01", "--to", "2026-12-31", *DOCS),
        ("reno", "show", "ZX-20261122-001"),
        ("handover", "triage", ts, "--as", "urgent"),
        ("handover", "note", "--text", "3栋电梯困人", "--major"),
        ("handover", "show"),
        ("register", "help", "--year", "2026"),
        ("register", "inquiries", "--month", "2026-11"),
        ("register", "incidents", "--month", "2026-11"),
        ("register", "visits", "--month", "2026-11"),
        ("register", "key-loans"),
        ("register", "renovations"),
        ("register", "daily", "--date", "2026-11-22"),
        ("register", "daily-repairs", "--date", "2026-11-22"),
        ("profile", "show"),
        ("verify",),
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
