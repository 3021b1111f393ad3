"""``propsvc visit``: return visits (R13, V1–V3) and the sampling helper (V2)."""

from __future__ import annotations

from typing import Any

import click

from propsvc.cli import Ctx, pass_ctx


@click.group()
def visit() -> None:
    """Return visits after completion (R13, V1–V3)."""


@visit.command("record")
@click.argument("number")
@click.option("--method", required=True, type=click.Choice(["phone", "in-person", "on-site"]))
@click.option("--result", required=True, type=click.Choice(["satisfied", "unsatisfied"]),
              help="Unsatisfied reopens the ticket (V3).")
@click.option("--note", help="Quality, effect, shortcomings, suggestions (V3).")
@click.option("--resident-signed-by",
              help="Resident who signed (not on phone visits, V3, C10).")
@pass_ctx
def record(ctx: Ctx, number: str, method: str, result: str, note: str | None,
           resident_signed_by: str | None) -> None:
    """Record a return visit; an unsatisfied one reopens the ticket (R12, V3)."""
    ctx.recorded(ctx.runtime.repair.visit(number, method, result, note, resident_signed_by,
                                          ctx.at))


@visit.command("plan")
@click.option("--date", "day", metavar="YYYY-MM-DD", help="The day to plan (default today).")
@pass_ctx
def plan(ctx: Ctx, day: str | None) -> None:
    """Propose which completed items to visit so every class meets its target (V1, V2)."""
    from propsvc.calendar import parse_date
    from propsvc.queries.requests import visit_plan
    from propsvc.views.common import console, render_rows

    rt = ctx.reader()
    when = parse_date(day) if day else ctx.calendar.local_date(rt.clock.now())
    data = visit_plan(rt.read_engine, rt.office, ctx.calendar, when, rt.profile)

    def render(d: dict[str, Any]) -> None:
        for c in d["classes"]:
            console().print(
                f"[bold]{c['class']}[/bold]: target {c['target']:.0%}, "
                f"{c['visited_this_month']}/{c['completed_this_month']} visited this month, "
                f"{c['needed']} more needed")
            render_rows(f"visit plan {d['date']} — {c['class']}", c["proposals"], [
                ("number", "单号"), ("unit", "房号/地点"), ("completed_at", "完成时间"),
                ("visit_by", "最迟回访"), ("visitor", "回访人")], ctx.calendar)

    ctx.emit(data, render)
