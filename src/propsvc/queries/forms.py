"""Every register as the paper form has it — Chinese headers, office-local times — for
``register export`` (csv or xlsx) and the month-end ``archive``. OK marks and reasons are
written in red in xlsx, as in the books (S2, S4)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from propsvc.calendar import OfficeCalendar, parse_date, parse_month
from propsvc.commands import register_desk as rd
from propsvc.errors import InvalidInput
from propsvc.i18n import zh
from propsvc.office.runtime import Runtime
from propsvc.permissions import mask
from propsvc.projections.tables.handover import entries, items
from propsvc.queries import handover as hq
from propsvc.queries import keys as cq
from propsvc.queries.daily_report import daily_report
from propsvc.queries.repair import _json, repair_register, visit_register
from propsvc.queries.requests import desk_register
from propsvc.views.common import STATUS_ZH
from propsvc.views.handover import ACTION_ZH, KIND_ZH, TRIAGE_ZH, WHY_ZH, ok_detail

Fetch = Callable[[Runtime, datetime, datetime, str], list[dict[str, Any]]]
ITEM_COLUMNS = [("number", "编号"), ("kind", "类别"), ("summary", "事项"),
                ("raised_at", "登记时间"), ("triage", "分类"), ("reason", "原因"),
                ("done_at", "完成时间"), ("ok", "OK"), ("ok_by", "OK 记录人"),
                ("instructed_by", "经理指示")]


WORDS = {"status": STATUS_ZH, "kind": KIND_ZH, "category": KIND_ZH, "triage": TRIAGE_ZH,
         "why": WHY_ZH, "action": ACTION_ZH}


@dataclass(frozen=True)
class Form:
    title: str
    period: str  # "month", "date", "either" or "none"
    columns: list[tuple[str, str]]
    fetch: Fetch


def _days(start: datetime, end: datetime, cal: OfficeCalendar) -> list[date]:
    first, last = cal.local_date(start), cal.local_date(end - timedelta(microseconds=1))
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _daily(rt: Runtime, start: datetime, end: datetime, label: str) -> list[dict[str, Any]]:
    cal = rt.profile.office_calendar
    return [{"date": day.isoformat(), **row}
            for day in _days(start, end, cal)
            for row in daily_report(rt.read_engine, rt.office, cal, day,
                                    rt.clock.now())["rows"]]


def _log(rt: Runtime, start: datetime, end: datetime, label: str) -> list[dict[str, Any]]:
    e = entries.c
    with rt.read_engine.connect() as conn:
        rows = conn.execute(select(entries).where(e.office == rt.office, e.at >= start,
                                                  e.at < end)
                            .order_by(e.at, e.source_id, e.version)).mappings().all()
        oks = [r["number"] for r in rows if r["action"] == "ok"]
        done = {m.number: m for m in conn.execute(
            select(items.c.number, items.c.ok_note, items.c.instructed_by)
            .where(items.c.office == rt.office, items.c.number.in_(oks)))} if oks else {}
    out = [_json(dict(r)) for r in rows]
    for row in out:  # the paper log is Chinese: triage words, the manager's instruction
        if row["action"] == "triage":
            row["detail"] = TRIAGE_ZH.get(row["detail"], row["detail"])
        elif row["action"] == "ok" and row["number"] in done:
            m = done[row["number"]]
            row["detail"] = ok_detail(m.ok_note, m.instructed_by, zh) or None
    return out


def _cal(rt: Runtime) -> OfficeCalendar:
    return rt.profile.office_calendar


FORMS: dict[str, Form] = {
    "repairs": Form("业主报修记录表", "either", [
        ("number", "单号"), ("opened_at", "报修时间"), ("unit", "房号"), ("location", "位置"),
        ("part", "报修部位"), ("summary", "报修内容"), ("caller", "报修人"),
        ("urgent", "紧急"), ("technician", "维修人员"), ("arrived_at", "到场时间"),
        ("completed_at", "完工时间"), ("status", "状态"), ("rating", "满意度"),
        ("missed", "超时")],
        lambda rt, s, e, m: repair_register(rt.read_engine, rt.office, s, e)),
    "visits": Form("回访登记表", "month", [
        ("number", "单号"), ("unit", "房号"), ("visited_at", "回访时间"), ("method", "方式"),
        ("result", "结果"), ("visitor", "回访人"), ("within_window", "时限内"),
        ("note", "意见")],
        lambda rt, s, e, m: visit_register(rt.read_engine, rt.office, _cal(rt), m,
                                           rt.profile)["visits"]),
    "key-deposits": Form("钥匙留存登记表", "none", [
        ("deposited_at", "留存时间"), ("label", "钥匙编号"), ("unit", "房号"),
        ("owner", "业主"), ("id_last4", "证件后四位"), ("signed_by", "业主签名"),
        ("received_by", "经办人"), ("retrieved_at", "取回时间"),
        ("retrieved_signed_by", "取回签名")],
        lambda rt, s, e, m: cq.deposit_register(rt.read_engine, rt.office)),
    "key-loans": Form("钥匙借用登记表", "either", [
        ("lent_at", "借出时间"), ("label", "钥匙编号"), ("borrower", "借用人"),
        ("borrower_type", "类别"), ("id_last4", "证件后四位"), ("purpose", "事由"),
        ("approved_by", "审批"), ("due_at", "应还时间"), ("returned_at", "归还时间"),
        ("late_minutes", "逾期(分钟)")],
        lambda rt, s, e, m: cq.loan_register(rt.read_engine, rt.office, s, e)),
    "renovations": Form("装修登记", "none", [
        ("number", "编号"), ("unit", "房号"), ("contractor", "施工单位"),
        ("planned_from", "开工"), ("planned_to", "完工"), ("status", "状态"),
        ("phase", "阶段"), ("deposit", "押金"), ("passes", "证件数"),
        ("open_violations", "未整改违规"), ("extensions", "延期")],
        lambda rt, s, e, m: cq.renovation_register(rt.read_engine, rt.office)),
    "passes": Form("施工证登记表", "none", [
        ("number", "证号"), ("renovation", "装修编号"), ("unit", "房号"), ("kind", "类别"),
        ("holder", "持证人"), ("issued_at", "发证时间"), ("state", "状态"),
        ("closed_at", "收回时间")],
        lambda rt, s, e, m: cq.pass_register(rt.read_engine, rt.office)),
    "extensions": Form("延时施工申请", "none", [
        ("granted_at", "批准时间"), ("renovation", "装修编号"), ("unit", "房号"),
        ("previous_to", "原完工"), ("new_to", "延至"), ("signed_by", "签字"),
        ("reason", "原因")],
        lambda rt, s, e, m: cq.extension_register(rt.read_engine, rt.office)),
    "complaints": Form("业主投诉登记表", "either", rd.COMPLAINT_COLUMNS,
                       lambda rt, s, e, m: desk_register(rt.read_engine, rt.office,
                                                         "complaint", s, e)),
    "help": Form("住户求助登记表", "either", rd.HELP_COLUMNS,
                 lambda rt, s, e, m: desk_register(rt.read_engine, rt.office, "help", s, e)),
    "inquiries": Form("咨询登记表", "either", rd.INQUIRY_COLUMNS,
                      lambda rt, s, e, m: desk_register(rt.read_engine, rt.office,
                                                        "inquiry", s, e)),
    "carryover": Form("遗留问题档案", "month", [
        *ITEM_COLUMNS, ("entered_at", "转入时间"), ("why", "转入原因"),
        ("months_carried", "已转月数")],
        lambda rt, s, e, m: hq.carryover_file(rt.read_engine, rt.office, _cal(rt), m,
                                              rt.clock.now())["rows"]),
    "patrol": Form("巡视跟进登记表", "month", [
        *ITEM_COLUMNS, ("area", "巡视项目"), ("location", "位置"),
        ("department", "责任部门"), ("months_carried", "已转月数")],
        lambda rt, s, e, m: hq.patrol_register(rt.read_engine, rt.office, _cal(rt), m,
                                               rt.clock.now())["rows"]),
    "daily": Form("物业日报表", "either", [
        ("date", "日期"), ("category", "类别"), ("opened", "新增"), ("completed", "完成"),
        ("overdue", "超时"), ("ok", "OK"), ("carried_over", "转入遗留")], _daily),
    "handover": Form("交接班记录本", "either", [
        ("at", "时间"), ("shift", "班次"), ("action", "动作"), ("number", "编号"),
        ("detail", "内容"), ("actor", "记录人"), ("major", "重大")], _log),
}


def period(rt: Runtime, form: Form, name: str, month: str | None, day: str | None
           ) -> tuple[datetime, datetime, str]:
    cal = _cal(rt)
    if month and day:
        raise InvalidInput("give either --date or --month, not both")
    if form.period == "month" and (day or not month):
        raise InvalidInput(f"register {name} is kept per month: give --month YYYY-MM")
    if form.period == "none" and (day or month):
        raise InvalidInput(f"register {name} is the whole register: no --date or --month")
    if month:
        parse_month(month)
        return (*cal.month_bounds(month), month)
    when = parse_date(day) if day else cal.local_date(rt.clock.now())
    return (*cal.day_bounds(when), when.isoformat())


def cell(value: Any, cal: OfficeCalendar, key: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, str) and key in WORDS:
        return WORDS[key].get(value, value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and "T" in value:
        return cal.local(datetime.fromisoformat(value)).strftime("%Y-%m-%d %H:%M")
    return str(value)


def table(rows: list[dict[str, Any]], form: Form, cal: OfficeCalendar,
          role: str) -> list[list[str]]:
    """The header row and one row per record, as the form prints them for ``role``."""
    out = [[header for _, header in form.columns]]
    for row in mask(rows, role):
        values = [cell(row.get(key), cal, key) for key, _ in form.columns]
        if "ok" in row and isinstance(row["ok"], bool):
            values[[k for k, _ in form.columns].index("ok")] = "OK" if row["ok"] else ""
        out.append(values)
    return out


def write(path: Path, fmt: str, sheets: list[tuple[str, list[list[str]]]]) -> None:
    if not path.parent.is_dir():
        raise InvalidInput(f"folder {path.parent} does not exist: check --out")
    if fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f).writerows(sheets[0][1])
        return
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    red = Font(color="FFFF0000")
    for title, rows in sheets:
        sheet = book.create_sheet(title[:31])
        for values in rows:
            sheet.append(values)
        for column, header in enumerate(rows[0], start=1):
            for r, values in enumerate(rows[1:], start=2):
                value = values[column - 1]
                if (header == "原因" and value) or (header in ("OK", "动作") and value == "OK"):
                    sheet.cell(row=r, column=column).font = red
    book.save(path)
