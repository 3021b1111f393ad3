"""客户资料保密: the desk registers (complaints, help, inquiries) show residents' phone
numbers only to the roles that need them (see docs/roles.md)."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_desk_registers_mask_phones_for_roles_that_do_not_need_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.cli.conftest import Cli, prepare

    cli = Cli(None, monkeypatch, prepare(monkeypatch, tmp_path))
    for kind, extra in (("complaint", ("--channel", "phone")), ("help", ("--help-kind", "other")),
                        ("inquiry", ())):
        cli.ok("ticket", "open", "--kind", kind, "--unit", "3-2-1201", "--caller", "张三",
               "--phone", "13800001234", "--summary", "事由", *extra)
    for register in ("complaints", "help", "inquiries"):
        desk = cli.json("register", register)["rows"]
        seen = {r["phone"] for r in desk}
        assert seen == {"13800001234"}, register
        for role in ("auditor", "cleaning", "cashier", "security", "engineering"):
            rows = cli.json("--role", role, "register", register)["rows"]
            assert {r["phone"] for r in rows} == {"138****1234"}, (register, role)
        tech = cli.json("--role", "technician", "register", register)["rows"]
        assert {r["phone"] for r in tech} == {"13800001234"}


def test_ticket_show_history_and_the_daily_repairs_mask_the_callers_phone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.cli.conftest import Cli, prepare

    cli = Cli(None, monkeypatch, prepare(monkeypatch, tmp_path))
    number = cli.open_repair()
    for role, phone in (("desk", "13800001234"), ("technician", "13800001234"),
                        ("auditor", "138****1234"), ("cashier", "138****1234")):
        assert cli.json("--role", role, "ticket", "show", number)["intake"]["phone"] == phone
        first = cli.json("--role", role, "ticket", "history", number)[0]["data"]
        assert first["phone"] == phone, role
        day = cli.json("--role", role, "register", "daily-repairs")["in_home"]["received"]
        assert [r["phone"] for r in day] == [phone], role
