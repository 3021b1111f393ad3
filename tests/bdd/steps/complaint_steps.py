"""Steps for features/投诉处理.feature and 信息反馈.feature (C1–C11, F1–F3).

They share the ``desk`` fixture, the time grammar and the clock/deadline/refusal steps of
repair_steps; the deadline and escalation names below extend its vocabularies.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from pytest_bdd import given, then, when

from propsvc.queries import repair as queries
from propsvc.queries.common import desk_register
from propsvc.queries.complaint import complaint_summary
from tests.bdd.steps.repair_steps import DEADLINES, WHO, Desk, S, _month, _pairs

DEADLINES.update({
    "告知上级": "C3.superior", "联系单": "C4.slip", "处理": "C5.handling",
    "处理人回复": "C6.reply", "约定处理": "C8.remedy", "投诉回访": "C9.visit",
    "回复客服": "F2.reply", "上报上级": "F2.report_up", "答复客户": "F3.answer",
    "求助答复": "H2.answer", "书面答复": "H4.written", "口头答复": "H4.oral",
    "急救回访": "H6.visit", "再次处理": "V3.fix",
})
WHO.update({
    "上级": "superior", "公司高层": "senior-management", "部门负责人": "department-head",
    "管理处经理": "manager", "主管": "supervisor", "物业主任": "property-director",
    "营运负责人": "operations-head", "工程顾问": "engineering-adviser", "公司": "company",
    "公司分管领导": "leader-in-charge", "开发商": "developer",
})
DEADLINES.update({"部门负责人意见": "C6.head"})
WARRANTY = {"保修单位": "contractor", "开发商": "developer"}
CHANNEL = {"当面": "in-person", "电话": "phone", "信函": "letter", "电子邮件": "email",
           "员工转达": "staff"}
LODGED = {"公司": "company", "集团": "group", "政府部门": "government"}
ROLE = {"管理处经理": "manager", "主管": "supervisor", "客服": "desk"}
METHOD = {"电话": "phone", "上门": "in-person", "现场查看": "on-site"}
FOLLOW_UP = {"case-study": "培训案例", "defect-repair": "缺陷维修", "explanation": "向业主解释"}
STATUS = {"received": "已登记", "classified": "已分类", "dispatched": "已发联系单",
          "replied": "已回复", "agreed": "已约定处理", "completed": "已处理",
          "closed": "已回访结案", "routed": "已转办", "answered": "已答复"}


def as_role(desk: Desk, role: str, action: Callable[[], Any]) -> Callable[[], Any]:
    def run() -> Any:
        who = desk.rt.service.who
        before, who.role = who.role, ROLE[role]
        try:
            return action()
        finally:
            who.role = before

    return run


def desk_row(desk: Desk, kind: str, place: str) -> dict[str, Any]:
    number = desk.number(place)
    start = desk.cal.day_start(desk.today)
    rows = desk_register(desk.read(), desk.rt.code, kind, start, start + _DAYS_62)
    found = [r for r in rows if r["number"] == number]
    assert found, f"{number} is not in the {kind} register: {rows}"
    return found[0]


_DAYS_62 = timedelta(days=62)


# == C1, C3, C4, C6: registration =========================================================
@given(S('"{place}" 的业主 "{caller}" 在 {t} 以{channel}方式投诉 "{summary}"'))
@when(S('"{place}" 的业主 "{caller}" 在 {t} 以{channel}方式投诉 "{summary}"'))
def complaint(desk: Desk, place: str, caller: str, t: str, channel: str, summary: str) -> None:
    desk.do(t, lambda: desk.rt.complaints.open(
        unit=place, caller=caller, phone="13800000001", summary=summary,
        channel=CHANNEL[channel]))


@when(S('"{place}" 的业主 "{caller}" 在 {t} 以{channel}方式投诉 "{summary}"，并已投诉到{lodged}'))
def lodged_complaint(desk: Desk, place: str, caller: str, t: str, channel: str, summary: str,
                     lodged: str) -> None:
    desk.do(t, lambda: desk.rt.complaints.open(
        unit=place, caller=caller, phone="13800000001", summary=summary,
        channel=CHANNEL[channel], lodged_with=LODGED[lodged]))


@given(S('客服在 {t} 将 "{place}" 的投诉定为{ncls}类'))
@when(S('客服在 {t} 将 "{place}" 的投诉定为{ncls}类'))
def classify(desk: Desk, t: str, place: str, ncls: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.complaints.classify(number, int(ncls)))


@given(S('客服在 {t} 将 "{place}" 的投诉定为{ncls}类重要投诉'))
@when(S('客服在 {t} 将 "{place}" 的投诉定为{ncls}类重要投诉'))
def classify_important(desk: Desk, t: str, place: str, ncls: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.complaints.classify(number, int(ncls), True))


@when(S('客服在 {t} 将 "{place}" 的当面投诉告知上级'))
def notify(desk: Desk, t: str, place: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.complaints.notify_superior(number, "现场未能解决"))


@given(S('客服在 {t} 就 "{place}" 的投诉向 "{dept}" 发出工作联系单'))
@when(S('客服在 {t} 就 "{place}" 的投诉向 "{dept}" 发出工作联系单'))
def dispatch(desk: Desk, t: str, place: str, dept: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.complaints.dispatch(number, dept))


@given(S('"{dept}" 在 {t} 回复 "{place}" 的投诉："{text}"'))
@when(S('"{dept}" 在 {t} 回复 "{place}" 的投诉："{text}"'))
def respond(desk: Desk, dept: str, t: str, place: str, text: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.complaints.respond(number, text))


@given(S('客服在 {t} 与 "{place}" 的业主约定 "{remedy}"，于 {tby} 前完成'))
@when(S('客服在 {t} 与 "{place}" 的业主约定 "{remedy}"，于 {tby} 前完成'))
def agree(desk: Desk, t: str, place: str, remedy: str, tby: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.complaints.agree(number, remedy, desk.when(tby)))


@given(S('客服在 {t} 将 "{place}" 的投诉处理完毕'))
@when(S('客服在 {t} 将 "{place}" 的投诉处理完毕'))
def resolve(desk: Desk, t: str, place: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.complaints.resolve(number))


@given(S('客服在 {t} 将 "{place}" 的投诉处理完毕，记录 "{note}"'))
@when(S('客服在 {t} 将 "{place}" 的投诉处理完毕，记录 "{note}"'))
def resolve_with_note(desk: Desk, t: str, place: str, note: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.complaints.resolve(number, note))


@then(S('{month}的住户投诉汇总表的事件依据为:'))
def summary_from_events(desk: Desk, month: str, datatable: list[list[str]]) -> None:
    """C11: each count checked against the tickets' own events, not the register."""
    data = complaint_summary(desk.read(), desk.rt.code, desk.cal, _month(desk, month))
    tickets = [desk.rt.service.load(n) for n in data["case_studies"] + [
        r for r in desk.numbers.values() if r.startswith("TS-")]]
    seen = {t.number: t for t in tickets}.values()
    counts = {"回访满意": sum(1 for t in seen if t.visits and t.visits[-1].result == "satisfied"),
              "业主签字确认": sum(1 for t in seen if t.confirmed_by),
              "已回访": sum(1 for t in seen if t.visits)}
    for key, value in _pairs(datatable):
        assert str(counts[key]) == value, (key, counts)


@given(S('业主 "{signer}" 在 {t} 签字确认 "{place}" 的投诉已圆满解决'))
@when(S('业主 "{signer}" 在 {t} 签字确认 "{place}" 的投诉已圆满解决'))
def confirm(desk: Desk, signer: str, t: str, place: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.complaints.confirm(number, signer))


@given(S('{role}在 {t} {method}回访 "{place}" 的投诉，业主不满意'))
@when(S('{role}在 {t} {method}回访 "{place}" 的投诉，业主不满意'))
def visit_unsatisfied(desk: Desk, role: str, t: str, method: str, place: str) -> None:
    number = desk.number(place)
    desk.do(t, as_role(desk, role, lambda: desk.rt.visits.record(
        number, METHOD[method], "unsatisfied", "还是不满意")))


@given(S('{role}在 {t} {method}回访 "{place}" 的投诉，业主满意'))
@when(S('{role}在 {t} {method}回访 "{place}" 的投诉，业主满意'))
def visit(desk: Desk, role: str, t: str, method: str, place: str) -> None:
    number = desk.number(place)
    desk.do(t, as_role(desk, role, lambda: desk.rt.visits.record(
        number, METHOD[method], "satisfied")))


@when(S('{role}在 {t} {method}回访 "{place}" 的投诉，业主满意，由 "{signer}" 签字'))
def signed_visit(desk: Desk, role: str, t: str, method: str, place: str, signer: str) -> None:
    number = desk.number(place)
    desk.do(t, as_role(desk, role, lambda: desk.rt.visits.record(
        number, METHOD[method], "satisfied", None, signer)))


# == what the desk sees ===================================================================
@then(S('"{place}" 的 "处理" 时限截止于 {day} 当天最后一刻'))
def end_of_day(desk: Desk, place: str, day: str) -> None:
    due = desk.deadline(place, "处理")["due_at"]
    local = desk.cal.local(datetime.fromisoformat(due))
    assert local.date() == desk.day(day), local
    assert local.strftime("%H:%M:%S.%f") == "23:59:59.999999", local


@then(S('"{place}" 的{what}已依 "{rule}" 上报 "{to}"'))
def escalated(desk: Desk, place: str, what: str, rule: str, to: str) -> None:
    escalations = desk.view(place)["escalations"]
    assert [e for e in escalations if e["rule"] == rule and e["to"] == WHO[to]], escalations


@then(S('"{place}" 的{what}没有上报'))
def not_escalated(desk: Desk, place: str, what: str) -> None:
    assert desk.view(place)["escalations"] == []


@then(S('"{place}" 的投诉状态为 "{status}"'))
@then(S('"{place}" 的求助状态为 "{status}"'))
@then(S('"{place}" 的咨询状态为 "{status}"'))
def status_is(desk: Desk, place: str, status: str) -> None:
    view = desk.view(place)
    words = {**STATUS, "dispatched": "护送中"} if view["kind"] == "help" else STATUS
    assert words[view["status"]] == status, view["status"]


COMPLAINT_COLUMNS: dict[str, Callable[[Desk, dict[str, Any]], Any]] = {
    "投诉人": lambda d, r: r["caller"],
    "投诉方式": lambda d, r: {v: k for k, v in CHANNEL.items()}[r["channel"]],
    "投诉要点": lambda d, r: r["summary"],
    "类别": lambda d, r: r["complaint_class"],
    "联系单号": lambda d, r: r["slip"],
    "责任部门": lambda d, r: r["dispatched_to"],
    "处理人回复": lambda d, r: r["reply"],
    "约定方案": lambda d, r: r["remedy"],
    "后续处理": lambda d, r: FOLLOW_UP.get(r["follow_up"] or "", r["follow_up"]),
    "处理说明": lambda d, r: r["resolution_note"],
    "业主签字": lambda d, r: r["confirmed_by"],
    "回访结果": lambda d, r: {"satisfied": "满意", "unsatisfied": "不满意"}.get(
        r["visit_result"] or "", r["visit_result"]),
    "超时": lambda d, r: "是" if r["handled_late"] else "否",
    "性质": lambda d, r: "建议" if r["suggestion"] else "投诉",
    "方案落实": lambda d, r: d.local(r["remedy_done_at"]) or "未落实",
    "上报": lambda d, r: "、".join(
        {v: k for k, v in WHO.items()}.get(x, x) for x in (r["escalated_to"] or "").split(",")
        if x) or "无",
    "状态": lambda d, r: STATUS.get(r["status"], r["status"]),
}


# == C8, C7, C6, 建议: remedy carried out, defect repair, department head, suggestions =====
@when(S('客服在 {t} 记录 "{place}" 的约定方案已落实'))
def remedy_done(desk: Desk, t: str, place: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.complaints.remedy_done(number, "已落实"))


@when(S('客服在 {t} 将 "{place}" 的投诉处理完毕，属保修期内，交由 "{party}" 维修'))
def resolve_warranty(desk: Desk, t: str, place: str, party: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.complaints.resolve(number, warranty=WARRANTY[party]))


@when(S('部门负责人在 {t} 对 "{place}" 的投诉提出处理意见 "{text}"'))
def head_opinion(desk: Desk, t: str, place: str, text: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.complaints.head_opinion(number, text))


@given(S('"{place}" 的业主 "{caller}" 在 {t} 以{channel}方式提出建议 "{summary}"'))
@when(S('"{place}" 的业主 "{caller}" 在 {t} 以{channel}方式提出建议 "{summary}"'))
def suggestion(desk: Desk, place: str, caller: str, t: str, channel: str, summary: str) -> None:
    desk.do(t, lambda: desk.rt.complaints.open(
        unit=place, caller=caller, phone=None, summary=summary, channel=CHANNEL[channel],
        suggestion=True))


def linked_repair(desk: Desk, place: str) -> str:
    row = desk_row(desk, "complaint", place)
    assert row["linked_number"], f"{place}: no defect repair linked"
    return str(row["linked_number"])


@when(S('维修工 "{tech}" 在 {t} 到场并完成 "{place}" 投诉关联的缺陷维修，由 "{signer}" 签字'))
def finish_linked_repair(desk: Desk, tech: str, t: str, place: str, signer: str) -> None:
    repair = linked_repair(desk, place)

    def finish() -> Any:
        desk.rt.repairs.order(repair, tech)
        desk.rt.repairs.arrive(repair, tech)
        return desk.rt.repairs.complete(repair, signer, 5)

    desk.do(t, finish)
    desk.numbers[place] = desk.rt.service.load(repair).intake.linked_from or repair


@then(S('"{place}" 投诉关联的缺陷维修单已报告 "{to}"，派给 "{tech}"'))
def warranty_repair(desk: Desk, place: str, to: str, tech: str) -> None:
    repair = linked_repair(desk, place)
    start = desk.cal.day_start(desk.today)
    [row] = [r for r in queries.repair_register(desk.read(), desk.rt.code, start,
                                                start + _DAYS_62) if r["number"] == repair]
    assert (row["technician"], row["status"], row["escalations"]) == (tech, "ordered", 1), row
    ticket = desk.rt.service.load(repair)
    assert [(e.rule, e.to) for e in ticket.escalations] == [("R7", WHO[to])]


@then(S('业主投诉登记表中 "{place}" 这一行的内容为:'))
def complaint_row(desk: Desk, place: str, datatable: list[list[str]]) -> None:
    row = desk_row(desk, "complaint", place)
    for key, value in _pairs(datatable):
        shown = COMPLAINT_COLUMNS[key](desk, row)
        assert str(shown) == value, f"{key}: {shown!r} != {value!r}"


@then(S('"{place}" 的投诉已关联一张缺陷维修单，列在业主报修记录表中'))
def defect_repair(desk: Desk, place: str) -> None:
    row = desk_row(desk, "complaint", place)
    assert row["linked_number"] and row["linked_number"].startswith("BX-"), row
    start = desk.cal.day_start(desk.today)
    repairs = queries.repair_register(desk.read(), desk.rt.code, start, start + _DAYS_62)
    assert [r for r in repairs if r["number"] == row["linked_number"]], repairs


@then(S("{month}的住户投诉汇总表显示:"))
def summary(desk: Desk, month: str, datatable: list[list[str]]) -> None:
    data = complaint_summary(desk.read(), desk.rt.code, desk.cal, _month(desk, month))
    names = {"投诉总数": "received", "已解决": "resolved", "未解决": "open",
             "超时处理": "handled_late", "上报": "escalated", "向上级机构投诉": "lodged_outside",
             "已回访": "visited", "业主签字确认": "confirmed", "回访满意": "satisfied",
             "建议": "suggestions", "建议已答复": "suggestions_answered"}
    for key, value in _pairs(datatable):
        if key == "未分类":
            assert str(data["by_class"]["unclassified"]) == value, data["by_class"]
        elif key.endswith("类"):
            assert str(data["by_class"][key[0]]) == value, (key, data["by_class"])
        else:
            assert str(data[names[key]]) == value, (key, data)


# == F1–F3 on any ticket =================================================================
@given(S('客服在 {t} 就 "{place}" 向 "{dept}" 发出工作联系单'))
@when(S('客服在 {t} 就 "{place}" 向 "{dept}" 发出工作联系单'))
def refer(desk: Desk, t: str, place: str, dept: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.feedback.refer(number, dept))


@when(S('客服在 {t} 就 "{place}" 向 "{dept}" 发出工作联系单，需上级决定'))
def refer_up(desk: Desk, t: str, place: str, dept: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.feedback.refer(number, dept, True))


@when(S('处理人在 {t} 将 "{place}" 的事项报告上级'))
def report_up(desk: Desk, t: str, place: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.feedback.report_up(number))


@when(S('处理人在 {t} 答复客服 "{place}" 的事项："{text}"'))
def reply(desk: Desk, t: str, place: str, text: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.feedback.reply(number, text))


@when(S('客服在 {t} 将处理结果告知 "{place}" 的客户'))
def answer_customer(desk: Desk, t: str, place: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.feedback.answer(number, "已按处理人意见答复"))


@then(S('"{place}" 的工作联系单编号为 "{slip}"'))
def slip_number(desk: Desk, place: str, slip: str) -> None:
    ticket = desk.rt.service.load(desk.number(place))
    assert ticket.slips and ticket.slips[-1].slip == slip.replace("今天", desk.today.strftime(
        "%Y%m%d")), [s.slip for s in ticket.slips]
