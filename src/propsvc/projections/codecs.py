"""Python values ↔ what the drivers store, per column kind, without SQLAlchemy.

Each function gives exactly what SQLAlchemy's type processors give for the same column
on the same dialect (``tests/unit/test_projection_codecs.py`` compares them value by
value), so rows written by catch-up and rows written through SQLAlchemy are the same.
Times are stored as naive UTC; a read gives them back aware (UTC).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

Codec = Callable[[Any], Any]
MEMO_SIZE = 100_000
_SQLITE_UTC: dict[datetime, str] = {}


def _sqlite_utc(value: datetime) -> str:
    """An aware time as SQLite text in UTC (SQLAlchemy's ``DATETIME`` format). Memoised:
    an event's time lands in several columns, and rows are rewritten with their times."""
    try:
        return _SQLITE_UTC[value]
    except KeyError:
        pass
    if len(_SQLITE_UTC) >= MEMO_SIZE:
        _SQLITE_UTC.clear()
    u = value.astimezone(UTC)
    text = (f"{u.year:04d}-{u.month:02d}-{u.day:02d} "
            f"{u.hour:02d}:{u.minute:02d}:{u.second:02d}.{u.microsecond:06d}")
    if value.tzinfo is not None:  # a naive time means local time: not memoised
        _SQLITE_UTC[value] = text
    return text


def _sqlite_date(value: date) -> str:
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def _read_sqlite_utc(value: str) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def _read_sqlite_money(value: Any) -> Decimal:
    return Decimal(f"{value:.2f}")


_PG_UTC: dict[datetime, datetime] = {}


def _pg_utc(value: datetime) -> datetime:
    """An aware time as naive UTC (memoised like ``_sqlite_utc``)."""
    try:
        return _PG_UTC[value]
    except KeyError:
        pass
    if len(_PG_UTC) >= MEMO_SIZE:
        _PG_UTC.clear()
    naive = value.astimezone(UTC).replace(tzinfo=None)
    if value.tzinfo is not None:
        _PG_UTC[value] = naive
    return naive


def _read_pg_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# None means: the driver takes (gives) the Python value as it is
_BIND: dict[tuple[str, str], Codec | None] = {
    ("sqlite", "utc"): _sqlite_utc, ("sqlite", "date"): _sqlite_date,
    ("sqlite", "bool"): int, ("sqlite", "money"): float, ("sqlite", "float"): float,
    ("postgresql", "utc"): _pg_utc,
}
_READ: dict[tuple[str, str], Codec | None] = {
    ("sqlite", "utc"): _read_sqlite_utc, ("sqlite", "date"): date.fromisoformat,
    ("sqlite", "bool"): bool, ("sqlite", "money"): _read_sqlite_money,
    ("postgresql", "utc"): _read_pg_utc,
}


def binder(db: str, kind: str) -> Codec | None:
    """Python value → stored value (None stays None), or None if nothing to convert."""
    return _BIND.get((db, kind))


def reader(db: str, kind: str) -> Codec | None:
    """Stored value → Python value (None stays None), or None if nothing to convert."""
    return _READ.get((db, kind))
