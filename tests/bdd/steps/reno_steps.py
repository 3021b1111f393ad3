"""Steps of 装修管理.feature (N1–N10)."""

from __future__ import annotations

from pytest_bdd import given, then, when

from propsvc.aggregates.renovation import Renovation
from propsvc.calendar import parse_date
from propsvc.desks.result import Result
from propsvc.queries.renovation import (
    due_inspections,
    extension_register,
    pass_register,
    renovation_register,
    spot_check_list,
)
from tests.bdd.steps.custody_world import World, q

DOCS = ["certificate", "contract", "licence", "worker-ids"]


def _apply(w: World, unit: str, docs: list[str]) -> None:
    rec: Result | None = w.act(w.rt.renovations.apply, unit_=unit, contractor="好家装饰",
                                 scope="全屋翻新, 图纸和施工方案见附件",
                                 start=parse_date("2026-11-23"), end=parse_date("2026-12-31"),
                                 documents=docs, owner="王芳", workers=["张三", "李四"])
    if rec is not None:
        w.renos[unit] = w.last_reno = rec.ref


def _reno_row(w: World, unit: str) -> dict[str, object]:
    rows = {r["unit"]: r for r in renovation_register(w.read(), w.rt.code)}
    assert unit in rows, f"no renovation for {unit} in the register"
    return rows[unit]


def _load(w: World) -> Renovation:
    return w.rt.renovations.load(w.reno())


@given(q('"{unit}" 提交装修申请, 只附 "{docs}"'))
@when(q('"{unit}" 提交装修申请, 只附 "{docs}"'))
def apply(custody: World, unit: str, docs: str) -> None:
    _apply(custody, unit, docs.split(","))


@given(q('"{unit}" 的装修已申请但未发证'))
def applied_only(custody: World, unit: str) -> None:
    _apply(custody, unit, DOCS)


@given(q('"{unit}" 的装修已办妥施工许可'))
def permitted(custody: World, unit: str) -> None:
    _apply(custody, unit, DOCS)
    desk, number = custody.rt.renovations, custody.reno(unit)
    desk.pre_inspect(number, [])
    with custody.as_role("engineering"):
        desk.review(number, True)
    with custody.as_role("manager"):
        desk.sign(number)
    desk.agreement(number)
    desk.pay_deposit(number, "2000")
    desk.permit(number)  # one pass for each worker named on the application


@given("二次验房合格")
def pre_inspected(custody: World) -> None:
    custody.act(custody.rt.renovations.pre_inspect, custody.reno(), [])


@when(q('二次验房 "{check}" 不合格'))
def pre_inspection_failed(custody: World, check: str) -> None:
    custody.act(custody.rt.renovations.pre_inspect, custody.reno(), [check])


@given("工程部审核通过")
@when("工程部审核通过")
def approve(custody: World) -> None:
    with custody.as_role("engineering"):
        custody.act(custody.rt.renovations.review, custody.reno(), True)


@when(q('前台以 "{role}" 身份审核通过'))
def approve_as(custody: World, role: str) -> None:
    with custody.as_role(role):
        custody.act(custody.rt.renovations.review, custody.reno(), True)


@when(q('工程部驳回, 理由 "{reason}"'))
def reject(custody: World, reason: str) -> None:
    with custody.as_role("engineering"):
        custody.act(custody.rt.renovations.review, custody.reno(), False, reason)


@when("经理签批方案")
def sign(custody: World) -> None:
    with custody.as_role("manager"):
        custody.act(custody.rt.renovations.sign, custody.reno())


@when("签订装修协议")
def agreement(custody: World) -> None:
    custody.act(custody.rt.renovations.agreement, custody.reno())


@when(q('交纳装修押金 "{amount}"'))
def pay(custody: World, amount: str) -> None:
    custody.act(custody.rt.renovations.pay_deposit, custody.reno(), amount)


@when(q('发放施工许可, 施工人员 "{names}"'))
def permit(custody: World, names: str) -> None:
    custody.act(custody.rt.renovations.permit, custody.reno(), names.split(","))


@given(q('装修进入 "{phase}" 阶段'))
@when(q('装修进入 "{phase}" 阶段'))
def phase(custody: World, phase: str) -> None:
    custody.act(custody.rt.renovations.phase, custody.reno(), phase)


@when(q('装修进入安装阶段, 安装时间 "{t}"'))
def installation(custody: World, t: str) -> None:
    custody.act(custody.rt.renovations.phase, custody.reno(), "installation", custody.time(t))


@when(q('时间到了 "{t}" 巡查结果 "{result}"'))
def inspect_at(custody: World, t: str, result: str) -> None:
    custody.clock.set(custody.time(t))
    custody.act(custody.rt.renovations.inspect, custody.reno(), result, "巡查")


@when(q('巡查发现违规 "{note}"'))
def inspect_violation(custody: World, note: str) -> None:
    custody.act(custody.rt.renovations.inspect, custody.reno(), "violation", note)


@given(q('记录违规 "{note}"'))
@when(q('记录违规 "{note}"'))
def violation(custody: World, note: str) -> None:
    custody.act(custody.rt.renovations.violation, custody.reno(), note)


@given(q('记录严重违规 "{note}"'))
@when(q('记录严重违规 "{note}"'))
def serious(custody: World, note: str) -> None:
    custody.act(custody.rt.renovations.violation, custody.reno(), note, serious=True)


@when(q('前台记录违章搭建 "{note}"'))
def structure_by_desk(custody: World, note: str) -> None:
    custody.act(custody.rt.renovations.violation, custody.reno(), note, kind="illegal-structure")


@when(q('工程部确认违章搭建 "{note}"'))
def structure_confirmed(custody: World, note: str) -> None:
    with custody.as_role("engineering"):
        custody.act(custody.rt.renovations.violation, custody.reno(), note,
                    kind="illegal-structure")


@given(q('违规已整改 "{note}"'))
@when(q('违规已整改 "{note}"'))
def resolve(custody: World, note: str) -> None:
    custody.act(custody.rt.renovations.resolve, custody.reno(), note)


@when(q('申请延期到 "{day}", 签字 "{signers}"'))
def extend(custody: World, day: str, signers: str) -> None:
    custody.act(custody.rt.renovations.extend, custody.reno(), parse_date(day), signers)


@given(q('验收 "{stage}"'))
@when(q('验收 "{stage}"'))
def accept(custody: World, stage: str) -> None:
    custody.act(custody.rt.renovations.accept, custody.reno(), stage)


@given(q('交回施工证 {n:d} 张'))
@when(q('交回施工证 {n:d} 张'))
def return_passes(custody: World, n: str) -> None:
    custody.act(custody.rt.renovations.return_passes, custody.reno(), int(n))


@when(q('经理 "{manager}" 签字退还押金'))
def refund_signed(custody: World, manager: str) -> None:
    with custody.as_role("manager", manager):
        custody.act(custody.rt.renovations.refund, custody.reno())


@when("出纳支付退还的押金")
def refund_paid(custody: World) -> None:
    with custody.as_role("cashier", "出纳小刘"):
        custody.act(custody.rt.renovations.refund, custody.reno())


@when(q('"{name}" 以出纳身份支付退还的押金'))
def refund_paid_by(custody: World, name: str) -> None:
    with custody.as_role("cashier", name):
        custody.act(custody.rt.renovations.refund, custody.reno())


@when(q('前台以 "{role}" 身份支付退还的押金'))
def refund_as(custody: World, role: str) -> None:
    with custody.as_role(role):
        custody.act(custody.rt.renovations.refund, custody.reno())


@then(q('装修登记中 "{unit}" 的退款由 "{manager}" 签字'))
def refund_signer(custody: World, unit: str, manager: str) -> None:
    assert _reno_row(custody, unit)["refund_signed_by"] == manager


@when(q('经理抽查 "{unit}"'))
def spot_check(custody: World, unit: str) -> None:
    with custody.as_role("manager"):
        custody.act(custody.rt.renovations.spot_check, custody.reno(unit), "现场整洁")


@then("装修登记中没有记录")
def no_renovation(custody: World) -> None:
    assert renovation_register(custody.read(), custody.rt.code) == []


@then(q('装修登记中 "{unit}" 的状态是 "{status}"'))
def reno_status(custody: World, unit: str, status: str) -> None:
    custody.ok()
    assert _reno_row(custody, unit)["status"] == status


@then(q('施工证登记表共有 {n:d} 张证, 编号从 "{first}" 起'))
def pass_numbers(custody: World, n: str, first: str) -> None:
    custody.ok()
    rows = pass_register(custody.read(), custody.rt.code, custody.reno())
    assert len(rows) == int(n) and rows[0]["number"] == first
    assert len({r["number"] for r in rows}) == int(n)


@then(q('施工证登记表中 {n:d} 张证均为 "{state}"'))
def pass_states(custody: World, n: str, state: str) -> None:
    custody.ok()
    rows = pass_register(custody.read(), custody.rt.code, custody.reno())
    assert [r["state"] for r in rows] == [state] * int(n)


@then("违规记录写明已清退施工人员并报告有关部门")
def serious_consequences(custody: World) -> None:
    v = _load(custody).violations[1]
    assert v.serious and v.workers_removed and v.authorities_told


@then(q('装修有 {n:d} 项未整改违规'))
def open_violations(custody: World, n: str) -> None:
    custody.ok()
    assert _reno_row(custody, _load(custody).unit)["open_violations"] == int(n)


@then(q('装修记录了一次漏查, 规则 "{rule}"'))
def missed_inspection(custody: World, rule: str) -> None:
    reno = _load(custody)
    assert [d.rule for d in reno.deadlines.values() if d.missed] == [rule]
    assert _reno_row(custody, reno.unit)["missed_inspections"] == 1


@then("已催办巡查人员")
def inspector_chased(custody: World) -> None:
    assert [c.to for c in _load(custody).chases] == ["inspector"]


@then(q('"{day}" 的待巡查清单中该装修已逾期'))
def due_list(custody: World, day: str) -> None:
    _, end = custody.rt.profile.office_calendar.day_bounds(parse_date(day))
    rows = due_inspections(custody.read(), custody.rt.code, end, custody.clock.now())
    assert [(r["number"], r["overdue"]) for r in rows] == [(custody.reno(), True)]


@then(q('下一次巡查应在 "{t}" 前'))
def next_inspection(custody: World, t: str) -> None:
    custody.ok()
    due = [d.due_at for d in _load(custody).open_deadlines() if d.rule == "N5"]
    assert due == [custody.time(t)], due


@then(q('延时施工申请登记中有延至 "{day}" 的记录'))
def extension_listed(custody: World, day: str) -> None:
    custody.ok()
    rows = extension_register(custody.read(), custody.rt.code)
    assert [r["new_to"] for r in rows] == [parse_date(day)]


@then(q('今天的抽查清单中 "{done}" 已抽查, "{todo}" 未抽查'))
def spot_list(custody: World, done: str, todo: str) -> None:
    custody.ok()
    cal = custody.rt.profile.office_calendar
    start, end = cal.day_bounds(cal.local_date(custody.clock.now()))
    rows = {r["unit"]: bool(r["checked"])
            for r in spot_check_list(custody.read(), custody.rt.code, start, end)}
    assert rows == {done: True, todo: False}


@when(q('材料进场 "{items}", 属易燃易爆'))
def hazardous_in(custody: World, items: str) -> None:
    custody.act(custody.rt.renovations.materials, custody.reno(), "in", items, hazardous=True)


@when(q('材料出场 "{items}", 无业主确认'))
def out_unconfirmed(custody: World, items: str) -> None:
    custody.act(custody.rt.renovations.materials, custody.reno(), "out", items)


@when(q('材料出场 "{items}", 业主 "{owner}" 确认'))
def out_confirmed(custody: World, items: str, owner: str) -> None:
    custody.act(custody.rt.renovations.materials, custody.reno(), "out", items,
                owner_confirmed=owner)


@then(q('装修的记录里有材料出场, 由 "{owner}" 确认'))
def materials_out_recorded(custody: World, owner: str) -> None:
    custody.ok()
    events = list(custody.rt.backend.store.events.get(_load(custody).id))
    assert [e.data()["owner_confirmed_by"] for e in events
            if e.topic == "reno.MaterialsMoved"] == [owner]
