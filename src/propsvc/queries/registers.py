"""The catalogue of registers (登记表): each one's paper title, its columns with the paper
form's Chinese headers, the period it is kept by, how its rows are read, and the words
its coded columns print. ``register …`` prints the tables and ``register export`` /
``archive`` write the files from the same entries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from propsvc.calendar import OfficeCalendar, parse_date, parse_month
from propsvc.errors import InvalidInput
from propsvc.i18n import ok_detail, zh
from propsvc.queries import handover as hq
from propsvc.queries import keys as kq
from propsvc.queries import renovation as rq
from propsvc.queries.common import Source
from propsvc.queries.complaint import complaint_register
from propsvc.queries.daily_report import daily_report
from propsvc.queries.help import help_register
from propsvc.queries.incident import incident_register
from propsvc.queries.inquiry import inquiry_register
from propsvc.queries.repair import repair_register
from propsvc.queries.visit import visit_register
from propsvc.vocabulary import (
    CARRY_REASONS,
    INCIDENT_STATUSES,
    LOG_ACTIONS,
    MATTER_KINDS,
    RENOVATION_STATUSES,
    TICKET_STATUSES,
    TRIAGES,
    Choices,
)
from propsvc.vocabulary import (
    REGISTERS as NAMES,
)

Fetch = Callable[[Source, datetime, datetime, str], list[dict[str, Any]]]
WORDS: dict[str, Choices] = {"status": TICKET_STATUSES, "kind": MATTER_KINDS,
                             "category": MATTER_KINDS, "triage": TRIAGES,
                             "why": CARRY_REASONS, "action": LOG_ACTIONS}


@dataclass(frozen=True)
class Register:
    title: str
    period: str  # "month", "date", "either" or "none"
    columns: list[tuple[str, str]]
    fetch: Fetch
    exported: bool = True  # a file of its own in ``register export`` and ``archive``
    words: dict[str, Choices] = field(default_factory=lambda: dict(WORDS))

    def labels(self) -> dict[str, dict[str, str]]:
        """The zh-CN words of each coded column."""
        return {key: choices.zh() for key, choices in self.words.items()}

    def period_of(self, name: str, month: str | None, day: str | None,
                  cal: OfficeCalendar, now: datetime) -> tuple[datetime, datetime, str]:
        """The [start, end) and label of the period asked for, checked against the
        period the register is kept by."""
        if month and day:
            raise InvalidInput("give either --date or --month, not both")
        if self.period == "month" and (day or not month):
            raise InvalidInput(f"register {name} is kept per month: give --month YYYY-MM")
        if self.period == "none" and (day or month):
            raise InvalidInput(f"register {name} is the whole register: no --date or --month")
        if month:
            parse_month(month)
            return (*cal.month_bounds(month), month)
        when = parse_date(day) if day else cal.local_date(now)
        return (*cal.day_bounds(when), when.isoformat())


def _title(name: str) -> str:
    """The paper form's title (the register's zh-CN label)."""
    return NAMES.label(name)


def _days(start: datetime, end: datetime, cal: OfficeCalendar) -> list[date]:
    first, last = cal.local_date(start), cal.local_date(end - timedelta(microseconds=1))
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _daily(src: Source, start: datetime, end: datetime, label: str) -> list[dict[str, Any]]:
    return [{"date": day.isoformat(), **row}
            for day in _days(start, end, src.calendar)
            for row in daily_report(src.engine, src.office, src.calendar, day,
                                    src.now)["rows"]]


def _log(src: Source, start: datetime, end: datetime, label: str) -> list[dict[str, Any]]:
    """The handover log's entries as the paper log has them: in Chinese."""
    rows = hq.log_entries(src.engine, src.office, start, end)
    for row in rows:
        if row["action"] == "triage":
            row["detail"] = TRIAGES.label(row["detail"] or "")
        elif row["action"] == "ok" and "instructed_by" in row:
            row["detail"] = ok_detail(row["ok_note"], row["instructed_by"], zh) or None
    return rows


ITEM_COLUMNS = [("number", "编号"), ("kind", "类别"), ("summary", "事项"),
                ("raised_at", "登记时间"), ("triage", "分类"), ("reason", "原因"),
                ("done_at", "完成时间"), ("ok", "OK"), ("ok_by", "OK 记录人"),
                ("instructed_by", "经理指示")]
COMPLAINT_COLUMNS = [
    ("number", "编号"), ("opened_at", "投诉时间"), ("unit", "房号"), ("caller", "投诉人"),
    ("channel", "方式"), ("summary", "投诉要点"), ("complaint_class", "类别"),
    ("slip", "联系单"), ("dispatched_to", "责任部门"), ("resolved_at", "解决时间"),
    ("follow_up", "后续"), ("visit_result", "回访"), ("confirmed_by", "业主签字"),
    ("status", "状态"), ("handled_late", "超时"),
]
HELP_COLUMNS = [
    ("number", "编号"), ("opened_at", "求助时间"), ("unit", "房号"), ("location", "地点"),
    ("caller", "求助人"), ("help_kind", "类别"), ("summary", "内容"),
    ("answered_at", "答复时间"), ("medical_action", "急救方式"), ("routed_to", "转办"),
    ("linked_number", "关联单号"), ("visit_result", "回访"), ("status", "状态"),
]
INQUIRY_COLUMNS = [
    ("number", "编号"), ("opened_at", "咨询时间"), ("caller", "咨询人"), ("written", "书面"),
    ("summary", "问题"), ("answer", "答复"), ("answered_at", "答复时间"),
    ("handled_late", "超时"), ("status", "状态"),
]

REGISTERS: dict[str, Register] = {
    "repairs": Register(_title("repairs"), "either", [
        ("number", "单号"), ("opened_at", "报修时间"), ("unit", "房号"), ("location", "位置"),
        ("part", "报修部位"), ("summary", "报修内容"), ("caller", "报修人"),
        ("urgent", "紧急"), ("technician", "维修人员"), ("arrived_at", "到场时间"),
        ("completed_at", "完工时间"), ("status", "状态"), ("rating", "满意度"),
        ("missed", "超时")],
        lambda src, s, e, m: repair_register(src.engine, src.office, s, e)),
    "visits": Register(_title("visits"), "month", [
        ("number", "单号"), ("unit", "房号"), ("visited_at", "回访时间"), ("method", "方式"),
        ("result", "结果"), ("visitor", "回访人"), ("within_window", "时限内"),
        ("filed_late", "逾期归档(V4)"), ("note", "意见")],
        lambda src, s, e, m: visit_register(src.engine, src.office, src.calendar, m,
                                            src.profile)["visits"]),
    "key-deposits": Register(_title("key-deposits"), "none", [
        ("deposited_at", "留存时间"), ("label", "钥匙编号"), ("unit", "房号"),
        ("owner", "业主"), ("id_last4", "证件后四位"), ("signed_by", "业主签名"),
        ("received_by", "经办人"), ("retrieved_at", "取回时间"),
        ("retrieved_signed_by", "取回签名")],
        lambda src, s, e, m: kq.deposit_register(src.engine, src.office)),
    "key-loans": Register(_title("key-loans"), "either", [
        ("lent_at", "借出时间"), ("label", "钥匙编号"), ("borrower", "借用人"),
        ("borrower_type", "类别"), ("id_last4", "证件后四位"), ("purpose", "事由"),
        ("approved_by", "审批"), ("ticket", "维修单"), ("renovation", "装修"),
        ("due_at", "应还时间"), ("returned_at", "归还时间"), ("late_minutes", "逾期(分钟)")],
        lambda src, s, e, m: kq.loan_register(src.engine, src.office, s, e)),
    "renovations": Register(_title("renovations"), "none", [
        ("number", "编号"), ("unit", "房号"), ("contractor", "施工单位"),
        ("planned_from", "开工"), ("planned_to", "完工"), ("status", "状态"),
        ("phase", "阶段"), ("deposit", "押金"), ("passes", "证件数"),
        ("inspections", "巡查"), ("missed_inspections", "漏查"),
        ("open_violations", "未整改违规"), ("extensions", "延期")],
        lambda src, s, e, m: rq.renovation_register(src.engine, src.office),
        words={**WORDS, "status": RENOVATION_STATUSES}),
    "passes": Register(_title("passes"), "none", [
        ("number", "证号"), ("renovation", "装修编号"), ("unit", "房号"), ("kind", "类别"),
        ("holder", "持证人"), ("issued_at", "发证时间"), ("state", "状态"),
        ("closed_at", "收回时间")],
        lambda src, s, e, m: rq.pass_register(src.engine, src.office)),
    "extensions": Register(_title("extensions"), "none", [
        ("granted_at", "批准时间"), ("renovation", "装修编号"), ("unit", "房号"),
        ("previous_to", "原完工"), ("new_to", "延至"), ("signed_by", "签字"),
        ("reason", "原因")],
        lambda src, s, e, m: rq.extension_register(src.engine, src.office)),
    "complaints": Register(_title("complaints"), "either", COMPLAINT_COLUMNS,
                           lambda src, s, e, m: complaint_register(src.engine, src.office,
                                                                   s, e)),
    "help": Register(_title("help"), "either", HELP_COLUMNS,
                     lambda src, s, e, m: help_register(src.engine, src.office, s, e)),
    "inquiries": Register(_title("inquiries"), "either", INQUIRY_COLUMNS,
                          lambda src, s, e, m: inquiry_register(src.engine, src.office, s, e)),
    "incidents": Register(_title("incidents"), "month", [
        ("number", "编号"), ("happened_at", "发生时间"), ("place", "地点"),
        ("category", "类别"), ("incident_class", "性质"), ("told", "已报告"),
        ("playbook", "预案"), ("steps_done", "已完成步骤"), ("written_at", "书面报告"),
        ("written_due_at", "报告时限"), ("written_late", "超时"), ("status", "状态")],
        lambda src, s, e, m: incident_register(src.engine, src.office, s, e),
        exported=False, words={**WORDS, "status": INCIDENT_STATUSES}),
    "carryover": Register(_title("carryover"), "month", [
        *ITEM_COLUMNS, ("entered_at", "转入时间"), ("why", "转入原因"),
        ("months_carried", "已转月数")],
        lambda src, s, e, m: hq.carryover_file(src.engine, src.office, src.calendar, m,
                                               src.now)["rows"]),
    "patrol": Register(_title("patrol"), "month", [
        *ITEM_COLUMNS, ("area", "巡视项目"), ("location", "位置"),
        ("department", "责任部门"), ("months_carried", "已转月数")],
        lambda src, s, e, m: hq.patrol_register(src.engine, src.office, src.calendar, m,
                                                src.now)["rows"]),
    "daily": Register(_title("daily"), "either", [
        ("date", "日期"), ("category", "类别"), ("opened", "新增"), ("completed", "完成"),
        ("overdue", "超时"), ("ok", "OK"), ("carried_over", "转入遗留")], _daily),
    "handover": Register(_title("handover"), "either", [
        ("at", "时间"), ("shift", "班次"), ("action", "动作"), ("number", "编号"),
        ("detail", "内容"), ("actor", "记录人"), ("major", "重大")], _log),
}
EXPORTED = [name for name, r in REGISTERS.items() if r.exported]
