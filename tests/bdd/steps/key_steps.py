"""Steps of 钥匙管理.feature (K1–K6) and the refusal checks shared with 装修管理."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from pytest_bdd import given, parsers, then, when

from propsvc.aggregates.key_links import KeyLentForWork
from propsvc.aggregates.keys import Key
from propsvc.clock import SettableClock
from propsvc.errors import Forbidden, InvalidInput, RuleViolation
from propsvc.office import Office
from propsvc.queries.keys import deposit_register, key_list, key_overdue, loan_register
from tests.bdd.steps.custody_world import World, q
from tests.office import tick


@pytest.fixture
def custody(rt: Office, clock: SettableClock) -> World:
    return World(rt, clock)


def _loan(w: World, label: str) -> dict[str, object]:
    start, end = datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)
    rows = [r for r in loan_register(w.read(), w.rt.code, start, end)
            if r["label"] == label]
    assert rows, f"no loan of {label} in the loan register"
    return rows[-1]


def _key_row(w: World, label: str) -> dict[str, object]:
    rows = {r["label"]: r for r in key_list(w.read(), w.rt.code)}
    assert label in rows, f"no key {label} in the key list"
    return rows[label]


@given(q('办公室时间是 "{t}"'))
def office_time(custody: World, t: str) -> None:
    custody.clock.set(custody.time(t))


@given(q('钥匙管理员登记公共区域钥匙 "{label}"'))
@when(q('钥匙管理员登记公共区域钥匙 "{label}"'))
def register_public(custody: World, label: str) -> None:
    custody.act(custody.rt.keys.register, label=label, key_class="public", area=label)


@given(q('钥匙管理员登记设备房钥匙 "{label}"'))
@when(q('钥匙管理员登记设备房钥匙 "{label}"'))
def register_equipment(custody: World, label: str) -> None:
    custody.act(custody.rt.keys.register, label=label, key_class="equipment",
                equipment=label)


@given(q('业主 "{owner}" 留存 "{unit}" 的钥匙, 证件后四位 "{digits}"'))
@when(q('业主 "{owner}" 留存 "{unit}" 的钥匙, 证件后四位 "{digits}"'))
def deposit(custody: World, owner: str, unit: str, digits: str) -> None:
    custody.act(custody.rt.keys.deposit, unit_=unit, owner=owner, id_last4_=digits)


@when(q('"{who}" 不出示证件借用钥匙 "{label}"'))
def lend_without_id(custody: World, who: str, label: str) -> None:
    custody.act(custody.rt.keys.lend, label, to=who, id_last4_="", purpose="巡查",
                borrower_type="staff")


@when(q('"{who}" 以 "{btype}" 身份因私借用钥匙 "{label}"'))
def lend_personal(custody: World, who: str, btype: str, label: str) -> None:
    custody.act(custody.rt.keys.lend, label, to=who, id_last4_="1234", purpose="私事",
                borrower_type=btype, personal=True)


@given(q('"{who}" 以 "{btype}" 身份借用钥匙 "{label}" 事由 "{purpose}"'))
@when(q('"{who}" 以 "{btype}" 身份借用钥匙 "{label}" 事由 "{purpose}"'))
def lend(custody: World, who: str, btype: str, label: str, purpose: str) -> None:
    custody.act(custody.rt.keys.lend, label, to=who, id_last4_="1234", purpose=purpose,
                borrower_type=btype)


@when(q('"{who}" 以 "{btype}" 身份借用钥匙 "{label}" 事由 "{purpose}" 应还 "{due}"'))
def lend_until(custody: World, who: str, btype: str, label: str, purpose: str,
               due: str) -> None:
    custody.act(custody.rt.keys.lend, label, to=who, id_last4_="1234", purpose=purpose,
                borrower_type=btype, due=custody.time(due))


@when(q('"{who}" 以 "{btype}" 身份借用钥匙 "{label}" 事由 "{purpose}" 经 "{head}" 批准'))
def lend_approved(custody: World, who: str, btype: str, label: str, purpose: str,
                  head: str) -> None:
    custody.act(custody.rt.keys.lend, label, to=who, id_last4_="1234", purpose=purpose,
                borrower_type=btype, approved_by=head)


@given(q('"{unit}" 报修漏水, 业主{consent}使用留存钥匙'))
def repair_call(custody: World, unit: str, consent: str) -> None:
    outcome = custody.rt.repairs.open(unit=unit, caller="王芳", phone="13800000000",
                                     summary="厨房漏水", spare_key=consent == "同意")
    custody.ticket = outcome.number


@when(q('维修工 "{who}" 凭维修单借用钥匙 "{label}"'))
def lend_for_ticket(custody: World, who: str, label: str) -> None:
    custody.act(custody.rt.keys.lend, label, to=who, id_last4_="5678", purpose="入户维修",
                borrower_type="maintenance", ticket=custody.ticket)


@given(q('施工人员 "{who}" 凭装修许可借用钥匙 "{label}"'))
@when(q('施工人员 "{who}" 凭装修许可借用钥匙 "{label}"'))
def lend_for_renovation(custody: World, who: str, label: str) -> None:
    custody.act(custody.rt.keys.lend, label, to=who, id_last4_="1111", purpose="装修施工",
                borrower_type="contractor", renovation=custody.reno(label))


@when(q('有人以证件后四位 "{digits}" 取回钥匙 "{label}"'))
def retrieve(custody: World, digits: str, label: str) -> None:
    custody.act(custody.rt.keys.retrieve, label, id_last4_=digits)


@when(q('时间到了 "{t}" 系统巡检'))
def run_tick(custody: World, t: str) -> None:
    custody.clock.set(custody.time(t))
    tick(custody.rt)


@when(q('时间到了 "{t}" 归还钥匙 "{label}"'))
def give_back(custody: World, t: str, label: str) -> None:
    custody.clock.set(custody.time(t))
    custody.act(custody.rt.keys.give_back, label)


@when(parsers.re(r'^开发商 "(?P<dev>[^"]+)" 移交 (?P<units>("[^"]+" ?)+)的钥匙$'))
def handover(custody: World, dev: str, units: str) -> None:
    custody.act(custody.rt.keys.handover, developer=dev, units=re.findall(r'"([^"]+)"', units))


@then(q('钥匙 "{label}" 归为 "{cls}" 类'))
def key_class(custody: World, label: str, cls: str) -> None:
    custody.ok()
    assert _key_row(custody, label)["key_class"] == cls


@then(q('钥匙 "{label}" 状态为 "{status}"'))
def key_status(custody: World, label: str, status: str) -> None:
    custody.ok()
    assert _key_row(custody, label)["status"] == status


@then(q('钥匙一览共有 {n:d} 把钥匙'))
def key_count(custody: World, n: str) -> None:
    assert len(key_list(custody.read(), custody.rt.code)) == int(n)


@then(q('钥匙留存登记表上有 "{label}" 由 "{owner}" 签字留存'))
def deposit_signed(custody: World, label: str, owner: str) -> None:
    custody.ok()
    rows = [r for r in deposit_register(custody.read(), custody.rt.code)
            if r["label"] == label]
    assert rows and rows[-1]["owner"] == owner and rows[-1]["signed_by"] == owner


@then(q('钥匙留存登记表上 "{label}" 已由 "{owner}" 签字取回'))
def retrieved_signed(custody: World, label: str, owner: str) -> None:
    custody.ok()
    rows = [r for r in deposit_register(custody.read(), custody.rt.code)
            if r["label"] == label]
    assert rows[-1]["retrieved_at"] is not None and rows[-1]["retrieved_signed_by"] == owner


@then(q('钥匙借用登记表上 "{label}" 的审批人是 "{head}"'))
def loan_approver(custody: World, label: str, head: str) -> None:
    assert _loan(custody, label)["approved_by"] == head


@then(q('钥匙借用登记表上 "{label}" 的借用人是 "{who}"'))
def loan_borrower(custody: World, label: str, who: str) -> None:
    custody.ok()
    assert _loan(custody, label)["borrower"] == who


@then(q('钥匙借用登记表上 "{label}" 逾期 {n:d} 分钟归还'))
def loan_late(custody: World, label: str, n: str) -> None:
    custody.ok()
    row = _loan(custody, label)
    assert row["returned_at"] is not None and row["late_minutes"] == int(n), row


@then(q('钥匙 "{label}" 的记录里有这次借用'))
def key_history_has_loan(custody: World, label: str) -> None:
    events = list(custody.rt.backend.store.events.get(custody.rt.keys.key_id(label)))
    assert any(e.topic == "key.Lent" for e in events)


@then(q('维修单的记录里有钥匙 "{label}" 的借用'))
def ticket_history_has_loan(custody: World, label: str) -> None:
    assert custody.ticket is not None
    events = custody.rt.service.events_of(custody.ticket)
    assert any(isinstance(e, KeyLentForWork) and e.label == label for e in events)


@then(q('装修的记录里有钥匙 "{label}" 的借用'))
def reno_history_has_loan(custody: World, label: str) -> None:
    reno = custody.rt.renovations.load(custody.reno(label))
    events = list(custody.rt.backend.store.events.get(reno.id))
    assert any(isinstance(e, KeyLentForWork) and e.label == label for e in events)


@then(q('逾期未还钥匙中有 "{label}", 借用人 "{who}"'))
def overdue_key(custody: World, label: str, who: str) -> None:
    rows = key_overdue(custody.read(), custody.rt.code, custody.clock.now())
    assert any(r["label"] == label and r["borrower"] == who and r["missed"] for r in rows)


@then(q('已向 "{who}" 催还钥匙 "{label}"'))
def chased(custody: World, who: str, label: str) -> None:
    key: Key = custody.rt.keys.load(label)
    assert [c.to for c in key.chases if c.rule == "K5"] == [who]


@then(q('该操作被拒绝, 依据 "{rule}", 提示含 "{text}"'))
def refused(custody: World, rule: str, text: str) -> None:
    err = custody.refusal()
    assert isinstance(err, RuleViolation), repr(err)
    assert err.rule == rule and text in str(err), str(err)


@then(q('该操作无权限, 提示含 "{text}"'))
def forbidden(custody: World, text: str) -> None:
    err = custody.refusal()
    assert isinstance(err, Forbidden) and text in str(err), repr(err)


@then(q('该输入被退回, 提示含 "{text}"'))
def bad_input(custody: World, text: str) -> None:
    err = custody.refusal()
    assert isinstance(err, InvalidInput) and text in str(err), repr(err)


@when(q('时间到了 "{t}" 核查钥匙 "{label}" 的标签'))
def check_label(custody: World, t: str, label: str) -> None:
    custody.clock.set(custody.time(t))
    custody.act(custody.rt.keys.check_label, label)


@when(q('时间到了 "{t}"'))
def time_passes(custody: World, t: str) -> None:
    custody.clock.set(custody.time(t))


@then(q('待核查标签的钥匙只有 "{label}"'))
def check_due(custody: World, label: str) -> None:
    custody.ok()
    rows = key_list(custody.read(), custody.rt.code, custody.clock.now(),
                    custody.rt.profile.keys.label_check_days)
    assert [r["label"] for r in rows if r["label_check_due"]] == [label]


@then(q('钥匙 "{label}" 的 "{event}" 事件记有 {fields}'))
def key_event(custody: World, label: str, event: str, fields: str) -> None:
    """The key's own events: ``fields`` is ``name=value`` pairs, e.g. ``key_class=public``."""
    custody.ok()
    from propsvc.aggregates.keys import key_id

    events = [e for e in custody.rt.service.store.events.get(key_id(custody.rt.code, label))
              if type(e).__name__ == event]
    assert events, f"{label}: no {event}"
    data = events[-1].data()  # type: ignore[attr-defined]
    for pair in fields.split("、"):
        name, _, value = pair.partition("=")
        assert str(data[name]) == value, (name, data)
