"""``propsvc register``: the paper registers, rebuilt from events (R13, R15, V2)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import click

from propsvc.cli import Ctx, pass_ctx
from propsvc.errors import InvalidInput

REPAIR_COLUMNS = [
    ("number", "单号"), ("opened_at", "报修时间"), ("unit", "房号"), ("location", "位置"),
    ("part", "报修部位"), ("summary", "报修内容"), ("caller", "报修人"), ("urgent", "紧急"),
    ("technician", "维修人员"), ("arrived_at", "到场时间"), ("completed_at", "完工时间"),
    ("status", "状态"), ("rating", "满意度"), ("missed", "超时"),
]


def _period(ctx: Ctx, date: str | None, month: str | None) -> tuple[datetime, datetime, str]:
    from propsvc.calendar import parse_date

    if date and month:
        raise InvalidInput("give either --date or --month, not both")
    cal = ctx.calendar
    if month:
        start, end = cal.month_bounds(month)
        return start, end, month
    day = parse_date(date) if date else cal.local_date(ctx.runtime.clock.now())
    start, end = cal.day_bounds(day)
    return start, end, day.isoformat()


@click.group()
def register() -> None:
    """Registers as on the paper forms (登记表)."""


@register.command("repairs")
@click.option("--date", metavar="YYYY-MM-DD", help="One office-local day (default today).")
@click.option("--month", metavar="YYYY-MM", help="A whole month.")
@pass_ctx
def repairs(ctx: Ctx, date: str | None, month: str | None) -> None:
    """业主报修记录表 — every repair call of a day or month (R1–R15)."""
    from propsvc.queries import repair_register
    from propsvc.rendering import render_rows

    start, end, label = _period(ctx, date, month)
    rt = ctx.reader()
    rows = repair_register(rt.read_engine, rt.office, start, end)
    data = {"register": "业主报修记录表", "period": label, "office": rt.office, "rows": rows}
    ctx.emit(data, lambda d: render_rows(f"业主报修记录表 {label}", d["rows"], REPAIR_COLUMNS,
                                         ctx.calendar))


@register.command("daily-repairs")
@click.option("--date", metavar="YYYY-MM-DD", help="Office-local day (default today).")
@pass_ctx
def daily_repairs(ctx: Ctx, date: str | None) -> None:
    """维修日报表 — the day's repairs, in-home vs public area (R8, R15)."""
    from propsvc.calendar import parse_date
    from propsvc.queries import daily_repairs as query

    rt = ctx.reader()
    day = parse_date(date) if date else ctx.calendar.local_date(rt.clock.now())
    data = query(rt.read_engine, rt.office, ctx.calendar, day)
    ctx.emit(data, lambda d: _render_daily(ctx, d))


def _render_daily(ctx: Ctx, data: dict[str, Any]) -> None:
    from propsvc.rendering import console, render_rows

    cols = [("number", "单号"), ("unit", "房号"), ("location", "位置"), ("summary", "内容"),
            ("status", "状态"), ("technician", "维修人员"), ("deferred_measure", "临时措施")]
    for area, title in (("in_home", "入户维修"), ("public", "公共维修")):
        section = data[area]
        t = section["totals"]
        console().print(f"[bold]维修日报表 {data['date']} — {title}[/bold]: received "
                        f"{t['received']} · completed {t['completed']} · open {t['open']} · "
                        f"deferred {t['deferred']}")
        render_rows(f"{title} — completed", section["completed"], cols, ctx.calendar)
        render_rows(f"{title} — still open", section["open"], cols, ctx.calendar)


@register.command("visits")
@click.option("--month", metavar="YYYY-MM", required=True)
@pass_ctx
def visits(ctx: Ctx, month: str) -> None:
    """回访登记表 — visits and the achieved rate vs target (R13, V2)."""
    from propsvc.queries import visit_register
    from propsvc.rendering import console, render_rows

    rt = ctx.reader()
    data = visit_register(rt.read_engine, rt.office, ctx.calendar, month, rt.profile)

    def render(d: dict[str, Any]) -> None:
        render_rows(f"回访登记表 {month}", d["visits"], [
            ("number", "单号"), ("unit", "房号"), ("visited_at", "回访时间"),
            ("method", "方式"), ("result", "结果"), ("visitor", "回访人"),
            ("within_window", "时限内"), ("filed_late", "逾期归档(V4)"), ("note", "意见")],
            ctx.calendar)
        render_rows("daily rate (R13)", d["days"], [
            ("date", "日期"), ("completed", "完工"), ("visited", "已回访"),
            ("rate", "回访率"), ("floor", "R13 下限"), ("meets_floor", "达标")], ctx.calendar)
        s = d["summary"]
        rate = "—" if s["rate"] is None else f"{s['rate']:.0%}"
        verdict = "[green]meets[/green]" if s["meets_target"] else "[red]below[/red]"
        console().print(f"month: {s['visited']}/{s['completed']} visited = {rate}; "
                        f"target {s['target']:.0%} (V2) {verdict}")
        render_rows("achieved vs target by visit class (V2)", d["classes"], [
            ("class", "类别"), ("completed", "应回访"), ("visited", "已回访"),
            ("rate", "回访率"), ("target", "目标"), ("meets_target", "达标")], ctx.calendar)

    ctx.emit(data, render)


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


def _desk(ctx: Ctx, kind: str, title: str, columns: list[tuple[str, str]],
          start: datetime, end: datetime, label: str,
          archive: dict[str, str] | None = None) -> None:
    from propsvc.queries_desk import desk_register
    from propsvc.rendering import render_rows

    rt = ctx.reader()
    rows = desk_register(rt.read_engine, rt.office, kind, start, end)
    data: dict[str, Any] = {"register": title, "period": label, "office": rt.office,
                            "rows": rows}
    if archive:
        data["archive"] = archive
    ctx.emit(data, lambda d: render_rows(f"{title} {label}", d["rows"], columns,
                                         ctx.calendar))


@register.command("complaints")
@click.option("--month", metavar="YYYY-MM", help="A month (default this month).")
@pass_ctx
def complaints(ctx: Ctx, month: str | None) -> None:
    """业主投诉登记表 — every complaint of the month with channel and key points (C1)."""
    start, end, label = _month(ctx, month)
    _desk(ctx, "complaint", "业主投诉登记表", COMPLAINT_COLUMNS, start, end, label)


@register.command("complaint-summary")
@click.option("--month", metavar="YYYY-MM", help="A month (default this month).")
@pass_ctx
def complaint_summary(ctx: Ctx, month: str | None) -> None:
    """住户投诉汇总表 — the month-end complaint summary for the manager (C11)."""
    from propsvc.queries_desk import complaint_summary as query
    from propsvc.rendering import console

    _, _, label = _month(ctx, month)
    rt = ctx.reader()
    data = query(rt.read_engine, rt.office, ctx.calendar, label)

    def render(d: dict[str, Any]) -> None:
        out = console()
        out.print(f"[bold]住户投诉汇总表 {d['month']}[/bold] (C11)")
        for key in ("received", "resolved", "open", "handled_late", "escalated",
                    "lodged_outside", "visited", "satisfied", "confirmed"):
            out.print(f"  {key}: {d[key]}")
        out.print(f"  by class: {d['by_class']} · by channel: {d['by_channel']}")
        out.print(f"  case studies: {', '.join(d['case_studies']) or '—'} · defect "
                  f"repairs: {', '.join(filter(None, d['defect_repairs'])) or '—'}")

    ctx.emit(data, render)


@register.command("help")
@click.option("--month", metavar="YYYY-MM", help="A month.")
@click.option("--year", metavar="YYYY", help="A whole year (the register archived each "
                                             "January, H6).")
@pass_ctx
def help_register(ctx: Ctx, month: str | None, year: str | None) -> None:
    """住户求助登记表 — help requests of a month or a year (H1–H6)."""
    if month and year:
        raise InvalidInput("give either --month or --year, not both")
    if year:
        if not (year.isdigit() and len(year) == 4):
            raise InvalidInput(f"cannot read year {year!r}: use YYYY")
        start, _ = ctx.calendar.month_bounds(f"{year}-01")
        _, end = ctx.calendar.month_bounds(f"{year}-12")
        label = year
    else:
        start, end, label = _month(ctx, month)
    keep = ctx.runtime.profile.help.register_keep_years
    archive = {"rule": "H6", "archive_in": f"{int(label[:4]) + 1}-01",
               "keep_until": f"{int(label[:4]) + 1 + keep}-01"}
    _desk(ctx, "help", "住户求助登记表", HELP_COLUMNS, start, end, label, archive)


@register.command("inquiries")
@click.option("--month", metavar="YYYY-MM", help="A month (default this month).")
@pass_ctx
def inquiries(ctx: Ctx, month: str | None) -> None:
    """Inquiry register — oral and written inquiries and their answers (H4)."""
    start, end, label = _month(ctx, month)
    _desk(ctx, "inquiry", "咨询登记表", INQUIRY_COLUMNS, start, end, label)


@register.command("incidents")
@click.option("--month", metavar="YYYY-MM", help="A month (default this month).")
@pass_ctx
def incidents(ctx: Ctx, month: str | None) -> None:
    """特别事件报告 — incidents, who was told, playbook steps, written report (I1–I4)."""
    from propsvc.queries_desk import incident_register
    from propsvc.rendering import render_rows

    start, end, label = _month(ctx, month)
    rt = ctx.reader()
    rows = incident_register(rt.read_engine, rt.office, start, end)
    data = {"register": "特别事件报告", "period": label, "office": rt.office, "rows": rows}
    ctx.emit(data, lambda d: render_rows(f"特别事件报告 {label}", d["rows"], [
        ("number", "编号"), ("happened_at", "发生时间"), ("place", "地点"),
        ("category", "类别"), ("incident_class", "性质"), ("told", "已报告"),
        ("playbook", "预案"), ("steps_done", "已完成步骤"), ("written_at", "书面报告"),
        ("written_due_at", "报告时限"), ("written_late", "超时"), ("status", "状态")],
        ctx.calendar))


def _month(ctx: Ctx, month: str | None) -> tuple[datetime, datetime, str]:
    from propsvc.calendar import parse_month

    if month is None:
        month = ctx.calendar.local_date(ctx.runtime.clock.now()).strftime("%Y-%m")
    label = parse_month(month).strftime("%Y-%m")
    start, end = ctx.calendar.month_bounds(label)
    return start, end, label
