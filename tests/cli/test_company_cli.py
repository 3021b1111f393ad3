"""``--office all`` on the registers, ``overdue`` and the KPI registers (issue 14): the
company role reads every office side by side; a desk clerk is refused (exit 1, one line,
naming read.company); a write with --office all is refused (exit 2), nothing written."""

from __future__ import annotations

from tests.cli.conftest import Cli, assert_times


def _two_offices(cli: Cli) -> None:
    cli.open_repair("1-1-101")
    cli.open_repair("1-1-102")
    cli.ok("--role", "manager", "office", "add", "east", "--name", "东区管理处")
    cli.ok("--office", "east", "ticket", "open", "--kind", "repair", "--unit", "9-9-909",
           "--caller", "李女士", "--phone", "13900000000", "--summary", "灯坏")


def test_the_company_role_reads_a_register_of_every_office(cli: Cli) -> None:
    _two_offices(cli)
    data = cli.json("--role", "company", "register", "repairs", "--office", "all",
                    now="2026-11-22 15:00")
    assert [(r["office"], r["unit"]) for r in data["rows"]] == [
        ("east", "9-9-909"), ("main", "1-1-101"), ("main", "1-1-102")]
    assert data["per_office"] == [{"office": "east", "rows": 1}, {"office": "main", "rows": 2}]
    assert data["total"] == {"rows": 3} and data["offices"] == ["east", "main"]
    assert_times(data)
    table = cli.ok("--role", "company", "--office", "all", "register", "repairs").out
    assert "all offices: east, main" in table and "total" in table
    overdue = cli.json("--role", "company", "overdue", "--office", "all")
    assert overdue["total"]["rows"] == len(overdue["rows"]) > 0
    assert {r["office"] for r in overdue["rows"]} == {"east", "main"}
    daily = cli.json("--role", "company", "register", "daily", "--office", "all")
    opened = next(k for k in daily["kpis"] if k["kpi"] == "repair.opened")
    assert opened == {"kpi": "repair.opened", "by_office": {"east": 1, "main": 2}, "total": 3}


def test_a_desk_clerk_is_refused_and_a_write_for_all_offices_too(cli: Cli) -> None:
    _two_offices(cli)
    refused = cli("register", "repairs", "--office", "all")
    assert refused.code == 1 and refused.out == ""
    assert "read.company" in refused.error and "'desk'" in refused.error
    before = cli.events()
    write = cli("--role", "company", "--office", "all", "repair", "order", "BX-20261122-001",
                "--technician", "王师傅")
    assert write.code == 2 and "--office all only reads" in write.error
    assert cli.events() == before


def test_all_is_not_an_office_code(cli: Cli) -> None:
    cli.open_repair()
    refused = cli("--role", "manager", "office", "add", "all", "--name", "全部")
    assert refused.code == 2 and "reserved" in refused.error


def test_every_office_as_it_stood_at_a_moment(cli: Cli) -> None:
    """``--office all --as-of T``: each office's register as of T, side by side (issue 14:
    company-wide and as-of together); a ticket opened after T is in neither."""
    cli.open_repair("1-1-101", now="2026-11-22 09:10")
    cli.ok("--role", "manager", "office", "add", "east", "--name", "东区管理处")
    cli.ok("--office", "east", "ticket", "open", "--kind", "repair", "--unit", "9-9-909",
           "--caller", "李女士", "--phone", "13900000000", "--summary", "灯坏",
           now="2026-11-22 09:20")
    cli.ok("ticket", "open", "--kind", "repair", "--unit", "1-1-102", "--caller", "张先生",
           "--phone", "13800000000", "--summary", "门坏", now="2026-11-22 14:00")
    then = cli.json("--role", "company", "register", "repairs", "--office", "all",
                    "--as-of", "2026-11-22 12:00", now="2026-11-22 15:00")
    assert [(r["office"], r["unit"]) for r in then["rows"]] == [
        ("east", "9-9-909"), ("main", "1-1-101")]
    assert then["total"] == {"rows": 2}
    now = cli.json("--role", "company", "register", "repairs", "--office", "all")
    assert now["total"] == {"rows": 3}
    overdue = cli.json("--role", "company", "overdue", "--office", "all",
                       "--as-known-at", "2026-11-22 09:15")
    assert {r["office"] for r in overdue["rows"]} <= {"main"}
    today = cli.json("--role", "company", "overdue", "--office", "all")
    assert {"east", "main"} <= {r["office"] for r in today["rows"]}
