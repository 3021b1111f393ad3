"""``propsvc register``: complaint, help, inquiry and incident registers (C1, C11, H1–H6,
H4, I1–I4). ``cli`` adds ``COMMANDS`` to the ``register`` group of ``register.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import click

from propsvc.cli import Ctx, pass_ctx
from propsvc.errors import InvalidInput

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
    from propsvc.permissions import mask
    from propsvc.queries.requests import desk_register
    from propsvc.views.common import render_rows

    rt = ctx.reader()
    rows = mask(desk_register(rt.read_engine, rt.office, kind, start, end), ctx.role)
    data: dict[str, Any] = {"register": title, "period": label, "office": rt.office,
                            "rows": rows}
    if archive:
        data["archive"] = archive
    ctx.emit(data, lambda d: render_rows(f"{title} {label}", d["rows"], columns,
                                         ctx.calendar))


@click.command("complaints")
@click.option("--month", metavar="YYYY-MM", help="A month (default this month).")
@pass_ctx
def complaints(ctx: Ctx, month: str | None) -> None:
    """业主投诉登记表 — every complaint of the month with channel and key points (C1)."""
    start, end, label = _month(ctx, month)
    _desk(ctx, "complaint", "业主投诉登记表", COMPLAINT_COLUMNS, start, end, label)


@click.command("complaint-summary")
@click.option("--month", metavar="YYYY-MM", help="A month (default this month).")
@pass_ctx
def complaint_summary(ctx: Ctx, month: str | None) -> None:
    """住户投诉汇总表 — the month-end complaint summary for the manager (C11)."""
    from propsvc.queries.requests import complaint_summary as query
    from propsvc.views.common import console

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


@click.command("help")
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


@click.command("inquiries")
@click.option("--month", metavar="YYYY-MM", help="A month (default this month).")
@pass_ctx
def inquiries(ctx: Ctx, month: str | None) -> None:
    """Inquiry register — oral and written inquiries and their answers (H4)."""
    start, end, label = _month(ctx, month)
    _desk(ctx, "inquiry", "咨询登记表", INQUIRY_COLUMNS, start, end, label)


@click.command("incidents")
@click.option("--month", metavar="YYYY-MM", help="A month (default this month).")
@pass_ctx
def incidents(ctx: Ctx, month: str | None) -> None:
    """特别事件报告 — incidents, who was told, playbook steps, written report (I1–I4)."""
    from propsvc.queries.requests import incident_register
    from propsvc.views.common import render_rows

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


COMMANDS = (complaints, complaint_summary, help_register, inquiries, incidents)
