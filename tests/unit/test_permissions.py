"""The permission matrix of the handover family: every forbidden (role, action) pair is
refused and writes nothing; phone and ID numbers are masked for roles that don't need them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from propsvc.errors import Forbidden
from propsvc.month_end import close_month
from propsvc.permissions import MATRIX, ROLES, mask, mask_phone, permit
from propsvc.runtime import Runtime

FORBIDDEN = [(role, action) for action in MATRIX for role in ROLES
             if role not in MATRIX[action]]
ACTIONS: dict[str, Callable[[Runtime], Any]] = {
    "handover.take_over": lambda rt: rt.handover.take_over(),
    "handover.triage": lambda rt: rt.handover.triage("JB-20261122-001", "urgent"),
    "handover.ok": lambda rt: rt.handover.ok("JB-20261122-001"),
    "handover.reason": lambda rt: rt.handover.reason("JB-20261122-001", "缺配件"),
    "handover.note": lambda rt: rt.handover.note("大堂灯"),
    "handover.hand_over": lambda rt: rt.handover.hand_over(lambda when: []),
    "patrol.record": lambda rt: rt.handover.patrol("环境", "垃圾满溢"),
    "carryover.close_month": lambda rt: close_month(rt, "2026-10"),
}


def events(rt: Runtime) -> int:
    table = rt.store.recorder.events_record_cls.__table__  # type: ignore[attr-defined]
    with rt.read_engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_the_matrix_names_only_known_roles_and_every_action_is_exercised() -> None:
    assert all(allowed <= set(ROLES) for allowed in MATRIX.values())
    assert set(MATRIX) == {*ACTIONS, "register.export", "archive"}
    assert len(FORBIDDEN) == 7 * 6 + 3 + 5 + 5


@pytest.mark.parametrize(("role", "action"), FORBIDDEN, ids=[f"{r}-{a}" for r, a in FORBIDDEN])
def test_every_forbidden_pair_is_refused(role: str, action: str) -> None:
    with pytest.raises(Forbidden, match=f"{action} is not permitted for role '{role}'"):
        permit(role, action)


@pytest.fixture
def office(rt: Runtime) -> Runtime:
    rt.handover.take_over()
    rt.handover.note("大堂灯")
    return rt


@pytest.mark.parametrize(("role", "action"),
                         [p for p in FORBIDDEN if p[1] in ACTIONS],
                         ids=[f"{r}-{a}" for r, a in FORBIDDEN if a in ACTIONS])
def test_the_service_refuses_each_forbidden_pair_and_writes_nothing(
        office: Runtime, role: str, action: str) -> None:
    before = events(office)
    office.service.who.role = role
    with pytest.raises(Forbidden):
        ACTIONS[action](office)
    assert events(office) == before


def test_allowed_roles_pass() -> None:
    for action, roles in MATRIX.items():
        for role in roles:
            permit(role, action)


def test_phones_and_ids_are_masked_unless_the_role_needs_them() -> None:
    rows = [{"phone": "138-0000-1234", "id_last4": "0427", "unit": "3-2-1201"}]
    assert mask(rows, "desk") == rows
    assert mask(rows, "auditor") == [{"phone": "138****1234", "id_last4": "****",
                                      "unit": "3-2-1201"}]
    assert mask(rows, "technician")[0]["id_last4"] == "****"
    assert mask(rows, "technician")[0]["phone"] == "138-0000-1234"
    assert mask(rows, "security")[0]["id_last4"] == "0427"
    assert mask_phone("12345") == "****"
    assert rows[0]["phone"] == "138-0000-1234"  # the input is not changed


def test_exports_and_registers_mask_for_the_auditor(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.cli.conftest import Cli, prepare

    cli = Cli(None, monkeypatch, prepare(monkeypatch, tmp_path))
    cli.open_repair()
    cli.ok("key", "deposit", "--unit", "3-2-1201", "--owner", "王女士", "--id-last4", "0427")
    desk = cli.json("register", "repairs")["rows"][0]
    audit = cli.json("--role", "auditor", "register", "repairs")["rows"][0]
    assert (desk["phone"], audit["phone"]) == ("13800001234", "138****1234")
    deposits = cli.json("--role", "cleaning", "register", "key-deposits")["rows"]
    assert deposits[0]["id_last4"] == "****"
    out = tmp_path / "deposits.csv"
    cli.ok("--role", "auditor", "register", "export", "key-deposits", "--format", "csv",
           "--out", str(out))
    assert "0427" not in out.read_text(encoding="utf-8-sig")
    refused = cli("--role", "cleaning", "register", "export", "key-deposits", "--format",
                  "csv", "--out", str(tmp_path / "x.csv"))
    assert refused.code == 1 and "register.export is not permitted" in refused.error
    assert not (tmp_path / "x.csv").exists()


def test_the_documented_matrix_is_the_enforced_one() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "roles.md").read_text(encoding="utf-8")
    for action, allowed in MATRIX.items():
        marks = " | ".join("✓" if r in allowed else "—" for r in ROLES)
        assert f"| `{action}` | {marks} |" in doc, action
