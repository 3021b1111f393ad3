"""Read models offer office-local times to outside readers: each table with UTC time
columns has a ``<table>_local`` view adding ``<column>_local`` in the office's zone, on
SQLite and PostgreSQL, created with the tables and kept through a rebuild."""

from __future__ import annotations

from typing import Any

from propsvc.clock import SettableClock
from propsvc.office import Actor, Office


def _query(url: str, sql: str) -> list[tuple[Any, ...]]:
    if url.startswith("postgresql"):
        import psycopg

        with psycopg.connect(url) as conn:
            return [tuple(r) for r in conn.execute(sql).fetchall()]
    import sqlite3

    conn = sqlite3.connect(url)
    try:
        return [tuple(r) for r in conn.execute(sql).fetchall()]
    finally:
        conn.close()


def test_a_call_at_08_05_office_time_reads_08_05_in_the_local_view(
        db_url: str, clock: SettableClock) -> None:
    # START is 2026-11-22 01:00 UTC = 09:00 in Asia/Shanghai
    with Office.open(db_url, user=Actor("小刘", "desk"), clock=clock) as office:
        office.tickets.open("repair", unit="3-2-1201", caller="王芳", phone="13800001234",
                            summary="厨房漏水", part="厨房水管")
        sql = "SELECT number, opened_at, opened_at_local FROM rm_tickets_local"
        [(number, utc, local)] = _query(db_url, sql)
        assert number == "BX-20261122-001"
        assert str(utc).startswith("2026-11-22 01:00:00")
        assert str(local).startswith("2026-11-22 09:00:00")
        office.rebuild()
        assert _query(db_url, sql) == [(number, utc, local)]
        views = _query(db_url, "SELECT count(*) FROM rm_deadlines_local")
        assert views[0][0] >= 1
