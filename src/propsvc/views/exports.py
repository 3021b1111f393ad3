"""Registers as files, as the paper forms have them — Chinese headers, office-local
times — for ``register export`` (csv or xlsx) and the month-end ``archive``. OK marks and
reasons are written in red in xlsx, as in the books (S2, S4)."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path
from typing import Any

from propsvc.calendar import OfficeCalendar
from propsvc.errors import InvalidInput
from propsvc.queries.registers import Register


def cell(value: Any, cal: OfficeCalendar, key: str = "",
         words: dict[str, dict[str, str]] | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, str) and words and key in words:
        return words[key].get(value, value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and "T" in value:
        return cal.local(datetime.fromisoformat(value)).strftime("%Y-%m-%d %H:%M")
    return str(value)


def table(rows: list[dict[str, Any]], form: Register, cal: OfficeCalendar) -> list[list[str]]:
    """The header row and one row per record, as the paper form prints them."""
    out = [[header for _, header in form.columns]]
    words = form.labels()
    for row in rows:
        values = [cell(row.get(key), cal, key, words) for key, _ in form.columns]
        if "ok" in row and isinstance(row["ok"], bool):
            values[[k for k, _ in form.columns].index("ok")] = "OK" if row["ok"] else ""
        out.append(values)
    return out


def write(path: Path, fmt: str, sheets: list[tuple[str, list[list[str]]]]) -> None:
    if not path.parent.is_dir():
        raise InvalidInput(f"folder {path.parent} does not exist: check --out")
    if fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f).writerows(sheets[0][1])
        return
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    red = Font(color="FFFF0000")
    for title, rows in sheets:
        sheet = book.create_sheet(title[:31])
        for values in rows:
            sheet.append(values)
        for column, header in enumerate(rows[0], start=1):
            for r, values in enumerate(rows[1:], start=2):
                value = values[column - 1]
                if (header == "原因" and value) or (header in ("OK", "动作") and value == "OK"):
                    sheet.cell(row=r, column=column).font = red
    book.save(path)
