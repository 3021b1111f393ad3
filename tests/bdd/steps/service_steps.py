"""Steps of the other desk services: 入住管理 (Q5), 物品放行 (Q2), 拾遗物品 (Q3),
空置房管理 (Q4) and 有偿服务 (Q1). Each step calls one facade method; the checks read the
registers (the read models) and the aggregates' events, as a user would see them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pytest_bdd import given, then, when

from propsvc.aggregates.found import found_id
from propsvc.aggregates.release import release_id
from propsvc.aggregates.vacancy import vacancy_id
from propsvc.queries import found as fq
from propsvc.queries import movein as mq
from propsvc.queries import paid as pq
from propsvc.queries import release as rq
from propsvc.queries import vacancy as vq
from propsvc.queries.visit import visit_classes
from tests.bdd.steps.custody_world import World, q
from tests.office import tick

ALL = (datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))


@pytest.fixture
def served() -> dict[str, Any]:
    """What a scenario remembers: the last record's number, the last tick."""
    return {}


def _items(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


def _number(served: dict[str, Any], result: Any, key: str) -> None:
    if result is not None:
        served[key] = result.ref


def _events(w: World, aggregate_id: Any) -> list[str]:
    return [type(e).__name__ for e in w.rt.backend.store.events.get(aggregate_id)
            if e.actor != "propsvc"]


def _deadline(w: World, aggregate_id: Any, key: str) -> Any:
    aggregate = w.rt.backend.store.repository.get(aggregate_id)
    assert key in aggregate.deadlines, f"no deadline {key}: {list(aggregate.deadlines)}"
    return aggregate.deadlines[key]


def _one(rows: list[dict[str, Any]], **match: Any) -> dict[str, Any]:
    found = [r for r in rows if all(r.get(k) == v for k, v in match.items())]
    assert len(found) == 1, f"{len(found)} rows match {match} in {rows}"
    return found[0]


@when(q('时间到了 "{t}" 运行 tick'))
def run_tick(custody: World, served: dict[str, Any], t: str) -> None:
    custody.clock.set(custody.time(t))
    served["tick"] = tick(custody.rt)


def _missed(served: dict[str, Any], number: str, key: str) -> None:
    missed = [(m["number"], m["key"]) for m in served["tick"]["missed"]]
    assert (number, key) in missed, missed


# -- 物品放行 (Q2) ------------------------------------------------------------------------
@given(q('"{unit}" 申请放行 "{goods}", 车牌 "{plate}", 司机 "{driver}" 证件后四位 "{digits}"'))
@when(q('"{unit}" 申请放行 "{goods}", 车牌 "{plate}", 司机 "{driver}" 证件后四位 "{digits}"'))
def release_apply(custody: World, served: dict[str, Any], unit: str, goods: str, plate: str,
                  driver: str, digits: str) -> None:
    _number(served, custody.act(custody.rt.release.apply, unit_=unit, goods=goods, plate_=plate,
                              driver=driver, driver_id_last4=digits, owner="张先生"),
            "release")


@given(q('收银员记录 "{unit}" 欠费 "{amount}"'))
def record_arrears(custody: World, unit: str, amount: str) -> None:
    with custody.as_role("cashier", "收银员刘"):
        custody.act(custody.rt.fees.arrears, unit_=unit, amount=amount, note="物业费")


@when(q('收银员记录 "{unit}" 已结清欠费'))
def settle_arrears(custody: World, unit: str) -> None:
    with custody.as_role("cashier", "收银员刘"):
        custody.act(custody.rt.fees.settle, unit_=unit)


@when("前台确认该放行单已缴清费用")
def release_confirm(custody: World, served: dict[str, Any]) -> None:
    custody.act(custody.rt.release.confirm, served["release"])


@when(q('业主 "{owner}" 在放行单上签字'))
def release_sign(custody: World, served: dict[str, Any], owner: str) -> None:
    custody.act(custody.rt.release.sign, served["release"], signed_by=owner)


@when("门岗保安放行该放行单")
def release_out(custody: World, served: dict[str, Any]) -> None:
    with custody.as_role("security", "门岗老赵"):
        custody.act(custody.rt.release.out, served["release"])


def _release_row(w: World, **match: Any) -> dict[str, Any]:
    return _one(rq.release_register(w.read(), w.rt.code, *ALL), **match)


@then(q('物品放行登记表上 "{unit}" 的车牌是 "{plate}", 司机证件后四位 "{digits}", 状态 '
        '"{status}"'))
def release_row(custody: World, unit: str, plate: str, digits: str, status: str) -> None:
    custody.ok()
    row = _release_row(custody, unit=unit)
    assert (row["plate"], row["id_last4"], row["status"]) == (plate, digits, status), row


@then(q('物品放行登记表上该放行单由 "{who}" 确认缴费'))
def release_confirmed(custody: World, served: dict[str, Any], who: str) -> None:
    custody.ok()
    row = _release_row(custody, number=served["release"])
    assert (row["confirmed_by"], row["status"]) == (who, "confirmed"), row


@then(q('物品放行登记表上该放行单状态 "{status}", 业主签字 "{owner}", 放行人 "{guard}"'))
def release_out_row(custody: World, served: dict[str, Any], status: str, owner: str,
                    guard: str) -> None:
    custody.ok()
    row = _release_row(custody, number=served["release"])
    assert (row["status"], row["signed_by"], row["guard"]) == (status, owner, guard), row
    assert row["out_at"] is not None


@then(q('该放行单的记录依次是 "{names}"'))
def release_events(custody: World, served: dict[str, Any], names: str) -> None:
    got = _events(custody, release_id(custody.rt.code, served["release"]))
    assert got == _items(names), got


@then("物品放行登记表没有记录")
def no_release(custody: World) -> None:
    assert rq.release_register(custody.read(), custody.rt.code, *ALL) == []


# -- 拾遗物品 (Q3) ------------------------------------------------------------------------
@given(q('保安 "{finder}" 在 "{place}" 拾到 "{item}"'))
@when(q('保安 "{finder}" 在 "{place}" 拾到 "{item}"'))
def found_item(custody: World, served: dict[str, Any], finder: str, place: str, item: str
               ) -> None:
    with custody.as_role("security", finder):
        _number(served, custody.act(custody.rt.found.record, item=item, place=place,
                                  finder=finder), "found")


@when(q('保安 "{finder}" 在 "{place}" 拾到贵重物品 "{item}"'))
def found_valuable(custody: World, served: dict[str, Any], finder: str, place: str, item: str
                   ) -> None:
    with custody.as_role("security", finder):
        _number(served, custody.act(custody.rt.found.record, item=item, place=place,
                                  finder=finder, valuable=True), "found")


@when(q('该物品交行政部 "{who}"'))
def found_to_admin(custody: World, served: dict[str, Any], who: str) -> None:
    custody.act(custody.rt.found.to_admin, served["found"], received_by=who)


@when(q('前台张贴 "{week}" 的招领公告'))
def found_notice(custody: World, week: str) -> None:
    custody.act(custody.rt.found.notice, week=week)


@when(q('"{who}" 凭证件后四位 "{digits}" 认领该物品, 描述 "{text}"'))
def found_claim(custody: World, served: dict[str, Any], who: str, digits: str, text: str
                ) -> None:
    custody.act(custody.rt.found.claim, served["found"], claimant=who, id_last4_=digits,
                description=text)


@when(q('时间到了 "{t}" 经理将该物品交公司处理'))
def found_dispose(custody: World, served: dict[str, Any], t: str) -> None:
    custody.clock.set(custody.time(t))
    with custody.as_role("manager", "经理"):
        custody.act(custody.rt.found.dispose, served["found"])


def _found_row(w: World, served: dict[str, Any]) -> dict[str, Any]:
    return _one(fq.found_register(w.read(), w.rt.code, *ALL), number=served["found"])


@then(q('拾遗物品登记表上有 "{item}", 地点 "{place}", 拾获人 "{finder}", 状态 "{status}"'))
def found_row(custody: World, served: dict[str, Any], item: str, place: str, finder: str,
              status: str) -> None:
    custody.ok()
    row = _found_row(custody, served)
    assert (row["item"], row["place"], row["finder"], row["status"]) == (
        item, place, finder, status), row


@then(q('tick 记录了该物品的 "{key}" 超时'))
def found_missed(served: dict[str, Any], key: str) -> None:
    _missed(served, served["found"], key)


@then(q('拾遗物品登记表上该物品已交行政部 "{who}"'))
def found_admin_row(custody: World, served: dict[str, Any], who: str) -> None:
    custody.ok()
    assert _found_row(custody, served)["admin_by"] == who


@then(q('拾遗物品登记表上该物品的公告周是 "{week}"'))
def found_noticed(custody: World, served: dict[str, Any], week: str) -> None:
    custody.ok()
    assert _found_row(custody, served)["noticed"] == week


@then(q('该物品的 "{key}" 期限已满足'))
def found_met(custody: World, served: dict[str, Any], key: str) -> None:
    d = _deadline(custody, found_id(custody.rt.code, served["found"]), key)
    assert d.state == "met", d.state


@then(q('该物品的 "{key}" 期限已取消'))
def found_cancelled(custody: World, served: dict[str, Any], key: str) -> None:
    d = _deadline(custody, found_id(custody.rt.code, served["found"]), key)
    assert d.state == "cancelled", d.state


@then(q('拾遗物品登记表上该物品由 "{who}" 认领, 证件后四位 "{digits}"'))
def found_claimed(custody: World, served: dict[str, Any], who: str, digits: str) -> None:
    custody.ok()
    row = _found_row(custody, served)
    assert (row["claimant"], row["id_last4"], row["status"]) == (who, digits, "claimed"), row


@then(q('拾遗物品登记表上该物品状态 "{status}"'))
def found_status(custody: World, served: dict[str, Any], status: str) -> None:
    custody.ok()
    assert _found_row(custody, served)["status"] == status


# -- 空置房管理 (Q4) ----------------------------------------------------------------------
@given(q('业主申请 "{unit}" 从 "{start}" 到 "{end}" 空置'))
@when(q('业主申请 "{unit}" 从 "{start}" 到 "{end}" 空置'))
def vacancy_apply(custody: World, unit: str, start: str, end: str) -> None:
    custody.act(custody.rt.vacancy.apply, unit_=unit, starts=start, ends=end, owner="李女士")


@when(q('巡查 "{unit}" 用水 "{water}" 吨, 用电 "{power}" 度'))
def vacancy_inspect(custody: World, unit: str, water: str, power: str) -> None:
    custody.act(custody.rt.vacancy.inspect, unit_=unit, water=water, power=power)


def _vacancy_row(w: World, unit: str) -> dict[str, Any]:
    rows = [r for r in vq.vacancy_register(w.read(), w.rt.code) if r["unit"] == unit]
    assert rows, f"no vacancy of {unit}"
    return rows[-1]


@then("空置房登记表没有记录")
def no_vacancy(custody: World) -> None:
    assert vq.vacancy_register(custody.read(), custody.rt.code) == []


@then(q('空置房登记表上 "{unit}" 状态 "{status}", 收费比例 "{rate}"'))
def vacancy_row(custody: World, unit: str, status: str, rate: str) -> None:
    custody.ok()
    row = _vacancy_row(custody, unit)
    assert (row["status"], row["fee_rate"]) == (status, float(rate)), row


@then(q('空置房登记表上 "{unit}" 漏查 "{n}" 次'))
def vacancy_missed_row(custody: World, unit: str, n: str) -> None:
    assert _vacancy_row(custody, unit)["missed_inspections"] == int(n)


@then(q('空置房登记表上 "{unit}" 状态 "{status}", 结束原因 "{reason}", 已告知业主'))
def vacancy_ended(custody: World, unit: str, status: str, reason: str) -> None:
    custody.ok()
    row = _vacancy_row(custody, unit)
    assert (row["status"], row["end_reason"], row["owner_told"]) == (status, reason, True)


@then(q('"{unit}" 有 "{month}" 月的巡查期限'))
def vacancy_deadline(custody: World, unit: str, month: str) -> None:
    custody.ok()
    v = custody.rt.backend.store.repository.get(vacancy_id(custody.rt.code, unit))
    keys = [k for k, d in v.deadlines.items() if d.state == "open"]
    assert keys == [f"Q4.inspect#{v.period}#{month}"], keys
    end = custody.rt.profile.office_calendar.month_bounds(month)[1]
    assert v.deadlines[keys[0]].due_at < end


@then(q('tick 记录了 "{unit}" 的 "{key}" 超时'))
def unit_missed(served: dict[str, Any], unit: str, key: str) -> None:
    _missed(served, unit, key)


@then(q('"{month}" 月空置房巡查表上 "{unit}" 用水 "{water}", 用电 "{power}", 未超标'))
def inspection_row(custody: World, month: str, unit: str, water: str, power: str) -> None:
    custody.ok()
    row = _one(vq.inspection_list(custody.read(), custody.rt.code, month), unit=unit)
    assert (row["water_tonnes"], row["power_kwh"], row["occupied"]) == (water, power, False)


@then(q('"{unit}" 的记录依次是 "{names}"'))
def vacancy_events(custody: World, unit: str, names: str) -> None:
    got = _events(custody, vacancy_id(custody.rt.code, unit))
    assert got == _items(names), got


# -- 入住管理 (Q5) ------------------------------------------------------------------------
@given(q('开发商 "{developer}" 已移交 "{unit}" 的钥匙'))
def developer_keys(custody: World, developer: str, unit: str) -> None:
    custody.act(custody.rt.keys.handover, developer=developer, units=[unit])
    custody.ok()


@given(q('业主 "{owner}" 开始办理 "{unit}" 的入住, 电话 "{phone}"'))
def movein_start(custody: World, served: dict[str, Any], owner: str, unit: str, phone: str
                 ) -> None:
    _number(served, custody.act(custody.rt.movein.start, unit_=unit, owner=owner, phone=phone),
            "movein")


@given(q('验证入住资料 "{docs}"'))
@when(q('验证入住资料 "{docs}"'))
def movein_verify(custody: World, served: dict[str, Any], docs: str) -> None:
    custody.act(custody.rt.movein.verify, served["movein"], documents=_items(docs))


@given(q('业主签署协议 "{names}"'))
@when(q('业主签署协议 "{names}"'))
def movein_sign(custody: World, served: dict[str, Any], names: str) -> None:
    custody.act(custody.rt.movein.sign, served["movein"], agreements=_items(names))


@given(q('向业主交付 "{n}" 把钥匙'))
@when(q('向业主交付 "{n}" 把钥匙'))
def movein_keys(custody: World, served: dict[str, Any], n: str) -> None:
    custody.act(custody.rt.movein.keys, served["movein"], count=int(n))


@given("入住手续办到交钥匙")
def movein_to_keys(custody: World, served: dict[str, Any]) -> None:
    n, rt = served["movein"], custody.rt
    rt.movein.verify(n, documents=["purchase-contract", "id", "move-in-notice"])
    rt.movein.sign(n, agreements=["preliminary-service", "owner-rules"])
    rt.movein.file(n, members=["李女士"], vehicles=["粤B12345"],
                   emergency_contact="张父 13900000000")
    rt.movein.pay(n, amount="3600")
    rt.movein.keys(n, count=3)


@when(q('共同验房发现问题 "{defects}"'))
def movein_defects(custody: World, served: dict[str, Any], defects: str) -> None:
    custody.act(custody.rt.movein.inspect, served["movein"], result="defects",
                defects=_items(defects))


@given("共同验房合格")
def movein_ok(custody: World, served: dict[str, Any]) -> None:
    custody.act(custody.rt.movein.inspect, served["movein"], result="ok")
    custody.ok()


@when(q('二次验房合格, 检查 "{checks}"'))
def movein_second(custody: World, served: dict[str, Any], checks: str) -> None:
    custody.act(custody.rt.movein.inspect, served["movein"], result="ok",
                checks=_items(checks))


@when("整改维修单都已完工")
def defects_fixed(custody: World, served: dict[str, Any]) -> None:
    for number in _movein_row(custody, served)["defect_tickets"].split(","):
        _finish_repair(custody, number)


def _finish_repair(w: World, number: str) -> None:
    if w.rt.read.ticket(number)["status"] == "received":
        w.rt.repairs.order(number, "李师傅")
    w.rt.repairs.arrive(number)
    w.rt.repairs.complete(number, "张先生", 5)


@given("办结入住")
@when("办结入住")
def movein_complete(custody: World, served: dict[str, Any]) -> None:
    custody.act(custody.rt.movein.complete, served["movein"])


@when(q('时间到了 "{t}" 电话回访, 业主 "{result}"'))
def movein_visit(custody: World, served: dict[str, Any], t: str, result: str) -> None:
    custody.clock.set(custody.time(t))
    custody.act(custody.rt.movein.visit, served["movein"], method="phone", result=result)


def _movein_row(w: World, served: dict[str, Any]) -> dict[str, Any]:
    return _one(mq.movein_register(w.read(), w.rt.code, *ALL), number=served["movein"])


@then(q('业主入住登记表上缺少资料 "{missing}"'))
def movein_missing(custody: World, served: dict[str, Any], missing: str) -> None:
    custody.ok()
    assert _movein_row(custody, served)["missing"] == missing


@then(q('业主入住登记表上有 "{n}" 张整改维修单, 状态 "{status}"'))
def movein_tickets(custody: World, served: dict[str, Any], n: str, status: str) -> None:
    custody.ok()
    row = _movein_row(custody, served)
    assert len(row["defect_tickets"].split(",")) == int(n) and row["status"] == status, row


@then(q('每张整改维修单都是 "{unit}" 的报修并关联该入住'))
def movein_linked(custody: World, served: dict[str, Any], unit: str) -> None:
    for number in _movein_row(custody, served)["defect_tickets"].split(","):
        ticket = custody.rt.service.load(number)
        assert (ticket.kind, ticket.intake.unit, ticket.intake.linked_from) == (
            "repair", unit, served["movein"])
        assert ticket.intake.summary.startswith("入住验房")


@then(q('业主入住登记表上验房 "{n}" 次, 结果 "{result}"'))
def movein_inspections(custody: World, served: dict[str, Any], n: str, result: str) -> None:
    custody.ok()
    row = _movein_row(custody, served)
    assert (row["inspections"], row["inspection_result"]) == (int(n), result), row


@then(q('业主入住登记表上状态 "{status}", 回访期限 "{due}"'))
def movein_due(custody: World, served: dict[str, Any], status: str, due: str) -> None:
    custody.ok()
    row = _movein_row(custody, served)
    assert row["status"] == status
    assert datetime.fromisoformat(row["visit_due_at"]) == custody.time(due)


@then(q('tick 记录了该入住的 "{key}" 超时'))
def movein_missed(served: dict[str, Any], key: str) -> None:
    _missed(served, served["movein"], key)
    assert any(f["to"] == "manager" for f in served["tick"]["follow_ups"])


def _visit_class(w: World, month: str, name: str) -> dict[str, Any]:
    start, end = w.rt.profile.office_calendar.month_bounds(month)
    rows = visit_classes(w.read(), w.rt.code, start, end, w.rt.profile)
    return _one(rows, **{"class": name})


@then(q('"{month}" 月回访登记表的入住回访率是 "{rate}", 目标 "{goal}"'))
def movein_rate(custody: World, month: str, rate: str, goal: str) -> None:
    custody.ok()
    row = _visit_class(custody, month, "movein")
    assert (row["rate"], row["target"], row["rule"]) == (float(rate), float(goal), "V2"), row


# -- 有偿服务 (Q1) ------------------------------------------------------------------------
@given(q('"{unit}" 的业主 "{owner}" 申请有偿服务 "{service}"'))
def paid_request(custody: World, served: dict[str, Any], unit: str, owner: str, service: str
                 ) -> None:
    _number(served, custody.act(custody.rt.paid.request, unit_=unit, service=service,
                              caller=owner, phone="13800000000"), "paid")


@given(q('按收费标准 "{rate}" 报价 "{n}" 项'))
@when(q('按收费标准 "{rate}" 报价 "{n}" 项'))
def paid_decide(custody: World, served: dict[str, Any], rate: str, n: str) -> None:
    custody.act(custody.rt.paid.decide, served["paid"], rate=rate, quantity=int(n))


@given(q('业主 "{owner}" 确认报价'))
@when(q('业主 "{owner}" 确认报价'))
def paid_accept(custody: World, served: dict[str, Any], owner: str) -> None:
    custody.act(custody.rt.paid.accept, served["paid"], signed_by=owner)


@given(q('派工给 "{who}"'))
@when(q('派工给 "{who}"'))
def paid_dispatch(custody: World, served: dict[str, Any], who: str) -> None:
    custody.act(custody.rt.paid.dispatch, served["paid"], to=who)


@given("该维修单已完工")
@when("该维修单已完工")
def paid_order_done(custody: World, served: dict[str, Any]) -> None:
    _finish_repair(custody, _paid_row(custody, served)["order_number"])


@given("完成该有偿服务")
@when("完成该有偿服务")
def paid_complete(custody: World, served: dict[str, Any]) -> None:
    custody.act(custody.rt.paid.complete, served["paid"])


@given(q('收银员收取 "{amount}" 元并交 "{cashier}"'))
@when(q('收银员收取 "{amount}" 元并交 "{cashier}"'))
def paid_collect(custody: World, served: dict[str, Any], amount: str, cashier: str) -> None:
    with custody.as_role("cashier", cashier):
        custody.act(custody.rt.paid.collect, served["paid"], amount=amount, cashier=cashier)


@when(q('时间到了 "{t}" 电话回访该有偿服务, 业主 "{result}"'))
def paid_visit(custody: World, served: dict[str, Any], t: str, result: str) -> None:
    custody.clock.set(custody.time(t))
    custody.act(custody.rt.paid.visit, served["paid"], method="phone", result=result)


def _paid_row(w: World, served: dict[str, Any]) -> dict[str, Any]:
    return _one(pq.paid_register(w.read(), w.rt.code, *ALL), number=served["paid"])


@then(q('有偿服务登记表上该服务报价 "{amount}", 状态 "{status}"'))
def paid_quoted(custody: World, served: dict[str, Any], amount: str, status: str) -> None:
    row = _paid_row(custody, served)
    assert (row["amount"], row["status"]) == (amount, status), row


@then(q('有偿服务登记表上该服务派工部门 "{dept}", 有维修单'))
def paid_work_order(custody: World, served: dict[str, Any], dept: str) -> None:
    custody.ok()
    row = _paid_row(custody, served)
    assert row["department"] == dept and row["order_number"].startswith("BX-"), row


@then(q('该维修单已派给 "{who}" 并关联该有偿服务'))
def paid_ticket(custody: World, served: dict[str, Any], who: str) -> None:
    view = custody.rt.read.ticket(_paid_row(custody, served)["order_number"])
    ticket = custody.rt.service.load(view["number"])
    assert ticket.status == "ordered" and ticket.intake.linked_from == served["paid"]
    assert ticket.technician == who


@then(q('有偿服务登记表上该服务实收 "{amount}", 交收银 "{cashier}"'))
def paid_collected(custody: World, served: dict[str, Any], amount: str, cashier: str) -> None:
    custody.ok()
    row = _paid_row(custody, served)
    assert (row["collected"], row["cashier"], row["status"]) == (amount, cashier, "completed")


@then(q('有偿服务登记表上该服务报价 "{amount}", 派工部门 "{dept}", 有保洁单'))
def paid_cleaning(custody: World, served: dict[str, Any], amount: str, dept: str) -> None:
    custody.ok()
    row = _paid_row(custody, served)
    assert (row["amount"], row["department"]) == (amount, dept), row
    assert row["order_number"].startswith("QJ-"), row


@then(q('有偿服务登记表上该服务状态 "{status}"'))
def paid_status(custody: World, served: dict[str, Any], status: str) -> None:
    custody.ok()
    assert _paid_row(custody, served)["status"] == status


@then(q('"{month}" 月回访登记表的有偿服务回访率是 "{rate}", 目标 "{goal}"'))
def paid_rate(custody: World, month: str, rate: str, goal: str) -> None:
    row = _visit_class(custody, month, "paid")
    assert (row["rate"], row["target"]) == (float(rate), float(goal)), row
