"""``propsvc visit``: return visits (R13, V1–V3), the sampling helper (V2), and the
visit register."""

from __future__ import annotations

import click

from propsvc.commands.context import Ctx, output, pass_ctx, read_options
from propsvc.vocabulary import VISIT_METHODS, VISIT_RATINGS, VISIT_RESULTS


@click.group()
def visit() -> None:
    """Return visits after completion (R13, V1–V3)."""


@visit.command("record")
@click.argument("number")
@click.option("--method", required=True, type=click.Choice(VISIT_METHODS.codes))
@click.option("--result", required=True, type=click.Choice(VISIT_RESULTS.codes),
              help="Unsatisfied reopens the ticket (V3).")
@click.option("--note", help="What the resident said (V3).")
@click.option("--quality", type=click.Choice(VISIT_RATINGS.codes),
              help="The quality of the service, as the resident rates it (V3).")
@click.option("--effect", type=click.Choice(VISIT_RATINGS.codes),
              help="The effect of the service, as the resident rates it (V3).")
@click.option("--shortcomings", help="What fell short (V3).")
@click.option("--suggestions", help="The resident's suggestions (V3).")
@click.option("--resident-signed-by",
              help="Resident who signed: required except on phone visits (V3, C10).")
@output
@pass_ctx
def record(ctx: Ctx, number: str, method: str, result: str, note: str | None,
           quality: str | None, effect: str | None, shortcomings: str | None,
           suggestions: str | None, resident_signed_by: str | None) -> None:
    """Record a return visit; an unsatisfied one reopens the ticket (R12, V3)."""
    ctx.recorded(ctx.office.visits.record(
        number, method, result, note, resident_signed_by, ctx.at, quality=quality,
        effect=effect, shortcomings=shortcomings, suggestions=suggestions))


@visit.command("review")
@click.argument("number")
@click.option("--note", help="What the review found.")
@output
@pass_ctx
def review(ctx: Ctx, number: str, note: str | None) -> None:
    """The manager reviews the latest return visit — not one they made (V3)."""
    ctx.recorded(ctx.office.visits.review(number, note, ctx.at))


@visit.command("plan")
@click.option("--date", "day", metavar="YYYY-MM-DD", help="The day to plan (default today).")
@output
@pass_ctx
def plan(ctx: Ctx, day: str | None) -> None:
    """Propose which completed items to visit so every class meets its target (V1, V2)."""
    from propsvc.views.visit import render_visit_plan

    ctx.emit(ctx.read.visit_plan(day), lambda d: render_visit_plan(d, ctx.calendar))


@click.command("visits")
@click.option("--month", metavar="YYYY-MM", required=True, help="The month (office time).")
@read_options
@output
@pass_ctx
def visits(ctx: Ctx, month: str) -> None:
    """回访登记表 — visits and the achieved rate vs target (R13, V2)."""
    from propsvc.queries.registers import REGISTERS
    from propsvc.views.visit import render_visit_register

    form = REGISTERS["visits"]
    ctx.emit(ctx.read.visit_register(month),
             lambda d: render_visit_register(d, ctx.calendar, form.title, form.columns))
