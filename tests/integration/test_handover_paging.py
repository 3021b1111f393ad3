"""The handover log's carried-in matters, one page at a time (S2 order: urgent, normal,
untriaged, later; oldest first within each; triage as known at the shift's end), equal
the whole list cut into pages, on both stores; and the count and the page's keys come
from the covering index ``rm_hv_items_open``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from propsvc.clock import SettableClock
from propsvc.office import Office
from propsvc.queries.handover import TICK, item_view, open_at, open_page, urgent_first


def _matters(rt: Office, clock: SettableClock) -> None:
    for n in range(9):
        rt.repairs.open(unit=f"3-2-{1201 + n}", caller="王女士", phone="13800001234",
                        summary="厨房水管漏水")
        clock.advance(timedelta(minutes=3))
    rt.handover.take_over()
    for number, triage in (("005", "urgent"), ("002", "later"), ("007", "normal"),
                           ("001", "urgent"), ("009", "later")):
        rt.handover.triage(f"BX-20261122-{number}", triage)
        clock.advance(timedelta(minutes=1))
    rt.backend.catch_up()


def test_pages_equal_the_whole_list_cut(make_runtime: Callable[..., Office], db_url: str,
                                        clock: SettableClock) -> None:
    rt = make_runtime(db_url)
    _matters(rt, clock)
    db, now = rt.backend.read_db, clock.now()
    for until in (now + TICK, now - timedelta(minutes=3)):  # the later triages not yet known
        whole = [v["number"] for v in urgent_first([item_view(r, until)
                                                    for r in open_at(db, rt.code, now)])]
        assert len(whole) == 9
        for size in (1, 2, 4, 9):
            pages = []
            for offset in range(0, 10, size):
                total, rows = open_page(db, rt.code, now, until, size, offset)
                assert total == 9
                pages.extend(r["number"] for r in rows)
            assert pages == whole, (until, size)
    assert open_page(db, rt.code, now, now, 0, 0) == (9, [])


def test_the_count_and_the_page_read_the_covering_index(
        make_runtime: Callable[..., Office], sqlite_url: str, clock: SettableClock) -> None:
    from tests.integration.test_catch_up_plans import _plan, _record

    rt = make_runtime(sqlite_url)
    _matters(rt, clock)
    db = rt.backend.read_db.db
    seen = _record(db)
    open_page(rt.backend.read_db, rt.code, clock.now(), clock.now(), 4, 0)
    count, page = (_plan(db, sql, params) for sql, params in seen)
    assert "COVERING INDEX rm_hv_items_open" in count, count
    assert "COVERING INDEX rm_hv_items_open" in page, page
