"""What a form declares about its columns and its tables, so that every register prints
from its declaration alone: the terminal table, the csv and the print-ready xlsx.

A ``Column`` names the row field it shows, the paper form's header, the kind of value
(``kind``: a number of a record, a time, an amount, a signature, …) and when its value is
written in red (S2 OK marks, S4 reasons). A ``Part`` is one table of a form: the rows it
takes from the form's data and its columns. A plain register has one part; a report such
as 维修日报表 has several (one per section), a document such as 维修单 has a grid of
fields and a table of materials.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Row = dict[str, Any]
# The kinds of values a column holds, and how a file writes them:
#   ref    a record's number (BX-20261122-003): never wrapped, never cut
#   short  a short word or name: not wrapped
#   text   free text: wrapped within a capped width
#   time   an office-local date and time (stored as ISO 8601 UTC)
#   date   a day
#   int    a count
#   number a quantity (1, 1.5)
#   money  an amount of money (two decimals)
#   rate   a share (0.6 → 60 %)
#   bool   是/否
#   mark   the OK mark (S2)
#   sign   a signature: the signer's name when recorded, room to sign by hand
#   label  the name of a field in a grid of fields (维修单), printed like a header
#   auto   whatever the value is (a grid of fields with mixed values)
KINDS = ("ref", "short", "text", "time", "date", "int", "number", "money", "rate", "bool",
         "mark", "sign", "label", "auto")


def filled(row: Row, value: Any) -> bool:
    """Red when there is anything written (a reason, an OK mark)."""
    return value not in (None, "", False)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = "short"
    red: Callable[[Row, Any], bool] | None = None  # written in red when true (S2, S4)
    value: Callable[[Row], Any] | None = None  # computed from the row (default row[key])

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"column {self.key}: unknown kind {self.kind!r}")

    def of(self, row: Row) -> Any:
        return self.value(row) if self.value is not None else row.get(self.key)

    def is_red(self, row: Row) -> bool:
        return self.red is not None and self.red(row, self.of(row))


@dataclass(frozen=True)
class Part:
    """One table of a form: ``rows`` is where its rows are in the form's data (a dotted
    path: ``"rows"``, ``"in_home.completed"``); ``caption`` is printed above it."""

    rows: str
    columns: tuple[Column, ...]
    caption: str | None = None
    header: bool = True  # a grid of fields (维修单) has no header row

    def take(self, data: dict[str, Any]) -> list[Row]:
        found: Any = data
        for step in self.rows.split("."):
            found = found.get(step, []) if isinstance(found, dict) else []
        return list(found) if isinstance(found, list) else []


def columns(*specs: tuple[Any, ...] | Column) -> tuple[Column, ...]:
    """Columns from short tuples — ``("number", "单号", "ref")`` — or ``Column``s."""
    return tuple(s if isinstance(s, Column) else Column(*s) for s in specs)
