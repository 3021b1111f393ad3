"""``propsvc movein / paid / release / fees / found / vacancy`` from the command line:
one-line errors with exit 2 (bad input) or 1 (an SOP rule), nothing written on either,
the registers as tables, ``--json`` and files, masking by role, open matters in the
handover books."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.cli.conftest import Cli, assert_times

RELEASE = ("release", "apply", "--unit", "3-2-1201", "--goods", "沙发一套", "--plate",
           "粤B12345", "--driver", "刘师傅", "--driver-id-last4", "1234")


@pytest.mark.parametrize("args, text", [
    (("release", "apply", "--unit", "3-2-1201", "--goods", "沙发", "--plate", "粤B12345",
      "--driver", "刘", "--driver-id-last4", "12"), "Q2: --id-last4"),
    (("release", "apply", "--unit", "nowhere", "--goods", "沙发", "--plate", "粤B12345",
      "--driver", "刘", "--driver-id-last4", "1234"), "Q2: unit"),
    (("found", "record", "--item", " ", "--place", "大堂", "--finder", "王"), "Q3:"),
    (("found", "notice", "--week", "2026-48"), "YYYY-Www"),
    (("vacancy", "apply", "--unit", "5-1-0802", "--from", "2026-12-01", "--to",
      "2026-11-01"), "--to must be after --from"),
    (("vacancy", "inspect", "--unit", "5-1-0802", "--water", "lots", "--power", "1"),
     "--water"),
    (("movein", "start", "--unit", "3-2-1201", "--owner", "张先生", "--phone", "call me"),
     "phone"),
    (("paid", "request", "--unit", "3-2-1201", "--service", ""), "Q1:"),
    (("--role", "cashier", "fees", "arrears", "--unit", "3-2-1201", "--amount", "-5"),
     "positive"),
])
def test_bad_input_is_one_line_exit_2_and_writes_nothing(cli: Cli, args: tuple[str, ...],
                                                         text: str) -> None:
    result = cli(*args)
    assert result.code == 2 and text in result.error, result.err
    assert not cli.db.exists()  # not even an empty database file


def test_refusals_name_their_rule_exit_1_and_write_nothing(cli: Cli) -> None:
    cli.ok("--role", "cashier", "fees", "arrears", "--unit", "3-2-1201", "--amount",
           "1280.50")
    owing = cli.json("fees", "list")["rows"]
    assert [(r["unit"], r["owed"], r["updated_by"]) for r in owing] == [
        ("3-2-1201", "1280.50", "desk")]
    number = cli.json(*RELEASE)["ref"]
    before = cli.events()
    refused = cli("release", "confirm", number)
    assert refused.code == 1 and refused.error.startswith("error: Q2: ") \
        and "1280.50" in refused.error
    refused = cli("--role", "security", "release", "out", number)
    assert refused.code == 1 and "Q2" in refused.error
    refused = cli("vacancy", "apply", "--unit", "5-1-0802", "--from", "2026-12-01",
                  "--to", "2027-01-31")
    assert refused.code == 1 and refused.error.startswith("error: Q4: ")
    refused = cli("--role", "security", "release", "confirm", number)
    assert refused.code == 1 and "release.confirm is not permitted" in refused.error
    assert cli.events() == before


def test_goods_release_from_apply_to_gate(cli: Cli, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    number = cli.json(*RELEASE, "--owner", "张先生")["ref"]
    assert number.startswith("FX-20261122-")
    cli.ok("release", "confirm", number)
    cli.ok("release", "sign", number, "--signed-by", "张先生")
    out = cli.json("--role", "security", "--actor", "门岗老赵", "release", "out", number)
    assert out["status"] == "out" and [e["event"] for e in out["events"]] == ["GoodsLetOut"]
    data = cli.json("register", "releases")
    assert data["register"] == "物品放行登记表 2026-11-22" and assert_times(data) > 0
    row = data["rows"][0]
    assert (row["number"], row["guard"], row["signed_by"], row["id_last4"]) == (
        number, "门岗老赵", "张先生", "1234")
    masked = cli.json("--role", "engineering", "register", "releases")["rows"][0]
    assert masked["id_last4"] == "****"
    monkeypatch.setenv("COLUMNS", "240")  # wide enough that no cell is folded
    text = cli.ok("register", "releases").out
    assert "物品放行登记表" in text and "已放行" in text
    target = tmp_path / "r.csv"
    cli.ok("register", "export", "releases", "--format", "csv", "--out", str(target),
           "--date", "2026-11-22")
    lines = list(csv.reader(target.open(encoding="utf-8-sig")))
    assert any("放行单号" in line for line in lines) and any(number in line for line in lines)


def test_lost_property_register_export_and_handover_ok(cli: Cli, tmp_path: Path) -> None:
    number = cli.json("found", "record", "--item", "黑色钱包", "--place", "3栋大堂",
                      "--finder", "小王", "--valuable")["ref"]
    cli.ok("found", "to-admin", number, "--received-by", "行政部李主任")
    notice = cli.json("found", "notice", "--week", "2026-W47")
    assert notice["subject"] == "found-notice" and notice["linked"][0]["ref"] == number
    again = cli("found", "notice", "--week", "2026-W47")
    assert again.code == 1 and "already posted" in again.error
    cli.ok("handover", "take-over")
    refused = cli("handover", "ok", number)
    assert refused.code == 1 and "S2" in refused.error  # still held for its owner
    cli.ok("found", "claim", number, "--claimant", "张先生", "--id-last4", "0427",
           "--description", "黑色皮夹")
    cli.ok("handover", "ok", number)
    log = cli.json("handover", "show")
    assert [i["state"] for i in log["raised"] if i["number"] == number] == ["ok"]
    target = tmp_path / "found.xlsx"
    cli.ok("register", "export", "found", "--format", "xlsx", "--out", str(target),
           "--month", "2026-11")
    sheet = load_workbook(target).active
    assert sheet is not None
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert number in values and "拾遗物品登记表" in str(values[0])


def test_vacancy_registers_and_the_handover_list(cli: Cli) -> None:
    cli.ok("vacancy", "apply", "--unit", "5-1-0802", "--from", "2026-11-22", "--to",
           "2027-05-31", "--owner", "李女士")
    ended = cli.json("vacancy", "inspect", "--unit", "5-1-0802", "--water", "1.2",
                     "--power", "3", now="2026-11-28 10:00")
    assert [e["event"] for e in ended["events"] if e["actor"] != "propsvc"] == [
        "VacancyInspected", "VacancyEnded"]
    assert cli.json("register", "vacancies")["rows"][0]["end_reason"] == "occupied"
    listing = cli.json("register", "vacancy-inspections", "--month", "2026-11")
    assert listing["rows"][0]["occupied"] is True
    cli.ok("vacancy", "apply", "--unit", "6-1-0101", "--from", "2026-12-01", "--to",
           "2027-03-01")
    cli.ok("handover", "take-over", now="2026-11-28 10:05")
    log = cli.json("handover", "show")
    assert [v["unit"] for v in log["vacancies"]] == ["6-1-0101"]
    # each vacancy is a matter of the log while vacant (S1–S7): raised, done when ended
    vacant = {i["number"]: i for i in [*log["raised"], *log["carried_in"]]
              if i["kind"] == "vacancy"}
    assert vacant["6-1-0101"]["state"] == "open" and vacant["5-1-0802"]["state"] == "done"
    refused = cli("handover", "ok", "6-1-0101")
    assert refused.code == 1 and refused.error.startswith("error: S2: ")
    cli.ok("handover", "ok", "5-1-0802")


def test_movein_and_paid_show_in_the_registers_and_profile(cli: Cli) -> None:
    number = cli.json("movein", "start", "--unit", "3-2-1201", "--owner", "张先生",
                      "--phone", "13800000000")["ref"]
    verified = cli.json("movein", "verify", number, "--doc", "id")
    assert verified["events"][0]["data"]["missing"] == ["purchase-contract",
                                                        "move-in-notice"]
    row = cli.json("register", "moveins")["rows"][0]
    assert row["missing"] == "purchase-contract,move-in-notice"
    assert cli.json("--role", "security", "register", "moveins")["rows"][0]["phone"] \
        .startswith("138****")
    paid = cli.json("paid", "request", "--unit", "3-2-1201", "--service", "换门锁")["ref"]
    quoted = cli.json("paid", "decide", paid, "--rate", "lock-change", "--quantity", "2")
    assert quoted["events"][0]["data"]["amount"] == "160.00"
    assert cli.json("register", "paid")["rows"][0]["status"] == "quoted"
    profile = {e["key"]: e for e in cli.json("profile", "show")["entries"]}
    assert profile["services.vacancy_min_months"]["rule"] == "Q4"
    assert profile["paid.rates"]["value"]["lock-change"] == "80.00"
    assert profile["services.movein_visit_months"]["rule"] == "V1"
