"""register export and archive: files read back with real readers (csv, openpyxl;
LibreOffice headless when installed), Chinese headers, OK and reasons in red."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.cli.conftest import Cli


@pytest.fixture
def month(cli: Cli) -> Cli:
    """A November with two repairs, a later item with a reason, a note OK'd, a finding."""
    cli.open_repair()
    cli.open_repair("3-2-1202")
    cli.ok("handover", "take-over")
    cli.ok("handover", "triage", "BX-20261122-001", "--as", "later")
    cli.ok("handover", "reason", "BX-20261122-001", "--reason", "缺配件")
    cli.ok("handover", "note", "--text", "大堂灯")
    cli.ok("handover", "ok", "JB-20261122-001")
    cli.ok("patrol", "record", "--area", "工程", "--finding", "水泵异响")
    cli.now("2026-12-01 09:00")
    return cli


def test_csv_export_has_the_paper_headers(month: Cli, tmp_path: Path) -> None:
    out = tmp_path / "报修.csv"
    done = month.json("register", "export", "repairs", "--format", "csv", "--out", str(out),
                      "--month", "2026-11")
    assert (done["register"], done["rows"], done["period"]) == ("业主报修记录表", 2, "2026-11")
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][:3] == ["单号", "报修时间", "房号"]
    assert [r[0] for r in rows[1:]] == ["BX-20261122-001", "BX-20261122-002"]
    assert rows[1][1] == "2026-11-22 09:00"
    assert rows[1][11] == "待派单"


def test_xlsx_carryover_marks_ok_and_reasons_in_red(month: Cli, tmp_path: Path) -> None:
    out = tmp_path / "遗留.xlsx"
    month.ok("register", "export", "carryover", "--format", "xlsx", "--out", str(out),
             "--month", "2026-11")
    sheet = load_workbook(out).active
    assert sheet is not None
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    headers = rows[0]
    assert headers[:3] == ["编号", "类别", "事项"] and "已转月数" in headers
    by_number = {r[0]: r for r in rows[1:]}
    reason_col, ok_col = headers.index("原因"), headers.index("OK")
    assert by_number["BX-20261122-001"][reason_col] == "缺配件"
    assert not by_number["BX-20261122-001"][ok_col]  # still open: no OK
    assert by_number["BX-20261122-001"][headers.index("转入原因")] == "暂不能解决"
    assert "JB-20261122-001" not in by_number  # OK'd the day it was written
    line = 2 + [r[0] for r in rows[1:]].index("BX-20261122-001")
    assert sheet.cell(row=line, column=reason_col + 1).font.color.rgb == "FFFF0000"
    month.ok("register", "export", "handover", "--format", "xlsx", "--out", str(out),
             "--date", "2026-11-22")
    sheet = load_workbook(out).active
    assert sheet is not None
    cells = [c for r in sheet.iter_rows(min_row=2) for c in r if c.value == "OK"]
    assert len(cells) == 1 and cells[0].font.color.rgb == "FFFF0000"
    details = {r[2].value: r[4].value for r in sheet.iter_rows(min_row=2)}
    assert details["分类"] == "暂不能解决"  # the paper log's word, not 'later'


def test_archive_writes_every_register_and_a_summary(month: Cli, tmp_path: Path) -> None:
    month.ok("carryover", "close-month", "--month", "2026-11")
    folder = tmp_path / "2026-11"
    summary = month.json("archive", "--month", "2026-11", "--out", str(folder))
    names = sorted(p.name for p in folder.iterdir())
    assert "遗留问题档案-2026-11.xlsx" in names and "交接班记录本-2026-11.xlsx" in names
    assert len(names) == 15 and "汇总-2026-11.json" in names
    assert {"业主投诉登记表-2026-11.xlsx", "住户求助登记表-2026-11.xlsx",
            "咨询登记表-2026-11.xlsx"} <= set(names)
    assert json.loads((folder / "汇总-2026-11.json").read_text(encoding="utf-8")) == summary
    assert summary["carryover"] == {"archived": True, "items": 3, "open": 3}
    for name, entry in summary["registers"].items():
        sheet = load_workbook(folder / entry["file"]).active
        assert sheet is not None
        assert sheet.max_row == entry["rows"] + 1, name
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:  # pragma: no cover - only where LibreOffice is installed
        subprocess.run([soffice, "--headless", "--convert-to", "csv", "--outdir",
                        str(tmp_path), str(folder / "遗留问题档案-2026-11.xlsx")],
                       check=True, capture_output=True, timeout=120)
        text = (tmp_path / "遗留问题档案-2026-11.csv").read_text(encoding="utf-8")
        assert "BX-20261122-001" in text


def test_the_complaint_help_and_inquiry_registers_export_too(month: Cli, tmp_path: Path
                                                             ) -> None:
    number = month.json("ticket", "open", "--kind", "complaint", "--channel", "phone",
                        "--unit", "3-2-1201", "--caller", "张先生", "--phone", "13800001234",
                        "--summary", "卫生间楼板渗水", now="2026-11-25 10:00")["number"]
    out = tmp_path / "投诉.xlsx"
    done = month.json("--role", "auditor", "register", "export", "complaints", "--format",
                      "xlsx", "--out", str(out), "--month", "2026-11")
    assert (done["register"], done["rows"]) == ("业主投诉登记表", 1)
    sheet = load_workbook(out).active
    assert sheet is not None
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0][:4] == ["编号", "投诉时间", "房号", "投诉人"]
    assert rows[1][0] == number and "13800001234" not in str(rows)
    for name, title in (("help", "住户求助登记表"), ("inquiries", "咨询登记表")):
        done = month.json("register", "export", name, "--format", "csv", "--out",
                          str(tmp_path / f"{name}.csv"), "--month", "2026-11")
        assert (done["register"], done["rows"]) == (title, 0)


def test_export_bad_input_is_one_line_and_writes_no_file(month: Cli, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    cases = [
        (["visits"], "error: register visits is kept per month: give --month YYYY-MM"),
        (["key-deposits", "--month", "2026-11"],
         "error: register key-deposits is the whole register: no --date or --month"),
        (["repairs", "--month", "2026-11", "--date", "2026-11-22"],
         "error: give either --date or --month, not both"),
    ]
    for args, message in cases:
        result = month("register", "export", *args[:1], "--format", "csv", "--out", str(out),
                       *args[1:])
        assert (result.code, result.error) == (2, message)
    missing = tmp_path / "nowhere" / "x.csv"
    result = month("register", "export", "repairs", "--format", "csv", "--out", str(missing))
    assert (result.code, result.error) == (
        2, f"error: folder {missing.parent} does not exist: check --out")
    assert not out.exists()
