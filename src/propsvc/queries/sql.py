"""The read models as the queries see them: plain SQL on a DB-API connection.

Queries run on every read command, so they talk to the driver directly, as catch-up does
(no SQLAlchemy: importing its Core alone cost a fifth of a second per command). The same
SQL runs on SQLite and PostgreSQL: ``?`` marks a parameter (``%s`` on PostgreSQL),
identifiers are quoted, and values are converted both ways by the column kinds of the
generated ``projections/_schema.py`` with the catch-up's own codecs, so a row reads back
exactly as SQLAlchemy gave it (aware UTC times, ``Decimal`` money, ``bool``, ``date``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from propsvc.projections.codecs import binder, reader
from propsvc.projections.db import Db
from propsvc.projections.schema import TableSpec

Row = dict[str, Any]


def q(name: str) -> str:
    """A quoted identifier."""
    return f'"{name}"'


@dataclass(frozen=True)
class Col:
    """One selected value: the row key it lands under, its SQL and its kind."""

    key: str
    expr: str
    kind: str = "str"

    def labelled(self, key: str) -> Col:
        return Col(key, self.expr, self.kind)


def cols(spec: TableSpec, alias: str, *names: str) -> tuple[Col, ...]:
    """Columns of ``spec`` (all of them, in table order, when no names are given)."""
    return tuple(Col(n, f"{alias}.{q(n)}", spec.kind(n)) for n in (names or spec.columns))


def col(spec: TableSpec, alias: str, name: str) -> str:
    """One column's SQL (for WHERE and ORDER BY)."""
    if name not in spec.columns:
        raise KeyError(f"{spec.name} has no column {name}")
    return f"{alias}.{q(name)}"


def table(spec: TableSpec, alias: str) -> str:
    return f"{q(spec.name)} {alias}"


def marks(values: Sequence[Any]) -> str:
    """``?, ?, ?`` for an ``IN (…)`` of ``values`` (which must not be empty)."""
    if not values:
        raise ValueError("IN () of nothing")
    return ", ".join("?" for _ in values)


class Reads:
    """The read side's connection: ``rows`` decodes by column kind, ``values`` does not."""

    def __init__(self, db: Db) -> None:
        self.db = db
        self.kind = db.kind
        self._binders = {t: binder(db.kind, k) for t, k in
                         ((datetime, "utc"), (date, "date"), (Decimal, "money"))}

    def _sql(self, sql: str) -> str:
        return sql if self.kind == "sqlite" else sql.replace("?", "%s")

    def _params(self, params: Sequence[Any]) -> list[Any]:
        out = []
        for value in params:
            convert = self._binders.get(type(value))
            out.append(value if convert is None or value is None else convert(value))
        return out

    def values(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows as the driver gives them (counts, codes: nothing to convert)."""
        try:
            return [tuple(r) for r in self.db.rows(self._sql(sql), self._params(params))]
        finally:
            self.db.end_read()

    def rows(self, columns: Sequence[Col], rest: str, params: Sequence[Any] = ()
             ) -> list[Row]:
        """``SELECT columns rest`` as dicts keyed by each column's key, values decoded."""
        sql = f"SELECT {', '.join(c.expr for c in columns)} {rest}"
        keys = [c.key for c in columns]
        readers = [(i, r) for i, c in enumerate(columns)
                   if (r := reader(self.kind, c.kind)) is not None]
        out = []
        for found in self.values(sql, params):
            values = list(found)
            for i, read in readers:
                if values[i] is not None:
                    values[i] = read(values[i])
            out.append(dict(zip(keys, values, strict=True)))
        return out

    def close(self) -> None:
        self.db.close()
