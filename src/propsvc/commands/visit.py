"""``propsvc visit``: return visits (R13, V1–V3)."""

from __future__ import annotations

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
@click.option("--resident-signed-by", help="Resident who signed (not on phone visits, V3).")
@pass_ctx
def record(ctx: Ctx, number: str, method: str, result: str, note: str | None,
           resident_signed_by: str | None) -> None:
    """Record a return visit; an unsatisfied one reopens the ticket (R12, V3)."""
    ctx.recorded(ctx.runtime.repair.visit(number, method, result, note, resident_signed_by,
                                          ctx.at))
