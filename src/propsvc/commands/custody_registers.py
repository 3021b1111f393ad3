"""Key and renovation registers (钥匙留存/借用登记表, 装修登记, 施工证登记表, 延时施工申请)
under ``propsvc register``, and the renovation day lists under ``propsvc reno``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import click

from propsvc.cli import Ctx, pass_ctx
from propsvc.commands.register import _period, register
from propsvc.commands.renovation import reno

RENO_STATUSES = ["applied", "rejected", "approved", "signed", "agreed", "paid", "active",
                 "initial_accepted", "accepted", "refunded"]


def _day(ctx: Ctx, date: str | None) -> tuple[datetime, datetime, str]:
    from propsvc.calendar import parse_date

    cal = ctx.calendar
    day = parse_date(date) if date else cal.local_date(ctx.runtime.clock.now())
    start, end = cal.day_bounds(day)
    return start, end, day.isoformat()


def _show(ctx: Ctx, title: str, rows: list[dict[str, Any]], columns: list[tuple[str, str]],
          **extra: Any) -> None:
    from propsvc.permissions import mask
    from propsvc.views.common import render_rows

    data = {"register": title, "office": ctx.office, **extra, "rows": mask(rows, ctx.role)}
    ctx.emit(data, lambda d: render_rows(title, d["rows"], columns, ctx.calendar))


@register.command("key-deposits")
@pass_ctx
def key_deposits(ctx: Ctx) -> None:
    """钥匙留存登记表 — owners' deposited keys and their retrieval (K2, K4)."""
    from propsvc.queries.keys import deposit_register

    rt = ctx.reader()
    _show(ctx, "钥匙留存登记表", deposit_register(rt.read_engine, rt.office), [
        ("deposited_at", "留存时间"), ("label", "钥匙编号"), ("unit", "房号"),
        ("owner", "业主"), ("id_last4", "证件后四位"), ("signed_by", "业主签名"),
        ("received_by", "经办人"), ("retrieved_at", "取回时间"),
        ("retrieved_signed_by", "取回签名")])


@register.command("key-loans")
@click.option("--date", metavar="YYYY-MM-DD", help="One office-local day (default today).")
@click.option("--month", metavar="YYYY-MM", help="A whole month.")
@pass_ctx
def key_loans(ctx: Ctx, date: str | None, month: str | None) -> None:
    """钥匙借用登记表 — every loan with identity, purpose, due and return (K3, K5)."""
    from propsvc.queries.keys import loan_register

    start, end, label = _period(ctx, date, month)
    rt = ctx.reader()
    _show(ctx, f"钥匙借用登记表 {label}", loan_register(rt.read_engine, rt.office, start, end), [
        ("lent_at", "借出时间"), ("label", "钥匙编号"), ("borrower", "借用人"),
        ("borrower_type", "类别"), ("id_last4", "证件后四位"), ("purpose", "事由"),
        ("approved_by", "审批"), ("ticket", "维修单"), ("renovation", "装修"),
        ("due_at", "应还时间"), ("returned_at", "归还时间"), ("late_minutes", "逾期(分钟)")],
        period=label)


@register.command("renovations")
@click.option("--status", type=click.Choice(RENO_STATUSES),
              help="Only this status (or 'active' for works in progress).")
@pass_ctx
def renovations(ctx: Ctx, status: str | None) -> None:
    """装修登记 — every renovation and where it stands (N1–N10)."""
    from propsvc.queries.keys import renovation_register

    rt = ctx.reader()
    _show(ctx, "装修登记", renovation_register(rt.read_engine, rt.office, status), [
        ("number", "编号"), ("unit", "房号"), ("contractor", "施工单位"),
        ("planned_from", "开工"), ("planned_to", "完工"), ("status", "状态"),
        ("phase", "阶段"), ("deposit", "押金"), ("passes", "证件数"),
        ("inspections", "巡查"), ("missed_inspections", "漏查"),
        ("open_violations", "未整改违规"), ("extensions", "延期")])


@register.command("passes")
@click.option("--renovation", metavar="NUMBER", help="Only this renovation's passes.")
@pass_ctx
def passes(ctx: Ctx, renovation: str | None) -> None:
    """施工证登记表 — numbered passes and whether they came back (N4, N6, N9)."""
    from propsvc.queries.keys import pass_register

    rt = ctx.reader()
    _show(ctx, "施工证登记表", pass_register(rt.read_engine, rt.office, renovation), [
        ("number", "证号"), ("renovation", "装修编号"), ("unit", "房号"), ("kind", "类别"),
        ("holder", "持证人"), ("issued_at", "发证时间"), ("state", "状态"),
        ("closed_at", "收回时间")])


@register.command("extensions")
@pass_ctx
def extension_list(ctx: Ctx) -> None:
    """延时施工申请 — extensions granted and who signed them (N8)."""
    from propsvc.queries.keys import extension_register

    rt = ctx.reader()
    _show(ctx, "延时施工申请", extension_register(rt.read_engine, rt.office), [
        ("granted_at", "批准时间"), ("renovation", "装修编号"), ("unit", "房号"),
        ("previous_to", "原完工"), ("new_to", "延至"), ("signed_by", "签字"),
        ("reason", "原因")])


@reno.command("due-inspections")
@click.option("--date", metavar="YYYY-MM-DD", help="Office-local day (default today).")
@pass_ctx
def due_inspections(ctx: Ctx, date: str | None) -> None:
    """Inspections due by the end of a day, overdue ones first (N5)."""
    from propsvc.queries.keys import due_inspections as query

    _, end, label = _day(ctx, date)
    rt = ctx.reader()
    rows = query(rt.read_engine, rt.office, end, ctx.at or rt.clock.now())
    _show(ctx, f"装修巡查 {label}", rows, [
        ("number", "装修编号"), ("unit", "房号"), ("phase", "阶段"), ("label", "事项"),
        ("due_at", "应巡查"), ("overdue", "已逾期"), ("missed", "已记录漏查")], date=label)


@reno.command("spot-checks")
@click.option("--date", metavar="YYYY-MM-DD", help="Office-local day (default today).")
@pass_ctx
def spot_checks(ctx: Ctx, date: str | None) -> None:
    """The manager's daily spot-check list of renovating units (N10)."""
    from propsvc.queries.keys import spot_check_list

    start, end, label = _day(ctx, date)
    rt = ctx.reader()
    _show(ctx, f"经理装修抽查 {label}", spot_check_list(rt.read_engine, rt.office, start, end), [
        ("number", "装修编号"), ("unit", "房号"), ("contractor", "施工单位"),
        ("phase", "阶段"), ("open_violations", "未整改违规"), ("checked", "已抽查")],
        date=label)
