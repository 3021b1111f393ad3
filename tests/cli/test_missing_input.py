"""Input an SOP rule requires, left out, is bad input everywhere: exit 2, one line naming
the rule, nothing written (C1 --channel, C7 --note, H2 --referred-to, H3 --staff, I4
--playbook, …); and every refusal in the code that asks for an option is MissingInput."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.cli.conftest import Cli

ROOT = Path(__file__).resolve().parents[2] / "src" / "propsvc"


def _complaint(cli: Cli, cls: str) -> str:
    n = cli.json("ticket", "open", "--kind", "complaint", "--channel", "phone", "--unit",
                 "3-2-1201", "--caller", "张先生", "--summary", "物业服务态度差")["number"]
    cli.ok("complaint", "classify", n, "--class", cls)
    return str(n)


def _help(cli: Cli, kind: str = "medical") -> str:
    return str(cli.json("ticket", "open", "--kind", "help", "--help-kind", kind, "--unit",
                        "1-1-0101", "--caller", "李四", "--phone", "13800000002",
                        "--summary", "老人摔倒")["number"])


CASES = {
    "C1 --channel": (lambda cli: [], ["ticket", "open", "--kind", "complaint", "--unit",
                                      "3-2-1201", "--caller", "张", "--summary", "渗水"], "C1"),
    "C7 class 1 --note": (lambda cli: [_complaint(cli, "1")],
                          ["complaint", "resolve", "{0}"], "C7"),
    "C7 class 3 --note": (lambda cli: [_complaint(cli, "3")],
                          ["complaint", "resolve", "{0}"], "C7"),
    "H2 --referred-to": (lambda cli: [_help(cli, "other")],
                         ["help", "answer", "{0}", "--text", "无法处理", "--cannot-help"], "H2"),
    "H3 --staff": (lambda cli: [_help(cli)],
                   ["help", "medical", "{0}", "--action", "hospital", "--vehicle", "粤B1"],
                   "H3"),
    "I4 --playbook": (lambda cli: [str(cli.json("incident", "report", "--category", "theft",
                                                "--place", "地库")["number"])],
                      ["incident", "step", "{0}", "--step", "alarm"], "I4"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_missing_input_for_a_rule_is_exit_2_naming_it_and_writes_nothing(
        cli: Cli, case: str) -> None:
    setup, argv, rule = CASES[case]
    refs = setup(cli)
    before = cli.events()
    result = cli(*[a.format(*refs) for a in argv])
    assert result.code == 2, (case, result.err)
    assert result.error.startswith(f"error: {rule}"), result.error
    assert cli.events() == before


def test_every_refusal_asking_for_an_option_is_missing_input() -> None:
    """A RuleViolation whose message tells the user to give an option is missing input
    (MissingInput, exit 2), not a refusal (exit 1)."""
    wrong = []
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "RuleViolation"
                    and len(node.args) > 1):
                text = " ".join(c.value for c in ast.walk(node.args[1])
                                if isinstance(c, ast.Constant) and isinstance(c.value, str))
                if "give --" in text or "name at least" in text:
                    wrong.append(f"{path.name}:{node.lineno}: {text}")
    assert not wrong, wrong
