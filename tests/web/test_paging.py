"""A month's register on screen is paged (50 rows a page, "page N of M" with links,
in a labelled navigation); its download stays whole."""

from __future__ import annotations

import re
from typing import Any

from propsvc.web.routes.registers import PAGE
from tests.office import open_office
from tests.web.conftest import Store, log_in

ROWS = 2 * PAGE + 5  # three pages, the last of five rows


def _numbers(html: str) -> list[str]:
    body = html.split('<table class="register">', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<td class=\"[^\"]*k-ref\">(BX-\d{8}-\d{3})</td>", body)


def test_a_month_register_pages_on_screen_and_downloads_whole(client: Any,
                                                              store: Store) -> None:
    with open_office(store.db, clock=store.clock, catch_up_writes=False) as office:
        for n in range(ROWS):
            office.repairs.open(unit=f"3-2-{1201 + n}", caller="王女士", phone=None,
                                summary="厨房水管漏水")
        office.backend.catch_up()
    log_in(client, "lily")
    first = client.get("/registers/repairs?month=2026-11").text
    numbers = [f"BX-20261122-{n:03d}" for n in range(1, ROWS + 1)]
    assert _numbers(first) == numbers[:PAGE]
    assert '<nav class="pager" aria-label=' in first and "第 1 页，共 3 页" in first
    assert 'href="/registers/repairs?month=2026-11&amp;page=2" rel="next"' in first
    second = client.get("/registers/repairs?month=2026-11&page=2").text
    assert _numbers(second) == numbers[PAGE:2 * PAGE]
    assert "第 2 页，共 3 页" in second and 'page=1" rel="prev"' in second
    assert 'href="/registers/repairs?month=2026-11&amp;page=3">' in second  # the last
    assert _numbers(client.get("/registers/repairs?month=2026-11&page=9").text) == \
        numbers[2 * PAGE:]  # past the end: the last page
    csv = client.get("/registers/repairs/download?format=csv&month=2026-11")
    assert all(n in csv.content.decode("utf-8") for n in numbers)
    day = client.get("/registers/repairs?date=2026-11-23").text
    assert 'class="pager"' not in day  # one page: no pager
