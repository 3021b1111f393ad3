"""A form laid out for print: from a catalogue entry (``queries.registers``) and its
data, the sheets of a file — title, office and period, each table with its header and
typed cells (times as office-local date-times, counts as numbers, amounts with two
decimals), which cells are red (S2, S4), the width each column needs, and the
signature lines. ``views.exports`` writes these as xlsx or csv; nothing here knows a
file format.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from propsvc.calendar import OfficeCalendar
from propsvc.queries.columns import Column, Part, Row
from propsvc.queries.registers import Register, is_struck

TEXT_WIDTH = 30  # free text wraps beyond this many half-width characters
SHORT_WIDTH = 22
HEADER_WIDTH = 8  # headers wrap beyond this (four Chinese characters a line)
SIGN_WIDTH = 12  # room to sign by hand
KEEP = ("number", "status", "correction")  # a struck row still reads: which, and why
FORMATS = {"time": "yyyy-mm-dd hh:mm", "date": "yyyy-mm-dd", "money": "#,##0.00",
           "rate": "0.0%", "int": "0"}


@dataclass
class Cell:
    value: Any  # str, int, Decimal, float, datetime, date or None
    kind: str
    red: bool = False
    struck: bool = False  # a voided or merged ticket's row: struck through, as on paper

    @property
    def format(self) -> str | None:
        if isinstance(self.value, datetime):
            return FORMATS["time"]
        if isinstance(self.value, date):
            return FORMATS["date"]
        if self.kind in ("money", "rate") or (self.kind == "auto"
                                               and isinstance(self.value, Decimal)):
            return FORMATS["rate" if self.kind == "rate" else "money"]
        return None

    @property
    def text(self) -> str:
        """The value as printed (csv, and to measure widths)."""
        v = self.value
        if v is None:
            return ""
        if isinstance(v, datetime):
            return v.strftime("%Y-%m-%d %H:%M")
        if isinstance(v, date):
            return v.isoformat()
        if self.kind == "rate" and isinstance(v, float):
            return f"{v:.1%}"
        if isinstance(v, Decimal):
            return f"{v:,.2f}" if self.kind == "money" or self.kind == "auto" else f"{v:f}"
        return str(v)

    @property
    def wraps(self) -> bool:
        return self.kind in ("text", "auto", "short", "sign", "label")


@dataclass
class Table:
    caption: str | None
    headers: list[str] | None
    kinds: list[str]
    rows: list[list[Cell]]


@dataclass
class Sheet:
    name: str
    title: str
    subtitle: str
    tables: list[Table]
    sign_off: list[str] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(t.kinds) for t in self.tables), default=1)

    def widths(self) -> list[float]:
        """Per column, the width (in half-width characters) that fits its content:
        numbers of records and times are never cut, free text wraps at a cap."""
        out = [4.0] * self.width
        for table in self.tables:
            for i, kind in enumerate(table.kinds):
                header = table.headers[i] if table.headers else ""
                need = min(display_width(header), HEADER_WIDTH)
                for row in table.rows:
                    need = max(need, _cap(display_width(row[i].text), kind))
                if kind == "sign":
                    need = max(need, SIGN_WIDTH)
                out[i] = max(out[i], need + 2)
        return out


def display_width(text: str) -> int:
    """Half-width characters: a Chinese character counts two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cap(width: int, kind: str) -> int:
    if kind in ("text", "auto"):
        return min(width, TEXT_WIDTH)
    if kind in ("short", "sign", "label"):
        return min(width, SHORT_WIDTH)
    return width  # ref, time, date, numbers, marks: always whole


def typed(value: Any, kind: str, cal: OfficeCalendar,
          words: dict[str, str] | None = None) -> Any:
    """A row's value as the file holds it, by the column's kind."""
    if value is None or value == "":
        return None
    if kind == "mark":
        return "OK" if value is True or value in ("ok", "OK") else None
    if kind == "bool" or isinstance(value, bool):
        return "是" if value else "否"
    if kind in ("time", "auto") and isinstance(value, str) and _is_time(value):
        return cal.local(datetime.fromisoformat(value)).replace(tzinfo=None)
    if isinstance(value, datetime):
        return cal.local(value).replace(tzinfo=None) if value.tzinfo else value
    if kind == "date":
        return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    if kind == "int":
        return int(value)
    if kind in ("money", "number"):
        return _decimal(value)
    if kind == "rate":
        return float(value)
    if isinstance(value, str) and words is not None:
        return words.get(value, value)
    if kind == "auto" and isinstance(value, int | float | Decimal):
        return value
    return str(value)


def _is_time(value: str) -> bool:
    return len(value) >= 19 and value[4] == "-" and value[10] == "T"


def _decimal(value: Any) -> Decimal | str:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return str(value)


def table_of(part: Part, data: dict[str, Any], cal: OfficeCalendar,
             words: dict[str, dict[str, str]]) -> Table:
    cols = part.columns
    rows = [[_cell(c, row, cal, words, is_struck(row) and c.key not in KEEP) for c in cols]
            for row in part.take(data)]
    return Table(part.caption, [c.header for c in cols] if part.header else None,
                 [c.kind for c in cols], rows)


def _cell(column: Column, row: Row, cal: OfficeCalendar,
          words: dict[str, dict[str, str]], struck: bool) -> Cell:
    value = typed(column.of(row), column.kind, cal, words.get(column.key))
    return Cell(value, column.kind, column.is_red(row), struck)


def sheet_of(form: Register, data: dict[str, Any], cal: OfficeCalendar, *, name: str,
             office: str, period: str | None, made_at: datetime) -> Sheet:
    """One sheet of ``form`` with ``data``: its title row says the form, the office and
    the period; the tables follow in the catalogue's order; then the signature lines."""
    words = form.labels()
    tables = [table_of(p, data, cal, words) for p in form.parts]
    if len(tables) > 1:  # a report: leave out the empty sections but keep the first
        tables = [t for i, t in enumerate(tables) if i == 0 or t.rows or not t.caption]
    parts = [f"管理处：{office}"]
    if period:
        parts.append(f"期间：{period}")
    parts.append(f"制表：{cal.local(made_at).strftime('%Y-%m-%d %H:%M')}")
    signed = data.get("signed") or {}
    sign_off = [f"{label}：{signed.get(label) or ''}" for label in form.sign_off]
    return Sheet(name[:31], form.title, "　".join(parts), tables, sign_off)


def csv_rows(sheet: Sheet) -> list[list[str]]:
    """Every table of the sheet as text rows (header first); a report's tables follow
    one another, each under its caption, an empty line between them."""
    out: list[list[str]] = []
    for i, table in enumerate(sheet.tables):
        if i:
            out.append([])
        if table.caption and len(sheet.tables) > 1:
            out.append([table.caption])
        if table.headers:
            out.append(list(table.headers))
        out.extend([c.text for c in row] for row in table.rows)
    return out
