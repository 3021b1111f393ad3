"""ticket void and ticket merge on the command line: what is printed, the JSON, the exit
codes, and the registers and files that list a correction but do not count it."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.cli.conftest import Cli


def test_void_and_merge_print_and_json(cli: Cli) -> None:
    first, repeat, wrong = cli.open_repair(), cli.open_repair(), cli.open_repair("3-2-1209")
    done = cli.json("ticket", "void", wrong, "--reason", "房号登记错误")
    assert (done["number"], done["status"]) == (wrong, "voided")
    assert done["rules"] == ["R1", "R3", "R4"]  # struck out (R1); its R3, R4 cancelled
    assert {e["event"] for e in done["events"]} >= {"TicketVoided", "DeadlineCancelled"}
    merged = cli.json("ticket", "merge", repeat, "--into", first, "--reason", "同一漏水")
    assert (merged["number"], merged["status"]) == (repeat, "merged")
    assert [(r["number"], r["status"]) for r in merged["linked"]] == [(first, "received")]
    shown = cli.json("ticket", "show", repeat)
    assert shown["correction"]["into"] == first and shown["correction"]["by"] == "desk"
    assert cli.json("ticket", "show", first)["duplicates"] == [repeat]
    assert cli.json("ticket", "show", first)["correction"] is None
    text = cli.ok("ticket", "show", wrong).out
    assert "作废：房号登记错误" in text
    history = [h["event"] for h in cli.json("ticket", "history", wrong)]
    assert history[0] == "CallReceived" and "TicketVoided" in history
    listed = cli.json("ticket", "list", "--open")["rows"]
    assert [r["number"] for r in listed] == [first]


def test_corrections_are_refused_with_one_line(cli: Cli) -> None:
    number = cli.open_repair()
    before = cli.events()
    cases = [
        (["ticket", "void", number], 2, "Missing option '--reason'"),
        (["ticket", "void", number, "--reason", " "], 2, "R1: the reason it is voided"),
        (["ticket", "void", "BX-1", "--reason", "x"], 2, "is not a ticket number"),
        (["ticket", "void", "BX-20261122-099", "--reason", "x"], 1, "no ticket BX-20261122-099"),
        (["ticket", "merge", number, "--into", number], 2, "cannot be merged into itself"),
        (["--role", "supervisor", "ticket", "void", number, "--reason", "x"], 1,
         "ticket.void is not permitted for role 'supervisor'"),
        (["--role", "engineering", "ticket", "merge", number, "--into", number], 1,
         "ticket.merge is not permitted"),
    ]
    for args, code, text in cases:
        result = cli(*args)
        assert result.code == code, (args, result)
        assert text in result.error, (args, result.error)
    assert cli.events() == before


def test_a_voided_call_is_listed_in_the_export_but_not_counted(cli: Cli, tmp_path: Path
                                                                ) -> None:
    kept, wrong = cli.open_repair(), cli.open_repair("3-2-1209")
    cli.ok("ticket", "void", wrong, "--reason", "测试录入")
    out = tmp_path / "报修.csv"
    done = cli.json("register", "export", "repairs", "--format", "csv", "--out", str(out))
    assert (done["rows"], done["voided"]) == (1, 1)
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    by_number = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert set(by_number) == {kept, wrong}
    assert (by_number[wrong]["状态"], by_number[wrong]["备注"]) == ("作废", "作废：测试录入")
    assert by_number[kept]["备注"] == ""
    xlsx = tmp_path / "报修.xlsx"
    cli.ok("register", "export", "repairs", "--format", "xlsx", "--out", str(xlsx))
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).active
    assert sheet is not None
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=4)}
    assert rows[wrong][4].font.strike and not rows[wrong][0].font.strike  # struck, legible
    assert not rows[kept][4].font.strike
