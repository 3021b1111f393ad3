"""Steps for features/住户求助.feature (H1–H6, V1, V2, Q1)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pytest_bdd import given, then, when

from propsvc.errors import PropsvcError
from propsvc.queries import visit as visits_q
from propsvc.queries.common import desk_register
from propsvc.queries.visit import visit_plan
from tests.bdd.steps.complaint_steps import desk_row
from tests.bdd.steps.repair_steps import Desk, S, _month

KIND = {"医疗急救": "medical", "治安事件": "security", "灾害": "disaster", "其他求助": "other"}
ROUTE = {"报修": "repair", "投诉": "complaint", "特别事件": "incident", "有偿服务": "paid"}
PREFIX = {"repair": "BX-", "complaint": "TS-", "incident": "TB-", "paid": "BX-"}
CLASS = {"维修": "repair", "投诉": "complaint", "求助": "help"}


def quiet(desk: Desk, t: str | None, action: Callable[[], Any]) -> None:
    """Act on a linked ticket without making it the ticket this place refers to."""
    desk.settled()
    if t is not None:
        desk.move_clock(t)
    try:
        action()
    except PropsvcError as err:
        desk.error = err


def _names(text: str) -> list[str]:
    return [n.strip() for n in text.replace("，", "、").split("、") if n.strip()]


# == H1, H2: intake and answer ===========================================================
@given(S('"{place}" 的住户 "{caller}" 在 {t} 来电求助 "{summary}"，属{kind}'))
@when(S('"{place}" 的住户 "{caller}" 在 {t} 来电求助 "{summary}"，属{kind}'))
def help_call(desk: Desk, place: str, caller: str, t: str, summary: str, kind: str) -> None:
    desk.do(t, lambda: desk.rt.help.open(
        help_kind=KIND[kind], unit=place, caller=caller, phone="13800000002",
        summary=summary))


@given(S('"{place}" 的住户 "{caller}" 在 {t} 来电求助 "{summary}"，属有偿服务'))
@when(S('"{place}" 的住户 "{caller}" 在 {t} 来电求助 "{summary}"，属有偿服务'))
def paid_call(desk: Desk, place: str, caller: str, t: str, summary: str) -> None:
    desk.do(t, lambda: desk.rt.help.open(
        help_kind="other", unit=place, caller=caller, phone="13800000002",
        summary=summary, paid=True))


@when(S('"{place}" 的住户 "{caller}" 在 {t} 来电求助 "{summary}"，属医疗急救，未留电话'))
def medical_no_phone(desk: Desk, place: str, caller: str, t: str, summary: str) -> None:
    desk.do(t, lambda: desk.rt.help.open(
        help_kind="medical", unit=place, caller=caller, phone=None, summary=summary))


@given(S('客服在 {t} 答复 "{place}" 的求助："{text}"'))
@when(S('客服在 {t} 答复 "{place}" 的求助："{text}"'))
def answer(desk: Desk, t: str, place: str, text: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.help.answer(number, text))


@when(S('客服在 {t} 答复 "{place}" 的求助：无法提供帮助'))
def refuse(desk: Desk, t: str, place: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.help.answer(number, "无法提供帮助", cannot_help=True))


@when(S('客服在 {t} 答复 "{place}" 的求助：无法提供帮助，已帮住户联系 "{who}"'))
def refer_on(desk: Desk, t: str, place: str, who: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.help.answer(number, "无法提供帮助", cannot_help=True,
                                           referred_to=who))


# == H3: medical emergencies =============================================================
@given(S('客服在 {t} 为 "{place}" 的医疗急救安排送医，由 "{staff}" 陪同，车辆 "{vehicle}"'))
@when(S('客服在 {t} 为 "{place}" 的医疗急救安排送医，由 "{staff}" 陪同，车辆 "{vehicle}"'))
def hospital(desk: Desk, t: str, place: str, staff: str, vehicle: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.help.medical(number, "hospital", _names(staff),
                                            vehicle or None))


@when(S('客服在 {t} 为 "{place}" 的医疗急救拨打 120，并安排 "{staff}" 在大门接车，情况严重'))
def call_120(desk: Desk, t: str, place: str, staff: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.help.medical(number, "call-120", _names(staff), None, True))


@when(S('客服在 {t} 为 "{place}" 的医疗急救安排 "{staff}" 短时看护，亲属 "{relative}" 在场'))
def nursing_with_relative(desk: Desk, t: str, place: str, staff: str, relative: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.help.medical(number, "nursing", _names(staff), relative=relative))


@given(S('护送人员在 {t} 从医院返回，向客服报告 "{place}" 的情况'))
@when(S('护送人员在 {t} 从医院返回，向客服报告 "{place}" 的情况'))
def escort_back(desk: Desk, t: str, place: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.help.escort_returned(number, "已送达医院急诊"))


HELP_COLUMNS: dict[str, Callable[[Desk, dict[str, Any]], Any]] = {
    "类别": lambda d, r: {v: k for k, v in KIND.items()}[r["help_kind"]],
    "急救方式": lambda d, r: {"hospital": "送医", "call-120": "拨打120",
                          "nursing": "短时看护"}.get(r["medical_action"] or "", "无"),
    "出动人员": lambda d, r: (r["medical_staff"] or "").replace(",", "、") or "无",
    "陪护亲属": lambda d, r: r["relative"] or "无",
    "护送返回": lambda d, r: d.local(r["escort_returned_at"]) or "未返回",
    "转办": lambda d, r: {v: k for k, v in ROUTE.items()}.get(r["routed_to"] or "", "无"),
    "状态": lambda d, r: r["status"],
}


@then(S('住户求助登记表中 "{place}" 这一行的内容为:'))
def help_row(desk: Desk, place: str, datatable: list[list[str]]) -> None:
    row = desk_row(desk, "help", place)
    for key, value in (tuple(c.strip() for c in r) for r in datatable):
        shown = HELP_COLUMNS[key](desk, row)
        assert str(shown) == value, f"{key}: {shown!r} != {value!r}"


@when(S('主管在 {t} 书面答复 "{place}" 的咨询："{text}"'))
def supervisor_answers(desk: Desk, t: str, place: str, text: str) -> None:
    from tests.bdd.steps.complaint_steps import as_role

    number = desk.number(place)
    desk.do(t, as_role(desk, "主管", lambda: desk.rt.inquiries.answer(number, text)))


@when(S('客服在 {t} 为 "{place}" 的医疗急救安排 "{staff}" 短时看护'))
def nursing(desk: Desk, t: str, place: str, staff: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.help.medical(number, "nursing", _names(staff)))


@then(S('"{place}" 的急救记录包含以下步骤:'))
def medical_steps(desk: Desk, place: str, datatable: list[list[str]]) -> None:
    medical = desk.rt.service.load(desk.number(place)).medical
    assert medical is not None
    wanted = [row[0].strip() for row in datatable[1:]]
    assert list(medical.steps) == wanted, medical.steps


# == H5, Q1: routing =====================================================================
@given(S('客服在 {t} 将 "{place}" 的求助转为{route}'))
@when(S('客服在 {t} 将 "{place}" 的求助转为{route}'))
def route(desk: Desk, t: str, place: str, route: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.help.route(number, ROUTE[route]))


@then(S('"{place}" 的求助已转为{route}，并生成关联单号'))
def routed(desk: Desk, place: str, route: str) -> None:
    row = desk_row(desk, "help", place)
    assert row["routed_to"] == ROUTE[route], row
    assert row["linked_number"].startswith(PREFIX[ROUTE[route]]), row


@when(S('维修工在 {t} 为 "{place}" 转来的有偿服务开单，派给 "{tech}"'))
def paid_order(desk: Desk, t: str, place: str, tech: str) -> None:
    linked = desk_row(desk, "help", place)["linked_number"]
    quiet(desk, t, lambda: desk.rt.repairs.order(linked, tech))


@when(S('维修工在 {t} 向 "{place}" 转来的有偿服务报价 {namount} 元，住户同意'))
def paid_quote(desk: Desk, t: str, place: str, namount: str) -> None:
    linked = desk_row(desk, "help", place)["linked_number"]
    quiet(desk, t, lambda: desk.rt.repairs.quote(linked, namount, "上门服务费"))
    quiet(desk, None, lambda: desk.rt.repairs.accept_fee(linked))


@then(S('"{place}" 转来的有偿服务状态为 "{status}"'))
def paid_status(desk: Desk, place: str, status: str) -> None:
    desk.settled()
    linked = desk_row(desk, "help", place)["linked_number"]
    shown = {"received": "已登记", "ordered": "已派单"}[desk.rt.service.load(linked).status]
    assert shown == status


# == H4: inquiries =======================================================================
@given(S('"{place}" 的住户 "{caller}" 在 {t} {how}咨询 "{summary}"'))
@when(S('"{place}" 的住户 "{caller}" 在 {t} {how}咨询 "{summary}"'))
def inquiry(desk: Desk, place: str, caller: str, t: str, how: str, summary: str) -> None:
    desk.do(t, lambda: desk.rt.inquiries.open(
        unit=place, caller=caller, phone=None, summary=summary,
        channel="letter" if how == "书面" else "phone", written=how == "书面"))


@when(S('客服在 {t} 答复 "{place}" 的咨询："{text}"'))
def answer_inquiry(desk: Desk, t: str, place: str, text: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.inquiries.answer(number, text))


@when(S('客服在 {t} 请示主管后答复 "{place}" 的咨询："{text}"'))
def answer_after_asking(desk: Desk, t: str, place: str, text: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.inquiries.answer(number, text, True))


@then(S('咨询登记表中 "{place}" 为{how}咨询，答复 "{text}"'))
def inquiry_row(desk: Desk, place: str, how: str, text: str) -> None:
    row = desk_row(desk, "inquiry", place)
    assert row["written"] is (how == "书面"), row
    assert row["answer"] == text


# == H6, V1, V2: visits and registers ====================================================
@when(S('客服在 {t} 电话回访 "{place}" 的求助，住户满意'))
def help_visit(desk: Desk, t: str, place: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.visits.record(number, "phone", "satisfied"))


@then(S("{year} 年的住户求助登记表共有 {ncount} 宗求助"))
def year_register(desk: Desk, year: str, ncount: str) -> None:
    start, _ = desk.cal.month_bounds(f"{year}-01")
    _, end = desk.cal.month_bounds(f"{year}-12")
    rows = desk_register(desk.read(), desk.rt.code, "help", start, end)
    assert len(rows) == int(ncount), rows


@then(S('{month}的回访登记表中{cls}类回访率 {nrate}%，目标 {ntarget}%，{verdict}'))
def class_rate(desk: Desk, month: str, cls: str, nrate: str, ntarget: str,
               verdict: str) -> None:
    data = visits_q.visit_register(desk.read(), desk.rt.code, desk.cal, _month(desk, month),
                                  desk.rt.profile)
    row = next(c for c in data["classes"] if c["class"] == CLASS[cls])
    assert round((row["rate"] or 0) * 100, 2) == float(nrate), row
    assert round(row["target"] * 100, 2) == float(ntarget), row
    assert row["meets_target"] is (verdict == "达标"), row


def _plan(desk: Desk, day: str) -> dict[str, Any]:
    return visit_plan(desk.read(), desk.rt.code, desk.cal, desk.day(day), desk.rt.profile)


@then(S('{day}的回访计划建议由 "{visitor}" 回访 "{place}"'))
def planned(desk: Desk, day: str, visitor: str, place: str) -> None:
    number = desk.number(place)
    proposals = [p for c in _plan(desk, day)["classes"] for p in c["proposals"]]
    found = [p for p in proposals if p["number"] == number]
    assert found, proposals
    assert found[0]["visitor"] == visitor, found


@then(S('{day}的回访计划中{cls}类还需回访 {ncount} 宗'))
def planned_count(desk: Desk, day: str, cls: str, ncount: str) -> None:
    row = next(c for c in _plan(desk, day)["classes"] if c["class"] == CLASS[cls])
    assert row["needed"] == int(ncount), row
    assert len(row["proposals"]) >= int(ncount), row




@when(S('客服在 {t} 补录 {tvisit} 电话回访 "{place}" 的求助，住户满意'))
def late_visit(desk: Desk, t: str, tvisit: str, place: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.visits.record(number, "phone", "satisfied",
                                            at=desk.when(tvisit)))


@then(S('{month}的回访登记表中 "{place}" 的回访记录{verdict}在 24 小时内归档'))
def filed(desk: Desk, month: str, place: str, verdict: str) -> None:
    number = desk.number(place)
    data = visits_q.visit_register(desk.read(), desk.rt.code, desk.cal, _month(desk, month),
                                  desk.rt.profile)
    (row,) = [v for v in data["visits"] if v["number"] == number]
    assert row["filed_late"] is (verdict == "未"), row
