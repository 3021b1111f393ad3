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
    from propsvc.queries.repair import repair_register
    from propsvc.views.common import render_rows

    start, end, label = _period(ctx, date, month)
    rt = ctx.reader()
    from propsvc.permissions import mask

    rows = mask(repair_register(rt.read_engine, rt.office, start, end), rt.role)
    data = {"register": "业主报修记录表", "period": label, "office": rt.office, "rows": rows}
    ctx.emit(data, lambda d: render_rows(f"业主报修记录表 {label}", d["rows"], REPAIR_COLUMNS,
                                         ctx.calendar))


@register.command("daily-repairs")
@click.option("--date", metavar="YYYY-MM-DD", help="Office-local day (default today).")
@pass_ctx
def daily_repairs(ctx: Ctx, date: str | None) -> None:
    """维修日报表 — the day's repairs, in-home vs public area (R8, R15)."""
    from propsvc.calendar import parse_date
    from propsvc.queries.repair import daily_repairs as query

    rt = ctx.reader()
    day = parse_date(date) if date else ctx.calendar.local_date(rt.clock.now())
    data = query(rt.read_engine, rt.office, ctx.calendar, day)
    from propsvc.permissions import mask

    for section in ("in_home", "public"):
        for name, rows in data[section].items():
            if isinstance(rows, list):
                data[section][name] = mask(rows, ctx.role)
    ctx.emit(data, lambda d: _render_daily(ctx, d))


def _render_daily(ctx: Ctx, data: dict[str, Any]) -> None:
    from propsvc.views.common import console, render_rows

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
@click.option("--month", metavar="YYYY-MM", required=True, help="The month (office time).")
@pass_ctx
def visits(ctx: Ctx, month: str) -> None:
    """回访登记表 — visits and the achieved rate vs target (R13, V2)."""
    from propsvc.queries.repair import visit_register
    from propsvc.views.common import console, render_rows

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
        names = {"repair": "维修", "complaint": "投诉", "help": "求助"}
        classes = [{**c, "class": names.get(c["class"], c["class"]),
                    "rate": "—" if c["rate"] is None else f"{c['rate']:.0%}",
                    "target": f"{c['target']:.0%}"} for c in d["classes"]]
        render_rows("achieved vs target by visit class (V2)", classes, [
            ("class", "类别"), ("completed", "应回访"), ("visited", "已回访"),
            ("rate", "回访率"), ("target", "目标"), ("meets_target", "达标")], ctx.calendar)

    ctx.emit(data, render)


@register.command("patrol")
@click.option("--month", metavar="YYYY-MM", required=True, help="The month (office time).")
@pass_ctx
def patrol(ctx: Ctx, month: str) -> None:
    """巡视跟进登记表 — the month's findings and unfinished ones carried in (P1, S7)."""
    from propsvc.calendar import parse_month
    from propsvc.queries.handover import patrol_register
    from propsvc.views.handover import render_patrol

    parse_month(month)
    rt = ctx.reader()
    data = patrol_register(rt.read_engine, rt.office, ctx.calendar, month, rt.clock.now())
    ctx.emit(data, lambda d: render_patrol(d, ctx.calendar))


@register.command("daily")
@click.option("--date", metavar="YYYY-MM-DD", help="Office-local day (default today).")
@pass_ctx
def daily(ctx: Ctx, date: str | None) -> None:
    """物业日报表 — per category opened/completed/overdue/OK'd/carried over; major entries."""
    from propsvc.calendar import parse_date
    from propsvc.queries.daily_report import daily_report
    from propsvc.views.handover import render_daily

    rt = ctx.reader()
    day = parse_date(date) if date else ctx.calendar.local_date(rt.clock.now())
    data = daily_report(rt.read_engine, rt.office, ctx.calendar, day, rt.clock.now())
    ctx.emit(data, lambda d: render_daily(d, ctx.calendar))
