"""The tick lock every server process of one database shares (``Backend.exclusive``)."""

from __future__ import annotations

import pytest

from propsvc.office.backend import Backend
from propsvc.server.ticker import TICK_LOCK


@pytest.mark.postgres
def test_only_one_process_holds_the_tick_lock_at_a_time(pg_url: str) -> None:
    first, second = Backend(pg_url), Backend(pg_url)
    try:
        with first.exclusive(TICK_LOCK) as held:
            assert held
            with second.exclusive(TICK_LOCK) as also:
                assert not also
        with second.exclusive(TICK_LOCK) as now:
            assert now  # released with the block
    finally:
        first.close()
        second.close()


def test_sqlite_always_grants_the_lock(sqlite_url: str) -> None:
    backend = Backend(sqlite_url)
    try:
        with backend.exclusive(TICK_LOCK) as held, backend.exclusive(TICK_LOCK) as again:
            assert held and again
    finally:
        backend.close()
