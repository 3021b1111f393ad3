"""Sealed months (issue 9, item 4), across three month ends: once closed, every register
of the month prints exactly as at closing (tables, --json, csv, xlsx cells), whatever is
recorded later; an entry backdated into a closed month is kept, listed apart for the
closed month ("recorded after closing") and as 补录 in the next open month."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Cli

MONTH_READS = [
    ("register", "repairs"), ("register", "complaints"), ("register", "visits"),
    ("register", "complaint-summary"), ("register", "help"), ("register", "inquiries"),
    ("register", "incidents"), ("register", "patrol"), ("register", "key-loans"),
]


def prints(cli: Cli, month: str, folder: Path) -> dict[str, str]:
    """Every month read of ``month``, as a table and as JSON, and the repairs as csv."""
    out: dict[str, str] = {}
    for read in MONTH_READS:
        out[" ".join(read)] = cli(*read, "--month", month).out
        out[" ".join(read) + " --json"] = cli("--json", *read, "--month", month).out
    target = folder / f"repairs-{month}-{len(list(folder.iterdir()))}.csv"
    assert cli("register", "export", "repairs", "--format", "csv", "--out", str(target),
               "--month", month).code == 0
    out["csv"] = target.read_text(encoding="utf-8")
    return out


def repair(cli: Cli, unit: str, *extra: str) -> str:
    data = cli.json(*extra, "ticket", "open", "--kind", "repair", "--unit", unit,
                    "--caller", "王女士", "--phone", "13800001234", "--summary", "漏水",
                    "--part", "水管")
    return str(data["number"])


def late(cli: Cli, month: str) -> list[str]:
    result = cli("--json", "register", "repairs", "--month", month)  # stderr may name
    assert result.code == 0, result.err  # what its closed month got after closing
    data = result.json()
    return [r["number"] for r in data.get("late_entries", [])]


def after(cli: Cli, month: str) -> list[tuple[str, str]]:
    data = cli.json("register", "after-closing", "--month", month)
    return [(r["row"]["number"], r["business_date"]) for r in data["recorded_after_closing"]
            if r["register"] == "repairs"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "files"
    out.mkdir()
    return out


def test_three_month_ends_keep_each_closed_month_as_closed(cli: Cli, folder: Path) -> None:
    cli.ok("--role", "manager", "office", "add", "main", "--name", "主")
    cli.now("2026-10-10 09:00")
    r1 = repair(cli, "3-2-1201")
    cli.ok("ticket", "open", "--kind", "complaint", "--unit", "3-2-1202", "--caller", "李",
           "--phone", "13800000001", "--summary", "噪音", "--channel", "phone")

    # -- October's end ------------------------------------------------------------------
    cli.now("2026-11-01 09:00")
    october = prints(cli, "2026-10", folder)
    seal = cli.json("carryover", "close-month", "--month", "2026-10")
    assert seal["events"][0]["data"]["position"] > 0
    cli.ok("repair", "order", r1, "--technician", "李师傅")  # changes October's call
    l1 = repair(cli, "3-2-1203", "--at", "2026-10-20 10:00")  # backdated into October
    assert l1.startswith("BX-20261020-")
    assert prints(cli, "2026-10", folder) == october
    assert after(cli, "2026-10") == [(l1, "2026-10-20")]
    assert late(cli, "2026-11") == [l1]

    # -- November's end -----------------------------------------------------------------
    cli.now("2026-11-15 09:00")
    repair(cli, "3-2-1204")
    cli.now("2026-12-01 09:00")
    november = prints(cli, "2026-11", folder)
    cli.ok("carryover", "close-month", "--month", "2026-11")
    l2 = repair(cli, "3-2-1205", "--at", "2026-10-25 10:00")  # into October, again
    l3 = repair(cli, "3-2-1206", "--at", "2026-11-28 10:00")  # into November
    assert prints(cli, "2026-11", folder) == november
    assert prints(cli, "2026-10", folder) == october
    assert late(cli, "2026-11") == [l1]  # sealed with November
    assert late(cli, "2026-12") == [l2, l3]  # l1 was listed by November already
    assert after(cli, "2026-10") == [(l1, "2026-10-20"), (l2, "2026-10-25")]
    assert after(cli, "2026-11") == [(l3, "2026-11-28")]

    # -- December's end -----------------------------------------------------------------
    cli.now("2027-01-01 09:00")
    december = prints(cli, "2026-12", folder)
    cli.ok("carryover", "close-month", "--month", "2026-12")
    cli.ok("repair", "arrive", r1)
    l4 = repair(cli, "3-2-1207", "--at", "2026-12-30 10:00")
    assert prints(cli, "2026-12", folder) == december
    assert late(cli, "2027-01") == [l4]

    # the seals are events: a rebuild of the read models changes no closed month
    cli.ok("--role", "manager", "rebuild")
    for month, before in (("2026-10", october), ("2026-11", november),
                          ("2026-12", december)):
        assert prints(cli, month, folder) == before
    assert cli("verify").code == 0


def test_the_archive_of_a_closed_month_holds_the_sealed_cells(cli: Cli, tmp_path: Path
                                                              ) -> None:
    from openpyxl import load_workbook

    cli.ok("--role", "manager", "office", "add", "main", "--name", "主")
    cli.now("2026-10-10 09:00")
    r1 = repair(cli, "3-2-1201")
    cli.now("2026-11-01 09:00")
    cli.ok("carryover", "close-month", "--month", "2026-10")
    first = tmp_path / "a1"
    cli.ok("archive", "--month", "2026-10", "--out", str(first))
    cli.ok("repair", "order", r1, "--technician", "李师傅")
    repair(cli, "3-2-1203", "--at", "2026-10-20 10:00")
    second = tmp_path / "a2"
    cli.ok("archive", "--month", "2026-10", "--out", str(second))
    books = sorted(p.name for p in first.iterdir() if p.suffix == ".xlsx")
    assert books and books == sorted(p.name for p in second.iterdir() if p.suffix == ".xlsx")
    for name in books:
        a, b = load_workbook(first / name), load_workbook(second / name)
        assert a.sheetnames == b.sheetnames
        for sheet in a.sheetnames:
            cells = [[c.value for c in row] for row in a[sheet].iter_rows()]
            assert cells == [[c.value for c in row] for row in b[sheet].iter_rows()], name


def test_after_closing_of_an_open_month_is_refused(cli: Cli) -> None:
    cli.ok("--role", "manager", "office", "add", "main", "--name", "主")
    result = cli("register", "after-closing", "--month", "2026-11")
    assert result.code == 1
    assert "is not closed" in result.error


def test_the_late_entries_found_by_recorded_time_are_those_rebuilding_each_month_finds(
        cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """The open month's 补录 of repairs come from one query on the recorded time
    (``rm_tickets.recorded_at``); rebuilding each closed month and comparing it with its
    seal (the path of the registers without one) lists exactly the same rows."""
    import dataclasses

    from propsvc.queries import registers

    cli.ok("--role", "manager", "office", "add", "main", "--name", "主")
    cli.now("2026-10-10 09:00")
    repair(cli, "3-2-1201")
    cli.now("2026-11-01 09:00")
    cli.ok("carryover", "close-month", "--month", "2026-10")
    l1 = repair(cli, "3-2-1203", "--at", "2026-10-20 10:00")  # same instant as the seal
    cli.now("2026-12-01 09:00")
    cli.ok("carryover", "close-month", "--month", "2026-11")
    l2 = repair(cli, "3-2-1205", "--at", "2026-10-25 10:00")
    l3 = repair(cli, "3-2-1206", "--at", "2026-11-28 10:00")
    repair(cli, "3-2-1207")  # December's own: no late entry
    months = ("2026-11", "2026-12")
    by_query = {m: cli.json("register", "repairs", "--month", m).get("late_entries")
                for m in months}
    assert [r["number"] for r in by_query["2026-11"]] == [l1]
    assert [r["number"] for r in by_query["2026-12"]] == [l2, l3]
    assert registers.REGISTERS["repairs"].late is not None
    monkeypatch.setitem(registers.REGISTERS, "repairs",
                        dataclasses.replace(registers.REGISTERS["repairs"], late=None))
    by_rebuilding = {m: cli.json("register", "repairs", "--month", m).get("late_entries")
                     for m in months}
    assert by_rebuilding == by_query
