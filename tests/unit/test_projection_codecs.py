"""Catch-up's own SQL layer stores exactly what SQLAlchemy would: the generated table
specs match the table definitions, and each codec gives what the column type's own
SQLAlchemy processor gives, value by value, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.dialects import sqlite
from sqlalchemy.dialects.postgresql import psycopg

from propsvc.projections import _schema
from propsvc.projections.codecs import binder, reader
from propsvc.projections.schema import GENERATED, generated_source, spec_of
from propsvc.projections.tables import metadata

DIALECTS = {"sqlite": sqlite.dialect(), "postgresql": psycopg.dialect()}
SHANGHAI = timezone(timedelta(hours=8))
SAMPLES: dict[str, list[Any]] = {
    "utc": [datetime(2026, 11, 22, 9, 3, tzinfo=SHANGHAI),
            datetime(2026, 1, 1, 0, 0, 0, 1, tzinfo=UTC),
            datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=timezone(timedelta(hours=-5)))],
    "date": [date(2026, 2, 28), date(1, 1, 1)],
    "bool": [True, False],
    "money": [Decimal("120.00"), Decimal("0.10"), Decimal("99999.99"), Decimal("0")],
    "float": [1.5, 0.0, 26.25],
    "int": [0, 7, -3],
    "str": ["", "漏水", "a'b"],
}


def test_the_generated_specs_are_the_table_definitions() -> None:
    assert GENERATED.read_text(encoding="utf-8") == generated_source(), (
        "projections/_schema.py is out of date: run python -m propsvc.projections.schema")
    specs = {v.name: v for v in vars(_schema).values() if hasattr(v, "columns")}
    assert set(specs) == set(metadata.tables)
    for table in metadata.tables.values():
        assert specs[table.name] == spec_of(table)


def _column_types() -> list[tuple[str, str, Any]]:
    seen: dict[tuple[str, str], Any] = {}
    for table in metadata.tables.values():
        spec = spec_of(table)
        for column, kind in zip(spec.columns, spec.kinds, strict=True):
            for db in DIALECTS:
                seen.setdefault((db, kind), table.c[column].type)
    return [(db, kind, t) for (db, kind), t in sorted(seen.items())]


@pytest.mark.parametrize("db,kind,column_type", _column_types())
def test_each_codec_stores_and_reads_what_sqlalchemy_does(db: str, kind: str,
                                                           column_type: Any) -> None:
    dialect = DIALECTS[db]
    impl = column_type.dialect_impl(dialect)
    sa_bind = impl.bind_processor(dialect)
    ours_bind = binder(db, kind)
    for value in SAMPLES[kind]:
        stored = sa_bind(value) if sa_bind else value
        mine = ours_bind(value) if ours_bind else value
        assert (type(mine), mine) == (type(stored), stored), (db, kind, value)
        if db == "sqlite":  # what sqlite3 hands back is what was stored
            sa_read = impl.result_processor(dialect, None)
            ours_read = reader(db, kind)
            back = sa_read(stored) if sa_read else stored
            got = ours_read(stored) if ours_read else stored
            assert (type(got), got) == (type(back), back), (db, kind, value)
    if db == "postgresql" and kind == "utc":  # psycopg gives naive datetimes back
        naive = datetime(2026, 11, 22, 1, 3)
        sa_read = impl.result_processor(dialect, None)
        assert reader(db, kind)(naive) == sa_read(naive)  # type: ignore[misc]
        assert reader(db, kind)(naive).tzinfo is UTC  # type: ignore[misc]


def test_sqlite_money_comes_back_with_two_decimals_like_sqlalchemy() -> None:
    """SQLite's NUMERIC column stores 12.0 as the integer 12: both give Decimal('12.00')."""
    column_type = metadata.tables["rm_tickets"].c["quote_amount"].type
    impl = column_type.dialect_impl(DIALECTS["sqlite"])
    sa_read = impl.result_processor(DIALECTS["sqlite"], None)
    ours = reader("sqlite", "money")
    assert ours is not None
    for stored in (12, 12.0, 0.1 + 0.2, 99999.99):
        assert ours(stored) == sa_read(stored) and str(ours(stored)) == str(sa_read(stored))
