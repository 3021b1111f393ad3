"""``propsvc calendar``: the office's business calendar — public holidays (节假日) and
make-up working days (调休) — that deadlines counted on working days follow."""

from __future__ import annotations

import click

from propsvc.commands.context import Ctx, output, pass_ctx


@click.group()
def calendar() -> None:
    """Public holidays and make-up working days (调休) that working-day deadlines follow."""


@calendar.group()
def holiday() -> None:
    """Public holidays (节假日): no working-day deadline counts them."""


@holiday.command("add")
@click.argument("day", metavar="YYYY-MM-DD")
@click.option("--name", help="What the holiday is (e.g. 国庆节).")
@output
@pass_ctx
def holiday_add(ctx: Ctx, day: str, name: str | None) -> None:
    """Record DAY as a public holiday (deadlines set from now on skip it)."""
    ctx.recorded(ctx.office.calendar_days.add("holiday", day, name))


@holiday.command("remove")
@click.argument("day", metavar="YYYY-MM-DD")
@output
@pass_ctx
def holiday_remove(ctx: Ctx, day: str) -> None:
    """Take DAY off the public holidays (entered by mistake)."""
    ctx.recorded(ctx.office.calendar_days.remove("holiday", day))


@calendar.group()
def workday() -> None:
    """Make-up working days (调休): a Saturday or Sunday worked for a holiday."""


@workday.command("add")
@click.argument("day", metavar="YYYY-MM-DD")
@click.option("--name", help="What it makes up for (e.g. 国庆节调休).")
@output
@pass_ctx
def workday_add(ctx: Ctx, day: str, name: str | None) -> None:
    """Record DAY (a Saturday or Sunday) as a make-up working day."""
    ctx.recorded(ctx.office.calendar_days.add("workday", day, name))


@workday.command("remove")
@click.argument("day", metavar="YYYY-MM-DD")
@output
@pass_ctx
def workday_remove(ctx: Ctx, day: str) -> None:
    """Take DAY off the make-up working days."""
    ctx.recorded(ctx.office.calendar_days.remove("workday", day))


@calendar.command("show")
@click.option("--year", type=click.IntRange(1900, 9000), help="The year (default this one).")
@output
@pass_ctx
def show(ctx: Ctx, year: int | None) -> None:
    """The year's public holidays and make-up working days, and its working days."""
    from propsvc.views.calendar import render_calendar

    ctx.emit(ctx.read.business_calendar(year), render_calendar)
