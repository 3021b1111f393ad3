"""The desk services (Q1–Q5) in zh-CN, the default: every label of ``show``, every deadline
label and every refusal is Chinese — no English word where a label should be.

What may stay Latin: record numbers, rule IDs, event names (``已记录 DocumentsVerified``),
options and commands to type (``--check``, ``(release confirm)``), what the user typed
(quoted), and codes (a rate such as ``lock-change``, the office ``main``). Everything
else in ASCII letters is a leak.
"""

from __future__ import annotations

import re

import pytest

from tests.cli.conftest import Cli

D = "20261122"
RZ, YC, FX, SW = f"RZ-{D}-001", f"YC-{D}-001", f"FX-{D}-001", f"SW-{D}-001"
ALLOWED = {"lock", "change", "main"}  # a rate code (--rate), the office code
TYPED = re.compile(r"（[^）]*）|\([^)]*\)|'[^']*'|--[\w-]+|\b[A-Z][a-z]+(?:[A-Z][a-z]*)+\b"
                   r"|\b[A-Z]{2}-\d{8}-\d{3}\b|\b[A-Z]\d{1,2}\b")


def english(text: str) -> list[str]:
    """The English words left once what the user types or reads as a code is taken out."""
    rest = TYPED.sub(" ", text)
    return [w for w in re.findall(r"[A-Za-z]{2,}", rest) if w not in ALLOWED]


WRITES: list[tuple[str, ...]] = [
    ("movein", "start", "--unit", "3-2-1201", "--owner", "张先生", "--phone", "13800000000"),
    ("movein", "verify", RZ, "--doc", "id"),
    ("paid", "request", "--unit", "3-2-1201", "--service", "换锁"),
    ("paid", "decide", YC, "--rate", "lock-change"),
    ("release", "apply", "--unit", "3-2-1201", "--goods", "沙发", "--plate", "粤B12345",
     "--driver", "刘", "--driver-id-last4", "1234"),
    ("--role", "cashier", "fees", "arrears", "--unit", "3-2-1201", "--amount", "10"),
    ("--role", "security", "found", "record", "--item", "钱包", "--place", "大堂",
     "--finder", "王", "--valuable"),
    ("found", "claim", SW, "--claimant", "张", "--id-last4", "1234", "--description", "黑"),
    ("vacancy", "apply", "--unit", "5-1-0802", "--from", "2026-12-01", "--to", "2027-04-01"),
    ("vacancy", "inspect", "--unit", "5-1-0802", "--water", "3", "--power", "1"),
]
SHOWS: list[tuple[str, ...]] = [
    ("movein", "show", RZ), ("paid", "show", YC), ("release", "show", FX),
    ("found", "show", SW), ("vacancy", "show", "5-1-0802"), ("overdue",)]
REFUSALS: list[tuple[str, ...]] = [
    ("movein", "sign", RZ, "--agreement", "owner-rules"),
    ("movein", "complete", RZ),
    ("movein", "keys", RZ, "--count", "2"),
    ("movein", "visit", RZ, "--method", "phone", "--result", "satisfied"),
    ("paid", "dispatch", YC, "--to", "王"),
    ("paid", "complete", YC),
    ("paid", "collect", YC, "--amount", "5", "--cashier", "刘"),
    ("release", "confirm", FX),
    ("--role", "security", "release", "out", FX),
    ("found", "to-admin", SW, "--received-by", "李"),
    ("found", "claim", SW, "--claimant", "张", "--id-last4", "1234", "--description", "黑"),
    ("vacancy", "end", "--unit", "5-1-0802"),
    ("vacancy", "inspect", "--unit", "5-1-0802", "--water", "x", "--power", "1"),
    ("vacancy", "show", "9-9-9999"),
    ("paid", "show", "YC-1"),
    ("release", "sign", FX, "--signed-by", " "),
]


def test_the_desk_services_speak_chinese(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROPSVC_LANG")  # zh-CN, the default
    for args in WRITES:
        result = cli(*args)
        assert result.code == 0, (args, result.err)
        assert not english(result.out), (args, english(result.out), result.out)
    cli.ok("tick", now="2026-12-05 09:00")  # the found item's notice is missed by then
    for args in SHOWS:
        out = cli.ok(*args).out
        assert not english(out), (args, english(out), out)
    assert "月度巡查" in cli.ok("vacancy", "show", "5-1-0802").out
    for args in REFUSALS:
        result = cli(*args)
        assert result.code in (1, 2), (args, result.out)
        assert result.error.startswith("错误："), result.err
        assert not english(result.error), (args, english(result.error), result.error)


def test_the_leak_finder_finds_english() -> None:
    assert english("V1 return visit to 张先生，期限 2026-11-06") == ["return", "visit", "to"]
    assert english("Q2: FX-20261122-001：前台尚未确认（release confirm）") == []
