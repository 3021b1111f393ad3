"""``?office=all`` on the API's registers, overdue and KPI reads (issue 14), against a real
``propsvc serve`` process: the company role gets every office side by side with totals,
a manager holding two offices gets those two, a desk clerk is refused (403) naming
read.company, and a foreign office code is a 422."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from propsvc.clock import SettableClock
from propsvc.permissions import Actor
from tests.office import open_office
from tests.server.support import SETUP, Running, Store, make_store, serving

API = "/api/v1"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Running]]:
    tmp = tmp_path_factory.mktemp("company")
    store = make_store(str(tmp / "propsvc.db"))
    with open_office(store.db, actor="admin", role="manager",
                     clock=SettableClock(SETUP)) as office:
        office.records.add_office("east", "东区管理处", "Asia/Shanghai")
        for unit in ("1-1-101", "1-1-102"):
            office.tickets.open("repair", unit=unit, caller="王芳", phone="13800001234",
                                summary="漏水")
        office.for_office("east").acting_as(Actor("desk", "desk")).tickets.open(
            "repair", unit="9-9-909", caller="李女士", phone="13900000000", summary="灯坏")
        office.users.grant("zhou", [], ["east"])  # a manager (and cashier) of both offices
    with serving(store.db, tmp, "--no-tick") as running:
        yield store, running


def test_the_company_role_reads_every_office_over_http(live: tuple[Store, Running]) -> None:
    store, running = live
    with running.client(store.role_token("company")) as client:
        reg = client.get(f"{API}/registers/repairs", params={"office": "all"})
        assert reg.status_code == 200, reg.text
        data = reg.json()
        assert [(r["office"], r["unit"]) for r in data["rows"]] == [
            ("east", "9-9-909"), ("main", "1-1-101"), ("main", "1-1-102")]
        assert data["per_office"] == [{"office": "east", "rows": 1},
                                      {"office": "main", "rows": 2}]
        assert data["total"] == {"rows": 3}
        overdue = client.get(f"{API}/overdue", params={"office": "all"}).json()
        assert overdue["total"]["rows"] == len(overdue["rows"]) > 0
        own = client.get(f"{API}/registers/repairs").json()  # the session's office only
        assert own["office"] == "main" and len(own["rows"]) == 2
        foreign = client.get(f"{API}/registers/repairs", params={"office": "east"})
        assert foreign.status_code == 422 and "office=all" in foreign.text


def test_a_manager_of_two_offices_reads_both_a_desk_clerk_is_refused(
        live: tuple[Store, Running]) -> None:
    store, running = live
    with running.client(store.tokens["zhou"]) as client:
        daily = client.get(f"{API}/registers/daily-repairs", params={"office": "all"})
        assert daily.status_code == 200, daily.text
        received = {k["kpi"]: k for k in daily.json()["kpis"]}["in_home.totals.received"]
        assert received["by_office"] == {"east": 1, "main": 2} and received["total"] == 3
    with running.client(store.role_token("desk")) as client:
        refused = client.get(f"{API}/registers/repairs", params={"office": "all"})
        assert refused.status_code == 403 and "read.company" in refused.text
    with running.client(store.tokens["wu"]) as client:  # a manager of one office
        refused = client.get(f"{API}/overdue", params={"office": "all"})
        assert refused.status_code == 403 and "read.company" in refused.text
        assert "'wu'" in refused.text  # the server speaks zh-CN: the rule and the name
