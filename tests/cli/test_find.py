"""Finding tickets, keys and renovations without their number (``ticket find``, ``ticket
list``, ``key find``, ``reno find``): what a clerk types, what comes back, and that every
filter is answered through an index."""

from __future__ import annotations

import sqlite3

import pytest

from tests.cli.conftest import Cli

DOCS = ["--doc", "certificate", "--doc", "contract", "--doc", "licence", "--doc", "worker-ids"]


@pytest.fixture
def desk(cli: Cli) -> Cli:
    """Five calls over three days at two buildings, one of them completed."""
    cli.open_repair("3-2-1201", now="2026-11-20 09:00")
    cli.json("ticket", "open", "--kind", "repair", "--unit", "3-2-0801", "--caller", "张先生",
             "--phone", "13911112222", "--summary", "客厅灯不亮", now="2026-11-21 10:00")
    cli.json("ticket", "open", "--kind", "complaint", "--channel", "phone", "--unit",
             "5-1-0301", "--caller", "张女士", "--phone", "13700003333",
             "--summary", "楼上装修噪音", now="2026-11-21 11:00")
    cli.json("ticket", "open", "--kind", "inquiry", "--caller", "李四",
             "--summary", "物业费怎么交", now="2026-11-22 08:00")
    done = cli.open_repair("5-1-0301", now="2026-11-22 08:30")
    cli.ok("repair", "order", done, "--technician", "王师傅", now="2026-11-22 08:31")
    cli.ok("repair", "arrive", done, now="2026-11-22 08:40")
    cli.ok("repair", "complete", done, "--signed-by", "王女士", "--rating", "5",
           now="2026-11-22 09:00")
    return cli


def numbers(found: dict[str, object]) -> list[str]:
    return [r["number"] for r in found["rows"]]  # type: ignore[index, attr-defined]


def test_a_unit_finds_its_tickets_newest_first_and_its_start_finds_the_building(
        desk: Cli) -> None:
    assert numbers(desk.json("ticket", "find", "--unit", "5-1-0301")) == [
        "BX-20261122-001", "TS-20261121-001"]
    found = desk.json("ticket", "find", "3-2")  # free text that looks like a unit
    assert numbers(found) == ["BX-20261121-001", "BX-20261120-001"]
    assert found["total"] == 2 and found["page"] == 1


def test_phone_caller_words_kind_status_and_days_narrow_the_search(desk: Cli) -> None:
    assert numbers(desk.json("ticket", "find", "--phone", "139")) == ["BX-20261121-001"]
    assert numbers(desk.json("ticket", "find", "--caller", "张")) == [
        "TS-20261121-001", "BX-20261121-001"]
    assert numbers(desk.json("ticket", "find", "噪音")) == ["TS-20261121-001"]
    assert numbers(desk.json("ticket", "find", "--kind", "inquiry")) == ["WX-20261122-001"]
    assert numbers(desk.json("ticket", "find", "--unit", "5-1", "--status", "closed")) == [
        "BX-20261122-001"]
    assert numbers(desk.json("ticket", "find", "--from", "2026-11-21", "--to", "2026-11-21")
                   ) == ["TS-20261121-001", "BX-20261121-001"]
    assert numbers(desk.json("ticket", "find", "BX-20261120-001")) == ["BX-20261120-001"]
    assert desk.json("ticket", "find", "--unit", "9-9-9999")["rows"] == []


def test_the_open_list_pages_through_what_is_still_open(desk: Cli) -> None:
    first = desk.json("ticket", "list", "--open", "--limit", "2")
    second = desk.json("ticket", "list", "--open", "--limit", "2", "--page", "2")
    assert first["total"] == second["total"] == 4
    assert numbers(first) + numbers(second) == [
        "WX-20261122-001", "TS-20261121-001", "BX-20261121-001", "BX-20261120-001"]
    assert numbers(desk.json("ticket", "list", "--open", "--kind", "complaint")) == [
        "TS-20261121-001"]
    table = desk.ok("ticket", "list", "--open").out
    assert "BX-20261120-001" in table and "共 4 条" in table


def test_phones_are_masked_for_roles_that_do_not_see_them_and_not_searchable_by_them(
        desk: Cli) -> None:
    found = desk.json("--role", "cleaning", "ticket", "find", "--unit", "3-2-0801")
    assert found["rows"][0]["phone"] == "139****2222"
    refused = desk("--role", "cleaning", "ticket", "find", "--phone", "139")
    assert refused.code == 1 and "phone" in refused.error
    assert desk("--role", "cleaning", "ticket", "find", "13911112222").code == 1


@pytest.mark.parametrize("args", [
    ["ticket", "find", "--status", "lost"], ["ticket", "find", "--from", "2026-13-01"],
    ["ticket", "find", "--from", "2026-11-22", "--to", "2026-11-21"],
    ["ticket", "find", "--limit", "0"], ["ticket", "find", "--kind", "noise"],
    ["ticket", "list", "--page", "0"]])
def test_bad_search_input_is_one_line_and_exit_2(desk: Cli, args: list[str]) -> None:
    before = desk.events()
    result = desk(*args)
    assert result.code == 2, result.err
    assert result.error.startswith("error: ")
    assert desk.events() == before


def test_keys_and_renovations_are_found_by_unit_holder_and_owner(cli: Cli) -> None:
    cli.ok("key", "deposit", "--unit", "3-2-1201", "--owner", "王芳", "--id-last4", "0427")
    cli.ok("key", "deposit", "--unit", "5-1-0301", "--owner", "赵六", "--id-last4", "1234")
    assert [k["label"] for k in cli.json("key", "find", "--unit", "3-2")] == ["3-2-1201"]
    assert [k["owner"] for k in cli.json("key", "find", "赵")] == ["赵六"]
    assert cli.json("key", "find", "--status", "lent") == []
    cli.ok("reno", "apply", "--unit", "5-1-0301", "--contractor", "安居装饰", "--scope", "厨卫",
           "--from", "2026-12-01", "--to", "2026-12-31", *DOCS)
    found = cli.json("reno", "find", "--unit", "5-1")
    assert [(r["number"], r["contractor"]) for r in found] == [("ZX-20261122-001", "安居装饰")]
    assert cli.json("reno", "find", "安居")[0]["unit"] == "5-1-0301"
    assert cli.json("reno", "find", "--unit", "3-2") == []


@pytest.mark.parametrize("filters", [
    {"unit": "3-2"}, {"phone": "139"}, {"caller": "张"}, {"text": "BX-20261120-001"},
    {"kind": "repair", "status": "open"}])
def test_every_search_filter_seeks_an_index(desk: Cli, filters: dict[str, str]) -> None:
    from propsvc.queries.search import TicketQuery, ticket_filter

    where, params = ticket_filter("main", TicketQuery(**filters))
    conn = sqlite3.connect(desk.db)
    try:
        plan = " | ".join(r[3] for r in conn.execute(
            f"EXPLAIN QUERY PLAN SELECT t.number FROM rm_tickets t WHERE {where}", params))
    finally:
        conn.close()
    assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, plan
    assert "SEARCH t " in plan, plan
