"""Every exported form printed the way an office prints it: LibreOffice converts the
month's archive (and a work order) to PDF, and the PDF is read back with pdftotext.
Checked: the title and the header repeat on every page, no table is split across pages
sideways (each page holds its first and its last column), every record number in the
workbook is printed whole, and small forms fit on one page.

Needs LibreOffice (``soffice``, Debian package libreoffice-calc) and poppler-utils
(``pdftotext``, ``pdfinfo``); .ci/run installs them. Skipped, with that reason, where
they are missing."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.cli.conftest import Cli

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
TOOLS = SOFFICE and shutil.which("pdftotext") and shutil.which("pdfinfo")
pytestmark = pytest.mark.skipif(
    not TOOLS, reason="LibreOffice (libreoffice-calc) and poppler-utils are not installed: "
                      "apt-get install libreoffice-calc poppler-utils (.ci/run does)")
NUMBER = re.compile(r"\b[A-Z]{2}-\d{8}-\d{3}\b")


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))  # type: ignore[union-attr]


def page_text(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf),
                           "-"], capture_output=True, text=True, check=True).stdout


def numbers_in(xlsx: Path) -> set[str]:
    found: set[str] = set()
    for sheet in load_workbook(xlsx).worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str):
                    found.update(NUMBER.findall(value))
    return found


@pytest.fixture
def printed(cli: Cli, tmp_path: Path) -> tuple[Path, Path]:
    """October at the demo estate (172 repair calls, 14 repair tickets of move-in defects
    and paid services, and the other desk services) plus one complaint, help request,
    inquiry and incident, archived and printed to PDF with one work order."""
    cli.ok("demo", "--month", "2026-10", "--out", str(cli.db))
    cli.now("2026-11-01 09:00")
    cli.ok("--at", "2026-10-20 10:00", "ticket", "open", "--kind", "complaint", "--channel",
           "phone", "--unit", "3-2-1201", "--caller", "张先生", "--summary", "楼上装修噪音")
    cli.ok("--at", "2026-10-21 10:00", "ticket", "open", "--kind", "help", "--help-kind",
           "other", "--unit", "1-1-0101", "--caller", "李四", "--phone", "13800000002",
           "--summary", "借梯子")
    cli.ok("--at", "2026-10-22 10:00", "ticket", "open", "--kind", "inquiry", "--written",
           "--caller", "王五", "--summary", "押金何时退还")
    cli.ok("--at", "2026-10-23 10:00", "incident", "report", "--category", "fire", "--place",
           "4栋12楼")
    folder = tmp_path / "archive"
    cli.ok("archive", "--month", "2026-10", "--out", str(folder))
    cli.ok("register", "work-order", "BX-20261015-001", "--out", str(folder / "维修单.xlsx"))
    out = tmp_path / "pdf"
    subprocess.run([str(SOFFICE), "--headless", "--convert-to", "pdf", "--outdir", str(out),
                    *map(str, sorted(folder.glob("*.xlsx")))],
                   check=True, capture_output=True, timeout=300)
    return folder, out


def test_every_form_prints_whole_with_its_header_on_every_page(
        printed: tuple[Path, Path]) -> None:
    folder, out = printed
    books = sorted(folder.glob("*.xlsx"))
    assert len(books) == 24  # 23 forms of the month and a work order
    for xlsx in books:
        pdf = out / f"{xlsx.stem}.pdf"
        assert pdf.exists(), xlsx.name
        book = load_workbook(xlsx)
        count = pages(pdf)
        texts = [page_text(pdf, p) for p in range(1, count + 1)]
        title = book.worksheets[0].cell(row=1, column=1).value
        assert all(title in t for t in texts), f"{xlsx.name}: a page without its title"
        text = "\n".join(texts)
        missing = numbers_in(xlsx) - set(NUMBER.findall(text))
        assert not missing, f"{xlsx.name}: numbers cut or lost in print: {sorted(missing)}"
        sheet = book.worksheets[0]
        heads = int(str(sheet.print_title_rows).split(":")[1].strip("$"))
        header = [c.value for c in sheet[heads] if c.value]
        if len(book.worksheets) == 1 and heads == 3:  # one table: no page loses a column
            for i, t in enumerate(texts):
                assert header[0] in t and header[-1] in t, (xlsx.name, i + 1)
        if len(book.worksheets) > 1:  # a sheet a day: at least a page each
            assert count >= len(book.worksheets), xlsx.name
        elif xlsx.stem not in ("业主报修记录表-2026-10", "回访登记表-2026-10",
                               "遗留问题档案-2026-10", "物业日报表-2026-10"):
            assert count == 1, f"{xlsx.name} takes {count} pages"
    _the_month_of_repairs_prints_on_few_pages_every_number_whole(folder, out)


def _the_month_of_repairs_prints_on_few_pages_every_number_whole(folder: Path, out: Path
                                                                 ) -> None:
    pdf = out / "业主报修记录表-2026-10.pdf"
    numbers = numbers_in(folder / "业主报修记录表-2026-10.xlsx")
    assert len(numbers) == 186  # 172 calls, 14 from move-in inspections and paid services
    count = pages(pdf)
    assert 2 <= count <= 186 // 20  # many rows a page, never a page per column group
    printed_numbers: list[str] = []
    for p in range(1, count + 1):
        text = page_text(pdf, p)
        assert "单号" in text and "备注" in text  # first and last column on every page
        printed_numbers += NUMBER.findall(text)
    assert sorted(printed_numbers) == sorted(numbers)  # each once, none cut to BX-202610
    assert pages(out / "维修单.pdf") == 1
