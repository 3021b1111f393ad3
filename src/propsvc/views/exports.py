"""Forms as files, as the paper forms have them — Chinese headers, office-local times —
for ``register export`` (csv or xlsx), ``register work-order`` and the month-end
``archive``.

An xlsx sheet prints like the paper form: a title row (form, office, period), a bold
header that is frozen on screen and repeated on every printed page, columns as wide as
their content (numbers and times never cut, free text wrapped), A4 landscape scaled to
the page width, typed cells (date-times, numbers, amounts), OK marks and S4 reasons in
red, a voided or merged ticket's row struck through (its number, status and 备注 kept
legible), the form's signature lines under the table and the page number in the
footer. A
csv is UTF-8 with a byte-order mark, so Excel opens it in Chinese.

Files are written beside their target and renamed into place once complete: a failed
export leaves no half-written file.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from propsvc.errors import InvalidInput
from propsvc.i18n import _
from propsvc.views.forms import Sheet, Table, csv_rows

RED = "FFFF0000"
GREY = "FFE7E6E6"
GREY_TEXT = "FF808080"
Step = Callable[[int, int], None]


def write(path: Path, fmt: str, sheets: list[Sheet], progress: Step | None = None) -> None:
    if not path.parent.is_dir():
        raise InvalidInput(_("folder {parent} does not exist: check --out", parent=path.parent))
    partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
    try:
        if fmt == "csv":
            with partial.open("w", encoding="utf-8-sig", newline="") as f:
                csv.writer(f).writerows(csv_rows(sheets[0]))
        else:
            workbook(sheets, progress).save(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def workbook(sheets: list[Sheet], progress: Step | None = None) -> Any:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for done, sheet in enumerate(sheets, start=1):
        _fill(book.create_sheet(sheet.name), sheet)
        if progress:
            progress(done, len(sheets))
    return book


def _fill(ws: Any, sheet: Sheet) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    last = get_column_letter(sheet.width)
    ws.append([sheet.title])
    ws.append([sheet.subtitle])
    ws.merge_cells(f"A1:{last}1")
    ws.merge_cells(f"A2:{last}2")
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws["A2"].alignment = Alignment(horizontal="center")
    ws.row_dimensions[1].height = 28
    header_row = 2
    for table in sheet.tables:
        row = _table(ws, table, ws.max_row + (2 if len(sheet.tables) > 1 else 1))
        if header_row == 2 and table.headers:
            header_row = row
    if sheet.sign_off:
        ws.append([])
        ws.append(_spread(sheet.sign_off, sheet.width))
        ws.row_dimensions[ws.max_row].height = 30
        for cell in ws[ws.max_row]:
            cell.alignment = Alignment(vertical="bottom")
    for i, width in enumerate(sheet.widths(), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    single = len(sheet.tables) == 1 and sheet.tables[0].headers is not None
    titles = header_row if single else 2
    ws.freeze_panes = f"A{titles + 1}"
    ws.print_title_rows = f"1:{titles}"
    _page(ws)


def _table(ws: Any, table: Table, first: int) -> int:
    """Write ``table`` from row ``first`` on; returns the row of its header."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="FF808080")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    row = first
    if table.caption:
        ws.cell(row=row, column=1, value=table.caption).font = Font(bold=True)
        row += 1
    header_row = row
    if table.headers:
        for col, text in enumerate(table.headers, start=1):
            cell = ws.cell(row=row, column=col, value=text)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor=GREY)
            cell.border = box
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        row += 1
    red, struck = Font(color=RED), Font(strike=True, color=GREY_TEXT)
    for values in table.rows:
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=value.value)
            cell.border = box
            cell.alignment = Alignment(vertical="top", wrap_text=value.wraps)
            if value.format:
                cell.number_format = value.format
            if value.struck:
                cell.font = struck
            elif value.red:
                cell.font = red
            elif value.kind == "label":
                cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor=GREY)
        row += 1
    return header_row


def _spread(labels: list[str], width: int) -> list[str | None]:
    """Signature lines spread across the sheet's columns."""
    out: list[str | None] = [None] * max(width, len(labels))
    step = max(1, width // len(labels))
    for i, label in enumerate(labels):
        out[i * step] = f"{label}________"
    return out


def _page(ws: Any) -> None:
    """A4 landscape, every column on the page width, as many pages down as it takes."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
