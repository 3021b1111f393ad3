"""The catalogue of forms (登记表, 报表, 维修单): each one's paper title, the period it is
kept by, how its data is read, its tables with the paper form's Chinese headers and the
kind of each column, the words its coded columns print, and the signatures the paper
form asks for. ``register …`` prints the tables, ``register export`` / ``archive`` /
``register work-order`` write the files, all from the same entries: a new form is a new
entry here, and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from propsvc.calendar import OfficeCalendar, parse_date, parse_month
from propsvc.errors import InvalidInput
from propsvc.i18n import _, ok_detail
from propsvc.queries import found as fq
from propsvc.queries import handover as hq
from propsvc.queries import keys as kq
from propsvc.queries import movein as mq
from propsvc.queries import paid as pq
from propsvc.queries import release as relq
from propsvc.queries import renovation as rq
from propsvc.queries import vacancy as vq
from propsvc.queries.columns import Column, Part, Row, columns, filled
from propsvc.queries.common import Source
from propsvc.queries.complaint import complaint_register, complaint_summary
from propsvc.queries.daily_report import daily_report
from propsvc.queries.help import help_register
from propsvc.queries.incident import incident_register
from propsvc.queries.inquiry import inquiry_register
from propsvc.queries.repair import daily_repairs, repair_register
from propsvc.queries.visit import visit_register
from propsvc.vocabulary import (
    BORROWER_TYPES,
    CARRY_REASONS,
    COMPLAINT_CLASSES,
    FOLLOW_UPS,
    FOUND_STATUSES,
    HELP_KINDS,
    HELP_ROUTES,
    INCIDENT_CATEGORIES,
    INCIDENT_CLASSES,
    INCIDENT_STATUSES,
    LOG_ACTIONS,
    MATTER_KINDS,
    MEDICAL_ACTIONS,
    MOVEIN_AGREEMENTS,
    MOVEIN_DOCUMENTS,
    MOVEIN_INSPECTION_RESULTS,
    MOVEIN_STATUSES,
    PAID_DEPARTMENTS,
    PAID_STATUSES,
    PASS_KINDS,
    PHASES,
    PLAYBOOKS,
    RELEASE_STATUSES,
    RENOVATION_STATUSES,
    REQUEST_CHANNELS,
    SHIFTS,
    STRUCK,
    TICKET_STATUSES,
    TRIAGES,
    VACANCY_END_REASONS,
    VACANCY_STATUSES,
    VISIT_METHODS,
    VISIT_RATINGS,
    VISIT_RESULTS,
    Choices,
)
from propsvc.vocabulary import (
    REGISTERS as NAMES,
)

Fetch = Callable[[Source, datetime, datetime, str], list[dict[str, Any]]]
Read = Callable[[Source, datetime, datetime, str], dict[str, Any]]
# (source, recorded since, business start, business end): the main list's rows recorded
# at or after ``since`` with a business time in [start, end) — one indexed query
Late = Callable[[Source, datetime, datetime, datetime], list[dict[str, Any]]]
WORDS: dict[str, Choices] = {"status": TICKET_STATUSES, "kind": MATTER_KINDS,
                             "category": MATTER_KINDS, "triage": TRIAGES,
                             "why": CARRY_REASONS, "action": LOG_ACTIONS}


@dataclass(frozen=True)
class Register:
    """One form. ``read`` gives its data (a dict whose lists the parts print); ``period``
    is "month", "date", "either", "none" (the whole register) or "one" (one record, read
    by its own command); ``per_day``: a month of it is one sheet per day (维修日报表);
    ``sign_off``: the signatures under the form (the paper's 签字 lines)."""

    title: str
    period: str
    parts: tuple[Part, ...]
    read: Read | None
    exported: bool = True  # a file of its own in ``register export`` and ``archive``
    words: dict[str, Choices] = field(default_factory=lambda: dict(WORDS))
    sign_off: tuple[str, ...] = ()
    per_day: bool = False
    counted: tuple[str, ...] = ()  # the lists whose rows are its records (default: the first)
    late: Late | None = None  # its 补录 by recorded time (else found by rebuilding months)

    def count(self, data: dict[str, Any], *, struck: bool = False) -> int:
        """How many records ``data`` holds (the rows of the form's main list); a voided
        or merged ticket is listed, marked, but not counted (``struck``: count those)."""
        paths = self.counted or (self.parts[0].rows,)
        return sum(1 for p in paths for row in Part(p, ()).take(data)
                   if is_struck(row) == struck)

    @property
    def fields(self) -> tuple[Column, ...]:
        """The columns of its main table."""
        return self.parts[0].columns

    @property
    def columns(self) -> list[tuple[str, str]]:
        """The main table's (field, header) pairs."""
        return [(c.key, c.header) for c in self.fields]

    def fetch(self, src: Source, start: datetime, end: datetime, label: str
              ) -> list[dict[str, Any]]:
        """The rows of its main table."""
        return self.parts[0].take(self.data(src, start, end, label))

    def data(self, src: Source, start: datetime, end: datetime, label: str
             ) -> dict[str, Any]:
        if self.read is None:
            raise InvalidInput(_("{title} is printed one record at a time", title=self.title))
        return self.read(src, start, end, label)

    def labels(self) -> dict[str, dict[str, str]]:
        """The zh-CN words of each coded column."""
        return {key: choices.zh() for key, choices in self.words.items()}

    def period_of(self, name: str, month: str | None, day: str | None,
                  cal: OfficeCalendar, now: datetime) -> tuple[datetime, datetime, str]:
        """The [start, end) and label of the period asked for, checked against the
        period the register is kept by."""
        if month and day:
            raise InvalidInput(_("give either --date or --month, not both"))
        if self.period == "month" and (day or not month):
            raise InvalidInput(_("register {name} is kept per month: give --month YYYY-MM",
                                 name=name))
        if self.period == "none" and (day or month):
            raise InvalidInput(_("register {name} is the whole register: no --date or --month",
                                 name=name))
        if month:
            parse_month(month)
            return (*cal.month_bounds(month), month)
        when = parse_date(day) if day else cal.local_date(now)
        return (*cal.day_bounds(when), when.isoformat())


def is_struck(row: Row) -> bool:
    """A voided ticket, or a repeat call merged into another (out of the counts)."""
    return row.get("status") in STRUCK or bool(row.get("voided"))


def _title(name: str) -> str:
    """The paper form's title (the register's zh-CN label)."""
    return NAMES.label(name)


def listing(fetch: Fetch) -> Read:
    """A register that is one list of rows."""
    return lambda src, s, e, m: {"rows": fetch(src, s, e, m)}


def days_of(start: datetime, end: datetime, cal: OfficeCalendar) -> list[date]:
    first, last = cal.local_date(start), cal.local_date(end - timedelta(microseconds=1))
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _daily(src: Source, start: datetime, end: datetime, label: str) -> list[dict[str, Any]]:
    return [{"date": day.isoformat(), **row}
            for day in days_of(start, end, src.calendar)
            for row in daily_report(src.db, src.office, src.calendar, day,
                                    src.now)["rows"]]


def _log(src: Source, start: datetime, end: datetime, label: str) -> list[dict[str, Any]]:
    """The handover log's entries as the paper log has them: in Chinese."""
    rows = hq.log_entries(src.db, src.office, start, end)
    for row in rows:
        if row["action"] == "triage":
            row["detail"] = TRIAGES.label(row["detail"] or "")
        elif row["action"] == "ok" and "instructed_by" in row:
            row["detail"] = ok_detail(row["ok_note"], row["instructed_by"], zh=True) or None
    return rows


AREAS = (("in_home", "入户"), ("public", "公共区域"))
LISTS = (("received", "当日接报"), ("completed", "当日完工"), ("open", "未完成（含暂缓, R8）"))


def _repairs_of_day(src: Source, start: datetime, end: datetime, label: str
                    ) -> dict[str, Any]:
    """维修日报表 (R8, R15) of the day that starts at ``start``, with a totals table."""
    report = daily_repairs(src.db, src.office, src.calendar, src.calendar.local_date(start))
    report["totals"] = [{"area": title, **report[area]["totals"]} for area, title in AREAS]
    return report


COUNTS = (("received", "受理"), ("resolved", "已处理"), ("open", "未处理"),
          ("handled_late", "超时处理(C5)"), ("escalated", "上报"),
          ("lodged_outside", "向公司/集团/政府投诉(C6)"), ("visited", "已回访(C9)"),
          ("satisfied", "回访满意"), ("confirmed", "业主签字确认(C10)"),
          ("suggestions", "建议"), ("suggestions_answered", "建议已答复"))


def _summary(src: Source, start: datetime, end: datetime, label: str) -> dict[str, Any]:
    """住户投诉汇总表 (C11): the counts, by class and by channel, and every complaint."""
    found = complaint_summary(src.db, src.office, src.calendar, label)
    by_class = [{"item": COMPLAINT_CLASSES.label(k) if k != "unclassified" else "未分类",
                 "count": n} for k, n in found["by_class"].items()]
    by_channel = [{"item": REQUEST_CHANNELS.label(k), "count": n}
                  for k, n in sorted(found["by_channel"].items())]
    return {**found, "counts": [{"item": text, "count": found[key]} for key, text in COUNTS],
            "rates": [{"item": "回访率(C9 目标 100%)", "rate": found["visit_rate"]}],
            "by_class": by_class, "by_channel": by_channel,
            "rows": complaint_register(src.db, src.office, start, end)}


def _signers(row: Row, role: str) -> str | None:
    """N8: the name that signed in ``role`` (events before names were kept: 已签)."""
    roles = [r for r in (row.get("signer_roles") or row.get("signed_by") or "").split(",") if r]
    names = [n for n in (row.get("signed_by") or "").split(",") if n]
    if role not in roles:
        return None
    if row.get("signer_roles") and len(names) == len(roles):
        return names[roles.index(role)]
    return "已签"


EXTENSION_SIGNATURES = {  # N8: the name each signer wrote on the 延时施工申请
    "业主签字": lambda r: _signers(r, "owner"),
    "维修主管签字": lambda r: _signers(r, "maintenance-supervisor"),
    "保安主管签字": lambda r: _signers(r, "security-supervisor"),
}


def _coded(row: Row, key: str, words: Choices) -> str | None:
    """A comma-separated list of codes in the form's words."""
    codes = [c for c in str(row.get(key) or "").split(",") if c]
    return "、".join(words.label(c) for c in codes) or None


def _where(row: Row) -> Any:
    return row.get("unit") or row.get("location")


def _spare_key(row: Row) -> str | None:
    value = row.get("spare_key")
    return None if value is None else ("可用" if value else "不可用")


def _paused(row: Row) -> str | None:
    """R8 waits: the minutes of finished pauses, and whether the job waits now."""
    minutes, now = row.get("paused_minutes") or 0, row.get("paused_at") is not None
    if not minutes and not now:
        return None
    return f"{minutes}" + (" (暂停中)" if now else "")


def _class(row: Row) -> str | None:
    value = row.get("complaint_class")
    return None if value in (None, "") else f"{value}类"


def _shift(row: Row) -> str:
    day, _sep, which = str(row.get("shift") or "").partition("/")
    return f"{day} {SHIFTS.label(which)}".strip()


def _steps(row: Row) -> str | None:
    steps = row.get("steps") or []
    return "；".join(f"{s['text']}" for s in steps) or None


def _correction(row: Row) -> str | None:
    """作废/合并 (ticket void, ticket merge): why a row is not counted, or its repeats."""
    if row.get("voided_at") and not row.get("merged_into"):
        return f"作废：{row.get('void_reason') or ''}".rstrip("：")
    if row.get("merged_into"):
        return f"重复来电，并入 {row['merged_into']}"
    if row.get("duplicates"):
        return f"重复来电 {row['duplicates']} 已并入"
    return None


def _ok_or_voided(row: Row) -> str | None:
    """S2's red OK; a voided or merged ticket is settled without one (作废)."""
    if row.get("ok"):
        return "OK"
    return "作废" if row.get("voided") else None


def is_reason(row: Row, value: Any) -> bool:
    """S4: the reason an item cannot be done today is written in red."""
    return row.get("action") == "reason" and filled(row, value)


def is_ok(row: Row, value: Any) -> bool:
    """S2: a done item gets OK in red."""
    return value == "ok" or value == "OK" or value is True


NOTE = Column("correction", "备注", "text", value=_correction)
WHERE = Column("where", "房号/位置", "short", value=_where)
ITEM_COLUMNS = columns(
    ("number", "编号", "ref"), ("kind", "类别"), ("summary", "事项", "text"),
    ("raised_at", "登记时间", "time"), ("triage", "分类"),
    ("reason", "原因", "text", filled), ("done_at", "完成时间", "time"),
    Column("ok", "OK", "short", is_ok, _ok_or_voided), ("ok_by", "OK 记录人"),
    ("instructed_by", "经理指示"))
COMPLAINT_COLUMNS = columns(
    ("number", "编号", "ref"), ("opened_at", "投诉时间", "time"), ("unit", "房号"),
    ("caller", "投诉人"), ("phone", "联系电话"), ("channel", "方式"),
    Column("suggestion", "性质", value=lambda r: "建议" if r.get("suggestion") else "投诉"),
    ("summary", "投诉要点", "text"), Column("complaint_class", "类别", value=_class),
    ("slip", "联系单", "ref"), ("dispatched_to", "责任部门"),
    ("remedy", "约定方案", "text"), ("remedy_done_at", "方案落实(C8)", "time"),
    ("resolved_at", "解决时间", "time"), ("follow_up", "后续(C7)"),
    ("visit_result", "回访"), ("confirmed_by", "业主签字", "sign"), ("status", "状态"),
    ("handled_late", "超时", "bool"), NOTE)
HELP_COLUMNS = columns(
    ("number", "编号", "ref"), ("opened_at", "求助时间", "time"), WHERE,
    ("caller", "求助人"), ("phone", "联系电话"), ("help_kind", "类别"),
    ("summary", "内容", "text"), ("answered_at", "答复时间", "time"),
    ("medical_action", "急救方式"), ("medical_staff", "出动人员"), ("relative", "陪护亲属"),
    ("escort_returned_at", "护送返回", "time"), ("routed_to", "转办"),
    ("linked_number", "关联单号", "ref"),
    ("visit_result", "回访"), ("status", "状态"), NOTE)
INQUIRY_COLUMNS = columns(
    ("number", "编号", "ref"), ("opened_at", "咨询时间", "time"), ("caller", "咨询人"),
    ("written", "书面", "bool"), ("summary", "问题", "text"), ("answer", "答复", "text"),
    ("answered_at", "答复时间", "time"), ("handled_late", "超时", "bool"),
    ("status", "状态"), NOTE)
DAILY_REPAIR_COLUMNS = columns(
    ("number", "单号", "ref"), ("opened_at", "报修时间", "time"), WHERE,
    ("part", "报修部位"), ("summary", "报修内容", "text"), ("technician", "维修人员"),
    ("status", "状态"), ("completed_at", "完工时间", "time"),
    ("deferred_measure", "临时措施(R8)", "text"), ("deferred_reason", "未修复原因", "text",
                                                 filled),
    Column("paused", "暂停(分钟)", value=_paused))
REQUEST_WORDS = {**WORDS, "channel": REQUEST_CHANNELS, "follow_up": FOLLOW_UPS,
                 "help_kind": HELP_KINDS, "medical_action": MEDICAL_ACTIONS,
                 "routed_to": HELP_ROUTES, "visit_result": VISIT_RESULTS}


def _part(*cols: tuple[Any, ...] | Column, rows: str = "rows", caption: str | None = None
          ) -> tuple[Part, ...]:
    return (Part(rows, columns(*cols), caption),)


REGISTERS: dict[str, Register] = {
    "repairs": Register(_title("repairs"), "either", _part(
        ("number", "单号", "ref"), ("opened_at", "报修时间", "time"), WHERE,
        ("part", "报修部位"), ("summary", "报修内容", "text"), ("caller", "报修人"),
        ("phone", "联系电话"), ("home", "家中有人", "bool"),
        Column("spare_key", "备用钥匙", value=_spare_key),
        ("appointment", "预约时间", "time"), ("urgent", "紧急", "bool"),
        ("technician", "维修人员"), ("arrived_at", "到场时间", "time"),
        ("completed_at", "完工时间", "time"), ("status", "状态"), ("rating", "满意度", "int"),
        ("missed", "超时", "int"), Column("paused", "暂停(分钟)", value=_paused), NOTE),
        listing(lambda src, s, e, m: repair_register(src.db, src.office, s, e)),
        late=lambda src, since, s, e: repair_register(src.db, src.office, s, e,
                                                      recorded_since=since)),
    "daily-repairs": Register(_title("daily-repairs"), "either", (
        Part("totals", columns(("area", "区域"), ("received", "当日接报", "int"),
                               ("completed", "当日完工", "int"), ("open", "未完成", "int"),
                               ("deferred", "暂缓(R8)", "int")), "合计"),
        *(Part(f"{area}.{name}", DAILY_REPAIR_COLUMNS, f"{title} · {caption}")
          for area, title in AREAS for name, caption in LISTS)),
        _repairs_of_day, sign_off=("填表人", "维修主管"), per_day=True,
        counted=("in_home.received", "public.received")),
    "visits": Register(_title("visits"), "month", _part(
        ("number", "单号", "ref"), ("unit", "房号"), ("visited_at", "回访时间", "time"),
        ("method", "方式"), ("quality", "服务质量"), ("effect", "服务效果"),
        ("result", "满意度"), ("note", "意见", "text"), ("shortcomings", "不足", "text"),
        ("suggestions", "建议", "text"),
        ("within_window", "时限内", "bool"), ("filed_late", "逾期归档(V4)", "bool"),
        ("visitor", "回访人签名", "sign"), ("resident_signed_by", "住户签名", "sign"),
        ("reviewed_by", "经理审核", "sign"), rows="visits"),
        lambda src, s, e, m: visit_register(src.db, src.office, src.calendar, m,
                                            src.profile),
        words={**WORDS, "method": VISIT_METHODS, "result": VISIT_RESULTS,
               "quality": VISIT_RATINGS, "effect": VISIT_RATINGS},
        sign_off=("管理处经理审核",)),
    "key-deposits": Register(_title("key-deposits"), "none", _part(
        ("deposited_at", "留存时间", "time"), ("label", "钥匙编号", "ref"), ("unit", "房号"),
        ("owner", "业主"), ("id_last4", "证件后四位"), ("signed_by", "业主签名", "sign"),
        ("received_by", "经办人", "sign"), ("retrieved_at", "取回时间", "time"),
        ("retrieved_signed_by", "取回签名", "sign")),
        listing(lambda src, s, e, m: kq.deposit_register(src.db, src.office))),
    "key-loans": Register(_title("key-loans"), "either", _part(
        ("lent_at", "借出时间", "time"), ("label", "钥匙编号", "ref"), ("borrower", "借用人"),
        ("borrower_type", "类别"), ("id_last4", "证件后四位"), ("purpose", "事由", "text"),
        ("approved_by", "审批", "sign"), ("ticket", "维修单", "ref"),
        ("renovation", "装修", "ref"), ("due_at", "应还时间", "time"),
        ("returned_at", "归还时间", "time"), ("late_minutes", "逾期(分钟)", "int"),
        ("borrower_signature", "借用人签名", "sign"), ("lent_by", "经办人", "sign")),
        listing(lambda src, s, e, m: kq.loan_register(src.db, src.office, s, e)),
        words={**WORDS, "borrower_type": BORROWER_TYPES}),
    "renovations": Register(_title("renovations"), "none", _part(
        ("number", "编号", "ref"), ("unit", "房号"), ("contractor", "施工单位"),
        ("planned_from", "开工", "date"), ("planned_to", "完工", "date"), ("status", "状态"),
        ("phase", "阶段"), ("deposit", "押金", "money"), ("passes", "证件数", "int"),
        ("inspections", "巡查", "int"), ("missed_inspections", "漏查", "int"),
    ("missed_spot_checks", "经理漏抽查(N10)", "int"), ("deductions", "押金扣除", "money"),
        ("open_violations", "未整改违规", "int"), ("extensions", "延期", "int")),
        listing(lambda src, s, e, m: rq.renovation_register(src.db, src.office)),
        words={**WORDS, "status": RENOVATION_STATUSES, "phase": PHASES}),
    "passes": Register(_title("passes"), "none", _part(
        ("number", "证号", "ref"), ("renovation", "装修编号", "ref"), ("unit", "房号"),
        ("kind", "类别"), ("holder", "持证人"), ("issued_at", "发证时间", "time"),
        ("state", "状态"), ("closed_at", "收回时间", "time"),
        ("holder_signature", "领证签名", "sign"), ("returned_to", "退证经办", "sign")),
        listing(lambda src, s, e, m: rq.pass_register(src.db, src.office)),
        words={**WORDS, "kind": PASS_KINDS}),
    "extensions": Register(_title("extensions"), "none", _part(
        ("granted_at", "批准时间", "time"), ("renovation", "装修编号", "ref"),
        ("unit", "房号"), ("previous_to", "原完工", "date"), ("new_to", "延至", "date"),
        ("reason", "原因", "text"),
        Column("owner", "业主签字", "sign", value=EXTENSION_SIGNATURES["业主签字"]),
        Column("maintenance", "维修主管签字", "sign",
               value=EXTENSION_SIGNATURES["维修主管签字"]),
        Column("security", "保安主管签字", "sign",
               value=EXTENSION_SIGNATURES["保安主管签字"])),
        listing(lambda src, s, e, m: rq.extension_register(src.db, src.office))),
    "complaints": Register(_title("complaints"), "either", (Part("rows", COMPLAINT_COLUMNS),),
                           listing(lambda src, s, e, m: complaint_register(
                               src.db, src.office, s, e)), words=REQUEST_WORDS),
    "complaint-summary": Register(_title("complaint-summary"), "month", (
        Part("counts", columns(("item", "项目"), ("count", "件数", "int")), "处理情况"),
        Part("rates", columns(("item", "项目"), ("rate", "比率", "rate")), None),
        Part("by_class", columns(("item", "类别(C2)"), ("count", "件数", "int")), "按类别"),
        Part("by_channel", columns(("item", "方式(C1)"), ("count", "件数", "int")), "按方式"),
        Part("rows", COMPLAINT_COLUMNS, "本月投诉明细")),
        _summary, words=REQUEST_WORDS, sign_off=("汇总人(客服部负责人)", "管理处经理"),
        counted=("rows",)),
    "help": Register(_title("help"), "either", (Part("rows", HELP_COLUMNS),),
                     listing(lambda src, s, e, m: help_register(src.db, src.office, s,
                                                                e)), words=REQUEST_WORDS),
    "inquiries": Register(_title("inquiries"), "either", (Part("rows", INQUIRY_COLUMNS),),
                          listing(lambda src, s, e, m: inquiry_register(src.db,
                                                                        src.office, s, e)),
                          words=REQUEST_WORDS),
    "incidents": Register(_title("incidents"), "month", _part(
        ("number", "编号", "ref"), ("happened_at", "发生时间", "time"), ("place", "地点"),
        ("category", "类别"), ("incident_class", "性质(I2)"),
        ("description", "事件", "text"), ("course", "经过", "text"),
        ("outcome", "处理结果", "text"), ("told", "已逐级上报"),
        ("phoned_at", "电话报告", "time"), ("written_at", "书面报告", "time"),
        ("written_due_at", "报告时限(I3)", "time"), ("written_late", "超时", "bool"),
        ("playbook", "预案(I4)"), Column("steps", "已完成步骤", "text", value=_steps),
        ("status", "状态")),
        listing(lambda src, s, e, m: incident_register(src.db, src.office, s, e)),
        words={**WORDS, "status": INCIDENT_STATUSES, "category": INCIDENT_CATEGORIES,
               "incident_class": INCIDENT_CLASSES, "playbook": PLAYBOOKS},
        sign_off=("报告人(物业经理)", "公司行政部收件")),
    "carryover": Register(_title("carryover"), "month", (Part("rows", (
        *ITEM_COLUMNS, *columns(("entered_at", "转入时间", "time"), ("why", "转入原因"),
                                ("months_carried", "已转月数", "int")))),),
        listing(lambda src, s, e, m: hq.carryover_file(src.db, src.office, src.calendar,
                                                       m, src.now)["rows"]),
        sign_off=("归档人", "物业经理")),
    "patrol": Register(_title("patrol"), "month", (Part("rows", (
        *ITEM_COLUMNS, *columns(("area", "巡视项目"), ("location", "位置"),
                                ("department", "责任部门"),
                                ("months_carried", "已转月数", "int")))),),
        listing(lambda src, s, e, m: hq.patrol_register(src.db, src.office,
                                                        src.calendar, m, src.now)["rows"]),
        sign_off=("巡视人(物业助理)", "物业经理")),
    "daily": Register(_title("daily"), "either", _part(
        ("date", "日期", "date"), ("category", "类别"), ("opened", "新增", "int"),
        ("completed", "完成", "int"), ("overdue", "超时", "int"), ("ok", "OK", "int"),
        ("carried_over", "转入遗留", "int")), listing(_daily),
        sign_off=("填表人(物业助理)", "物业主任审核")),
    "handover": Register(_title("handover"), "either", _part(
        ("at", "时间", "time"), Column("shift", "班次", value=_shift),
        ("action", "动作", "short", is_ok), ("number", "编号", "ref"),
        ("detail", "内容", "text", is_reason), ("actor", "记录人"),
        ("major", "重大", "bool")), listing(_log), sign_off=("交班人", "接班人")),
    "moveins": Register(_title("moveins"), "either", _part(
        ("number", "编号", "ref"), ("started_at", "办理时间", "time"), ("unit", "房号"),
        ("owner", "业主"), ("phone", "联系电话"),
        Column("documents", "已验资料", "text", value=lambda r: _coded(r, "documents",
                                                                   MOVEIN_DOCUMENTS)),
        Column("missing", "缺少资料", "text", filled,
               lambda r: _coded(r, "missing", MOVEIN_DOCUMENTS)),
        Column("agreements", "已签协议", "text", value=lambda r: _coded(r, "agreements",
                                                                    MOVEIN_AGREEMENTS)),
        ("members", "家庭成员", "text"), ("vehicles", "车辆"), ("emergency_contact", "紧急联系人"),
        ("paid", "已缴费用", "money"), ("keys", "钥匙(把)", "int"),
        ("inspections", "验房次数", "int"), ("inspection_result", "验房结果"),
        ("defect_tickets", "整改维修单", "text"), ("completed_at", "入住时间", "time"),
        ("visit_due_at", "回访期限(V1)", "time"), ("visited_at", "回访时间", "time"),
        ("visit_result", "回访结果"), ("visit_within_window", "时限内", "bool"),
        ("status", "状态")),
        listing(lambda src, s, e, m: mq.movein_register(src.db, src.office, s, e)),
        words={**WORDS, "status": MOVEIN_STATUSES, "visit_result": VISIT_RESULTS,
               "inspection_result": MOVEIN_INSPECTION_RESULTS},
        sign_off=("客服", "业主签字")),
    "paid": Register(_title("paid"), "either", _part(
        ("number", "编号", "ref"), ("requested_at", "受理时间", "time"), ("unit", "房号"),
        ("caller", "业主"), ("phone", "联系电话"), ("service", "服务内容", "text"),
        ("chargeable", "有偿", "bool"), ("rate", "收费项目"), ("unit_price", "单价", "money"),
        ("quantity", "数量", "int"), ("amount", "报价", "money"),
        ("accepted_by", "业主确认", "sign"), ("department", "派工部门"),
        ("dispatched_to", "维修/保洁人员"), ("order_number", "维修单/保洁单", "ref"),
        ("completed_at", "完成时间", "time"), ("collected", "实收", "money"),
        ("cashier", "交收银", "sign"), ("visited_at", "回访时间", "time"),
        ("visit_result", "回访结果"), ("status", "状态")),
        listing(lambda src, s, e, m: pq.paid_register(src.db, src.office, s, e)),
        words={**WORDS, "status": PAID_STATUSES, "department": PAID_DEPARTMENTS,
               "visit_result": VISIT_RESULTS}),
    "releases": Register(_title("releases"), "either", _part(
        ("number", "放行单号", "ref"), ("applied_at", "登记时间", "time"), ("unit", "房号"),
        ("owner", "业主"), ("goods", "物品名称及数量", "text"), ("plate", "车牌号"),
        ("driver", "司机"), ("id_last4", "司机证件后四位"),
        ("confirmed_by", "缴费确认(客服)", "sign"), ("signed_by", "业主签字", "sign"),
        ("out_at", "放行时间", "time"), ("guard", "放行人(保安)", "sign"), ("status", "状态")),
        listing(lambda src, s, e, m: relq.release_register(src.db, src.office, s, e)),
        words={**WORDS, "status": RELEASE_STATUSES}),
    "found": Register(_title("found"), "either", _part(
        ("number", "编号", "ref"), ("found_at", "拾获时间", "time"), ("place", "拾获地点"),
        ("item", "物品", "text"), ("valuable", "贵重", "bool"), ("finder", "拾获人", "sign"),
        ("recorded_by", "登记人", "sign"), ("admin_by", "交行政部", "sign"),
        ("noticed", "公告(周)"), ("claimant", "认领人", "sign"), ("id_last4", "证件后四位"),
        ("description", "认领人描述", "text"), ("claimed_at", "认领时间", "time"),
        ("disposed_at", "交公司处理", "time"), ("status", "状态")),
        listing(lambda src, s, e, m: fq.found_register(src.db, src.office, s, e)),
        words={**WORDS, "status": FOUND_STATUSES}),
    "vacancies": Register(_title("vacancies"), "none", _part(
        ("unit", "房号"), ("owner", "业主"), ("starts_on", "空置起", "date"),
        ("ends_on", "空置止", "date"), ("fee_rate", "收费比例", "rate"),
        ("applied_at", "申请时间", "time"), ("inspections", "巡查次数", "int"),
        ("missed_inspections", "漏查", "int"), ("status", "状态"), ("ended_on", "结束日期", "date"),
        ("end_reason", "结束原因"), ("owner_told", "告知业主", "bool")),
        listing(lambda src, s, e, m: vq.vacancy_register(src.db, src.office)),
        words={**WORDS, "status": VACANCY_STATUSES, "end_reason": VACANCY_END_REASONS}),
    "vacancy-inspections": Register(_title("vacancy-inspections"), "month", _part(
        ("unit", "房号"), ("owner", "业主"), ("inspected_at", "巡查时间", "time"),
        ("water_tonnes", "用水(吨)", "number"), ("power_kwh", "用电(度)", "number"),
        ("occupied", "超标视为入住", "bool"), ("note", "情况", "text"),
        ("inspector", "巡查人", "sign"), ("status", "状态")),
        lambda src, s, e, m: {"rows": vq.inspection_list(src.db, src.office, m)},
        words={**WORDS, "status": VACANCY_STATUSES}, sign_off=("巡查人", "物业经理")),
    "work-order": Register(_title("work-order"), "one", (
        Part("fields", columns(("label", "", "label"), ("value", "", "auto"),
                               ("label2", "", "label"), ("value2", "", "auto")),
             header=False),
        Part("materials", columns(
            ("name", "材料名称"), ("spec", "规格"), ("model", "型号"),
            ("quantity", "数量", "number"), ("unit_price", "单价", "money"),
            ("amount", "金额", "money")), "用料(R6)")),
        None, exported=False, sign_off=("业主签字(R9)", "维修人员", "开单(客服)"),
        counted=("materials",)),
}
EXPORTED = [name for name, r in REGISTERS.items() if r.exported]
