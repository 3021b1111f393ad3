"""register export, register work-order and archive: files read back with real readers
(csv, openpyxl), checked for what a printed form needs — title row, frozen header
repeated on every page, widths that fit, A4 landscape fit to width, typed cells, red OK
marks and S4 reasons, signature lines — and ``--out`` that never overwrites silently.
The print itself (LibreOffice → PDF) is checked in test_print.py."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.cli.conftest import Cli


@pytest.fixture
def month(cli: Cli) -> Cli:
    """A November with two repairs, a later item with a reason, a note OK'd, a finding."""
    cli.open_repair("3-2-1201", "--home", "no", "--spare-key", "yes", "--appointment",
                    "2026-11-22 14:00")
    cli.open_repair("3-2-1202")
    cli.ok("handover", "take-over")
    cli.ok("handover", "triage", "BX-20261122-001", "--as", "later")
    cli.ok("handover", "reason", "BX-20261122-001", "--reason", "缺配件")
    cli.ok("handover", "note", "--text", "大堂灯")
    cli.ok("handover", "ok", "JB-20261122-001")
    cli.ok("patrol", "record", "--area", "工程", "--finding", "水泵异响")
    cli.now("2026-12-01 09:00")
    return cli


def cells(path: Path) -> tuple[Any, list[list[Any]]]:
    sheet = load_workbook(path).active
    assert sheet is not None
    return sheet, [[c.value for c in r] for r in sheet.iter_rows()]


def header_row(rows: list[list[Any]], first: str) -> int:
    """The 1-based row of the header whose first cell is ``first``."""
    return 1 + next(i for i, r in enumerate(rows) if r and r[0] == first)


def test_csv_export_has_the_paper_headers_and_r1_columns(month: Cli, tmp_path: Path) -> None:
    out = tmp_path / "报修.csv"
    done = month.json("register", "export", "repairs", "--format", "csv", "--out", str(out),
                      "--month", "2026-11")
    assert (done["register"], done["rows"], done["period"]) == ("业主报修记录表", 2, "2026-11")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    assert head[:3] == ["单号", "报修时间", "房号/位置"]
    first = dict(zip(head, rows[1], strict=True))
    assert [r[0] for r in rows[1:]] == ["BX-20261122-001", "BX-20261122-002"]
    assert first["报修时间"] == "2026-11-22 09:00" and first["状态"] == "待派单"
    assert (first["联系电话"], first["家中有人"], first["备用钥匙"], first["预约时间"]) == (
        "13800001234", "否", "可用", "2026-11-22 14:00")  # R1, as the JSON has them
    audit = tmp_path / "audit.csv"
    month.ok("--role", "auditor", "register", "export", "repairs", "--format", "csv",
             "--out", str(audit), "--month", "2026-11")
    assert "13800001234" not in audit.read_text(encoding="utf-8-sig")
    assert "138****1234" in audit.read_text(encoding="utf-8-sig")


def test_xlsx_prints_like_the_paper_form(month: Cli, tmp_path: Path) -> None:
    out = tmp_path / "报修.xlsx"
    month.ok("register", "export", "repairs", "--format", "xlsx", "--out", str(out),
             "--month", "2026-11")
    sheet, rows = cells(out)
    assert rows[0][0] == "业主报修记录表"
    assert "管理处：main" in rows[1][0] and "期间：2026-11" in rows[1][0]
    assert any(str(r).startswith("A1:") for r in sheet.merged_cells.ranges)
    assert sheet["A1"].font.bold and sheet["A1"].font.size >= 14
    head = header_row(rows, "单号")
    assert head == 3 and all(c.font.bold for c in sheet[head])
    assert sheet.freeze_panes == "A4"  # the header stays on screen
    assert sheet.print_title_rows in ("1:3", "$1:$3")  # and is printed on every page
    setup = sheet.page_setup
    assert (setup.orientation, int(setup.paperSize)) == ("landscape", 9)  # A4
    assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    headers = rows[head - 1]
    line = {h: sheet.cell(row=head + 1, column=i + 1) for i, h in enumerate(headers)}
    assert line["单号"].value == "BX-20261122-001" and not line["单号"].alignment.wrap_text
    assert isinstance(line["报修时间"].value, datetime)  # a date-time, not text
    assert line["报修时间"].value == datetime(2026, 11, 22, 9, 0)  # office time
    assert line["报修时间"].number_format == "yyyy-mm-dd hh:mm"
    assert line["超时"].data_type == "n" and line["超时"].value == 0
    assert line["报修内容"].alignment.wrap_text
    widths = {h: sheet.column_dimensions[line[h].column_letter].width for h in headers}
    assert widths["单号"] >= len("BX-20261122-001") + 1  # never cut
    assert widths["报修时间"] >= len("2026-11-22 09:00") + 1
    assert widths["报修内容"] >= 2 * len("厨房水管漏水")  # a Chinese character is two wide
    assert max(widths.values()) <= 32  # nothing stretched past the text cap


def test_ok_marks_and_s4_reasons_are_red(month: Cli, tmp_path: Path) -> None:
    out = tmp_path / "遗留.xlsx"
    month.ok("register", "export", "carryover", "--format", "xlsx", "--out", str(out),
             "--month", "2026-11")
    sheet, rows = cells(out)
    head = header_row(rows, "编号")
    headers = rows[head - 1]
    assert headers[:3] == ["编号", "类别", "事项"] and "已转月数" in headers
    by_number = {r[0]: (i + 1, r) for i, r in enumerate(rows) if i >= head}
    reason_col, ok_col = headers.index("原因"), headers.index("OK")
    line, row = by_number["BX-20261122-001"]
    assert row[reason_col] == "缺配件" and not row[ok_col]  # still open: no OK
    assert row[headers.index("转入原因")] == "暂不能解决"
    assert "JB-20261122-001" not in by_number  # OK'd the day it was written
    assert sheet.cell(row=line, column=reason_col + 1).font.color.rgb == "FFFF0000"
    assert rows[-1][0].startswith("归档人")  # the signature line under the file
    month.ok("register", "export", "handover", "--format", "xlsx", "--out", str(out),
             "--date", "2026-11-22", "--force")
    sheet, rows = cells(out)
    head = header_row(rows, "时间")
    headers = rows[head - 1]
    action, detail = headers.index("动作"), headers.index("内容")
    entries = {r[action]: (i + 1, r) for i, r in enumerate(rows) if i >= head and r[action]}
    ok_line, _ = entries["OK"]
    assert sheet.cell(row=ok_line, column=action + 1).font.color.rgb == "FFFF0000"  # S2
    reason_line, reason = entries["原因"]
    assert reason[detail] == "缺配件"
    assert sheet.cell(row=reason_line, column=detail + 1).font.color.rgb == "FFFF0000"  # S4
    note_line, _ = entries["记事"]
    assert sheet.cell(row=note_line, column=detail + 1).font.color.rgb != "FFFF0000"
    assert entries["分类"][1][detail] == "暂不能解决"  # the paper log's word, not 'later'
    assert "白班" in entries["分类"][1][headers.index("班次")]  # not '2026-11-22/day'
    assert rows[-1][0].startswith("交班人")


def test_signature_columns_and_lines_where_the_paper_form_has_them(
        month: Cli, tmp_path: Path) -> None:
    month.json("ticket", "open", "--kind", "complaint", "--channel", "phone", "--unit",
               "3-2-1201", "--caller", "张先生", "--summary", "噪音", now="2026-12-01 09:00")
    out = tmp_path / "投诉.xlsx"
    month.ok("register", "export", "complaints", "--format", "xlsx", "--out", str(out),
             "--month", "2026-12")
    _, rows = cells(out)
    headers = rows[header_row(rows, "编号") - 1]
    assert "业主签字" in headers and headers[headers.index("方式")] == "方式"
    row = rows[header_row(rows, "编号")]
    assert row[headers.index("方式")] == "电话"  # the channel's word, not 'phone'
    month.ok("register", "export", "daily", "--format", "xlsx", "--out", str(out),
             "--date", "2026-11-22", "--force")
    _, rows = cells(out)
    assert any(str(v).startswith("物业主任审核") for v in rows[-1] if v)  # 表单八


def test_the_month_end_reports_export_too(month: Cli, tmp_path: Path) -> None:
    number = month.json("ticket", "open", "--kind", "complaint", "--channel", "letter",
                        "--unit", "3-2-1201", "--caller", "张先生", "--summary", "楼上漏水",
                        now="2026-11-25 10:00")["number"]
    month.ok("complaint", "classify", number, "--class", "1", now="2026-11-25 10:05")
    month.json("incident", "report", "--category", "fire", "--place", "4栋12楼",
               now="2026-11-26 10:00")
    month.now("2026-12-01 09:00")
    out = tmp_path / "汇总.xlsx"
    done = month.json("register", "export", "complaint-summary", "--format", "xlsx",
                      "--out", str(out), "--month", "2026-11")
    assert (done["register"], done["rows"]) == ("住户投诉汇总表", 1)
    _, rows = cells(out)
    flat = [v for r in rows for v in r if v is not None]
    assert "处理情况" in flat and "按类别" in flat and "本月投诉明细" in flat
    assert number in flat and "受理" in flat
    counted = {r[0]: r[1] for r in rows if r and r[0] in ("受理", "管理服务不到位")}
    assert counted == {"受理": 1, "管理服务不到位": 1}
    done = month.json("register", "export", "incidents", "--format", "xlsx", "--out",
                      str(tmp_path / "事件.xlsx"), "--month", "2026-11")
    assert (done["register"], done["rows"]) == ("特别事件报告", 1)
    _, rows = cells(tmp_path / "事件.xlsx")
    assert "火警火灾" in rows[header_row(rows, "编号")]  # the category's word
    days = tmp_path / "维修日报.xlsx"
    done = month.json("register", "export", "daily-repairs", "--format", "xlsx", "--out",
                      str(days), "--month", "2026-11")
    assert (done["sheets"], done["rows"]) == (30, 2)  # a sheet a day; two calls received
    book = load_workbook(days)
    assert book.sheetnames[0] == "2026-11-01" and book.sheetnames[-1] == "2026-11-30"
    day = [[c.value for c in r] for r in book["2026-11-22"].iter_rows()]
    assert day[0][0] == "维修日报表" and "期间：2026-11-22" in day[1][0]
    flat = [v for r in day for v in r if v is not None]
    assert "入户 · 当日接报" in flat and "BX-20261122-001" in flat
    refused = month("register", "export", "daily-repairs", "--format", "csv", "--out",
                    str(tmp_path / "d.csv"), "--month", "2026-11")
    assert refused.code == 2 and "one sheet per day" in refused.error
    assert not (tmp_path / "d.csv").exists()


def test_a_work_order_prints_one_repair(month: Cli, tmp_path: Path) -> None:
    number = "BX-20261122-001"
    month.ok("repair", "order", number, "--technician", "王师傅", now="2026-12-01 09:01")
    month.ok("repair", "arrive", number, now="2026-12-01 09:30")
    month.ok("repair", "quote", number, "--amount", "120", "--items", "更换角阀 80 + 人工 40")
    month.ok("repair", "accept-fee", number)
    month.ok("repair", "materials", number, "--item", "角阀,DN15,JF-1,1,80")
    month.ok("repair", "complete", number, "--signed-by", "王女士", "--rating", "5",
             now="2026-12-01 10:10")
    out = tmp_path / "维修单.xlsx"
    done = month.json("register", "work-order", number, "--out", str(out))
    assert (done["register"], done["number"], done["materials"]) == ("维修单", number, 1)
    sheet, rows = cells(out)
    assert rows[0][0] == "维修单"
    fields = {r[i]: r[i + 1] for r in rows for i in (0, 2) if len(r) > i + 1 and r[i]}
    assert fields["单号"] == number and fields["维修人员"] == "王师傅"
    assert fields["业主签字(R9)"] == "王女士" and fields["满意度(R9)"] == 5
    assert fields["到场时间"] == datetime(2026, 12, 1, 9, 30)
    assert float(fields["报价金额"]) == 120.0
    head = header_row(rows, "材料名称")
    assert rows[head][0] == "角阀" and float(rows[head][-1]) == 80.0
    assert sheet.cell(row=4, column=1).font.bold  # field names print like headers
    assert any("业主签字(R9)：王女士" in str(v) for v in rows[-1] if v)
    complaint = month.json("ticket", "open", "--kind", "complaint", "--channel", "phone",
                           "--unit", "3-2-1201", "--caller", "张", "--summary", "噪音")["number"]
    refused = month("register", "work-order", complaint, "--out", str(tmp_path / "x.xlsx"))
    assert refused.code == 2 and "not a repair" in refused.error
    refused = month("--role", "security", "register", "work-order", number, "--out",
                    str(tmp_path / "x.xlsx"))
    assert refused.code == 1 and "register.work_order is not permitted" in refused.error
    assert not (tmp_path / "x.xlsx").exists()


def test_out_never_overwrites_without_force(month: Cli, tmp_path: Path) -> None:
    out = tmp_path / "报修.xlsx"
    out.write_bytes(b"keep me")
    args = ("register", "export", "repairs", "--format", "xlsx", "--out", str(out),
            "--month", "2026-11")
    refused = month(*args)
    assert (refused.code, refused.error) == (
        2, f"error: --out {out} already exists: choose another name, or pass --force to "
           "replace it")
    assert out.read_bytes() == b"keep me"
    month.ok(*args, "--force")
    assert load_workbook(out).active is not None
    refused = month("register", "work-order", "BX-20261122-001", "--out", str(out))
    assert refused.code == 2 and "already exists" in refused.error
    month.ok("register", "work-order", "BX-20261122-001", "--out", str(out), "--force")
    folder = tmp_path / "2026-11"
    month.ok("archive", "--month", "2026-11", "--out", str(folder))
    refused = month("archive", "--month", "2026-11", "--out", str(folder))
    assert refused.code == 2 and "already holds" in refused.error and "--force" in refused.error
    month.ok("archive", "--month", "2026-11", "--out", str(folder), "--force")
    demo = tmp_path / "demo.db"
    demo.write_bytes(b"")
    refused = month("demo", "--out", str(demo))
    assert refused.code == 2 and "already exists" in refused.error and demo.read_bytes() == b""
    assert not list(tmp_path.glob(".*partial*"))  # no half-written file left behind


def test_archive_writes_every_form_and_a_summary(month: Cli, tmp_path: Path) -> None:
    month.ok("carryover", "close-month", "--month", "2026-11")
    folder = tmp_path / "2026-11"
    summary = month.json("archive", "--month", "2026-11", "--out", str(folder))
    names = sorted(p.name for p in folder.iterdir())
    assert "遗留问题档案-2026-11.xlsx" in names and "交接班记录本-2026-11.xlsx" in names
    assert len(names) == 24 and "汇总-2026-11.json" in names
    assert {"业主入住登记表-2026-11.xlsx", "有偿服务登记表-2026-11.xlsx",
            "物品放行登记表-2026-11.xlsx", "拾遗物品登记表-2026-11.xlsx",
            "空置房登记表-2026-11.xlsx", "空置房巡查表-2026-11.xlsx"} <= set(names)
    assert {"业主投诉登记表-2026-11.xlsx", "住户求助登记表-2026-11.xlsx",
            "咨询登记表-2026-11.xlsx", "住户投诉汇总表-2026-11.xlsx",
            "特别事件报告-2026-11.xlsx", "维修日报表-2026-11.xlsx"} <= set(names)
    assert json.loads((folder / "汇总-2026-11.json").read_text(encoding="utf-8")) == summary
    assert summary["carryover"] == {"archived": True, "items": 3, "open": 3}
    assert summary["registers"]["daily-repairs"]["sheets"] == 30
    for name, entry in summary["registers"].items():
        book = load_workbook(folder / entry["file"])
        for sheet in book.worksheets:
            assert sheet.page_setup.orientation == "landscape", name
            assert sheet.cell(row=1, column=1).value == entry["title"], name
        if entry["sheets"] == 1 and name not in ("complaint-summary",):
            rows = [[c.value for c in r] for r in book.active.iter_rows()]
            head = int(book.active.print_title_rows.split(":")[1].strip("$"))
            data = [r for r in rows[head:] if any(v is not None for v in r)]
            signed = 1 if book.active.max_row > head + entry["rows"] else 0
            assert len(data) == entry["rows"] + signed, name


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
