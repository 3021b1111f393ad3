"""``propsvc rules``: the rule catalogue in the repository covers exactly the rule IDs
the code and the feature files cite; each rule shows its numbers and scenarios."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from propsvc.cli import run
from propsvc.queries.rules import RULES, scenarios

ROOT = Path(__file__).resolve().parents[2]
ID = r"[RVCHFIKNSPQ]\d{1,2}"


def _cited_in_code() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "src" / "propsvc").rglob("*.py"):
        if path.name == "rules.py":
            continue
        found |= set(re.findall(rf"[\"']({ID})(?=[:\"'. ])", path.read_text(encoding="utf-8")))
    return found


def _cited_in_features() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "features").glob("*.feature"):
        found |= set(re.findall(rf"@({ID})\b", path.read_text(encoding="utf-8")))
    return found


def test_every_rule_cited_is_listed_and_every_rule_listed_is_cited() -> None:
    cited = _cited_in_code() | _cited_in_features()
    assert len(cited) > 60
    assert sorted(cited - set(RULES)) == [], "cited but not in propsvc rules"
    assert sorted(set(RULES) - cited) == [], "listed but cited nowhere"


def test_the_scenarios_of_a_rule_come_from_the_feature_tags() -> None:
    covered = scenarios()
    assert set(covered) == _cited_in_features()
    assert any("五分钟内开出维修单" in s for _f, s in covered["R3"])


def test_rules_json_has_statements_numbers_and_scenarios(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(["--json", "rules"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["rule"] for r in data["rules"]][:3] == ["R1", "R2", "R3"]
    r3 = next(r for r in data["rules"] if r["rule"] == "R3")
    assert r3["statement"] == "A work order is issued within minutes of the call."
    assert r3["profile"] == [{"key": "repair.work_order_minutes", "value": 5,
                              "text": "work order issued after the call"}]
    assert r3["scenarios"] and all(s["feature"].endswith(".feature") for s in r3["scenarios"])
    assert not list(tmp_path.iterdir()), "rules writes nothing"


def test_one_rule_in_zh_cn_and_an_unknown_id(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(["--lang", "zh", "rules", "r3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("R3  来电后数分钟内开出维修单。")
    assert "repair.work_order_minutes = 5（来电后开出维修单）" in out
    assert run(["rules", "R99"]) == 2
    assert capsys.readouterr().err.strip() == (
        "error: no rule 'R99': propsvc rules lists them all")
