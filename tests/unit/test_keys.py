"""The Key aggregate and its deadline policy, without a store (K1–K6)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from propsvc.aggregates.base import Context
from propsvc.aggregates.key_rules import Link
from propsvc.aggregates.keys import Key, KeyLent
from propsvc.calendar import OfficeCalendar
from propsvc.errors import RuleViolation
from propsvc.policies.base import Meet, Open
from propsvc.policies.keys import plan_key
from propsvc.profile import Profile

T0 = datetime(2026, 11, 22, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
CAL = OfficeCalendar()


def ctx(minutes: int = 0) -> Context:
    at = T0 + timedelta(minutes=minutes)
    return Context(at, at, "desk", "desk", "main")


def unit_key(deposited: bool = True) -> Key:
    key = Key.register("3-2-1201", ctx(), key_class="unit", unit="3-2-1201")
    if deposited:
        key.deposit(ctx(), owner="王芳", id_last4="0427")
    return key


def lend(key: Key, borrower_type: str, *, due: datetime | None = None,
         ticket: Link | None = None, renovation: Link | None = None,
         borrower: str = "李师傅", approved_by: str | None = None,
         personal: bool = False) -> None:
    end = CAL.end_of_day(T0)
    key.lend(ctx(1), borrower=borrower, borrower_type=borrower_type, id_last4="1234",
             purpose="维修", due_at=due or end, end_of_day=end,
             same_day=borrower_type in ("contractor", "maintenance"), personal=personal,
             approved_by=approved_by, ticket=ticket, renovation=renovation)


def test_end_of_day_is_office_midnight() -> None:
    assert CAL.local(CAL.end_of_day(T0)).strftime("%H:%M") == "23:59"


def test_technician_gets_a_deposited_key_only_with_spare_key_consent_on_that_unit() -> None:
    ok = Link("BX-20261122-001", "3-2-1201", True, "open")
    key = unit_key()
    lend(key, "maintenance", ticket=ok)
    assert key.status == "lent" and key.loan is not None and key.loan.ticket == ok.number
    for bad, text in ((Link(ok.number, "3-2-1202", True, "open"), "not 3-2-1201"),
                      (Link(ok.number, "3-2-1201", False, "open"), "did not allow"),
                      (Link(ok.number, "3-2-1201", True, "completed"), "completed"),
                      (None, "owner allowed")):
        with pytest.raises(RuleViolation, match=text):
            lend(unit_key(), "maintenance", ticket=bad)


def test_contractor_needs_an_active_permit_for_that_unit() -> None:
    with pytest.raises(RuleViolation, match="renovation permit"):
        lend(unit_key(deposited=False), "contractor")
    with pytest.raises(RuleViolation, match="no active permit"):
        lend(unit_key(), "contractor", renovation=Link("ZX-1", "3-2-1201", False, "applied"))
    key = unit_key()
    lend(key, "contractor", renovation=Link("ZX-1", "3-2-1201", True, "active"))
    assert key.loan is not None and key.loan.same_day


def test_same_day_return_for_contractors_and_maintenance() -> None:
    key = Key.register("水泵房", ctx(), key_class="equipment", equipment="水泵房")
    with pytest.raises(RuleViolation, match="same day"):
        lend(key, "maintenance", due=T0 + timedelta(days=1))
    lend(key, "staff", due=T0 + timedelta(days=1))
    assert key.status == "lent"


def test_public_keys_never_for_personal_reasons_and_marketing_needs_approval() -> None:
    key = Key.register("天台", ctx(), key_class="public", area="3栋天台")
    with pytest.raises(RuleViolation, match="personal"):
        lend(key, "staff", personal=True)
    with pytest.raises(RuleViolation, match="personal"):
        lend(key, "owner")
    with pytest.raises(RuleViolation, match="approval"):
        lend(key, "marketing")
    lend(key, "marketing", approved_by="赵经理")
    with pytest.raises(RuleViolation, match="already lent"):
        lend(key, "staff")


def test_owner_takes_the_key_back_after_an_identity_check() -> None:
    key = unit_key()
    with pytest.raises(RuleViolation, match="identity"):
        key.retrieve(ctx(2), id_last4="9999", signed_by=None)
    key.retrieve(ctx(2), id_last4="0427", signed_by=None)
    assert key.status == "retrieved"
    with pytest.raises(RuleViolation, match="K4"):
        lend(key, "owner", borrower="王芳")


def test_a_loan_opens_the_return_deadline_and_the_return_meets_it() -> None:
    key = unit_key()
    lend(key, "owner", borrower="王芳")
    lent = key.pending[-1]
    assert isinstance(lent, KeyLent)
    (opened,) = plan_key(lent, key, Profile())
    assert isinstance(opened, Open) and opened.rule == "K5" and opened.due_at == lent.due_at
    assert opened.on_miss == "chase:王芳"
    key.set_deadline(ctx(1), key=opened.key, rule="K5", label=opened.label,
                     due_at=opened.due_at, limit_minutes=opened.limit_minutes,
                     basis=opened.basis, on_miss=opened.on_miss)
    back = key.give_back(ctx(60 * 24))
    assert back.late_minutes > 0
    assert plan_key(back, key, Profile()) == [Meet(opened.key)]


def test_label_checks_wait_for_the_key_to_come_back() -> None:
    key = unit_key()
    key.check_label(ctx(1), True, None)
    assert key.label_checked_at == T0 + timedelta(minutes=1)
    lend(key, "owner", borrower="王芳")
    with pytest.raises(RuleViolation, match="K5"):
        key.check_label(ctx(2), False, "标签脱落")


def test_a_named_ticket_or_permit_must_fit_even_when_not_strictly_needed() -> None:
    with pytest.raises(RuleViolation, match="not 3-2-1201"):
        lend(unit_key(deposited=False), "maintenance",
             ticket=Link("BX-1", "3-2-1202", True, "open"))
    pump = Key.register("水泵房", ctx(), key_class="equipment", equipment="水泵房")
    with pytest.raises(RuleViolation, match="no active permit"):
        lend(pump, "contractor", renovation=Link("ZX-1", "3-2-1201", False, "refunded"))
