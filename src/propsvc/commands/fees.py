"""``propsvc fees``: the cashier's record of fee arrears per unit, which a goods release
checks (Q2)."""

from __future__ import annotations

import click

from propsvc.commands.context import Ctx, output, pass_ctx

ARREARS = [("unit", "房号"), ("owed", "欠费"), ("updated_at", "更新时间"),
           ("updated_by", "收银员")]


@click.group()
def fees() -> None:
    """The cashier's record of fee arrears per unit, checked before goods release (Q2)."""


@fees.command("arrears")
@click.option("--unit", "unit_", required=True, help="The unit that owes (Q2).")
@click.option("--amount", required=True, help="The amount owed, e.g. 1280.50.")
@click.option("--note", help="What the arrears are for (e.g. 2026 Q3 management fee).")
@output
@pass_ctx
def arrears(ctx: Ctx, unit_: str, amount: str, note: str | None) -> None:
    """Record fees a unit owes (the cashier)."""
    ctx.recorded(ctx.office.fees.arrears(unit_=unit_, amount=amount, note=note, at=ctx.at))


@fees.command("settle")
@click.option("--unit", "unit_", required=True, help="The unit that paid (Q2).")
@output
@pass_ctx
def settle(ctx: Ctx, unit_: str) -> None:
    """Record that a unit paid everything it owed (the cashier)."""
    ctx.recorded(ctx.office.fees.settle(unit_=unit_, at=ctx.at))


@fees.command("list")
@click.option("--unit", "unit_", help="One unit, owing or not.")
@output
@pass_ctx
def list_(ctx: Ctx, unit_: str | None) -> None:
    """Units with fees on record as owed."""
    from propsvc.views.common import render_rows

    data = ctx.read.arrears(unit_)
    ctx.emit(data, lambda d: render_rows(
        d["register"], d["rows"], ARREARS, ctx.calendar))
