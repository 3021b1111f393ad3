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


@calendar.group()
def workday() -> None:
    """Make-up working days (调休): a Saturday or Sunday worked for a holiday."""


def _day_commands(group: click.Group, kind: str, name_help: str, add_help: str,
                  remove_help: str) -> None:
    """``<group> add DAY [--name]`` and ``<group> remove DAY`` for one kind of day."""

    @group.command("add", help=add_help)
    @click.argument("day", metavar="YYYY-MM-DD")
    @click.option("--name", help=name_help)
    @output
    @pass_ctx
    def add(ctx: Ctx, day: str, name: str | None) -> None:
        ctx.recorded(ctx.office.calendar_days.add(kind, day, name))

    @group.command("remove", help=remove_help)
    @click.argument("day", metavar="YYYY-MM-DD")
    @output
    @pass_ctx
    def remove(ctx: Ctx, day: str) -> None:
        ctx.recorded(ctx.office.calendar_days.remove(kind, day))


_day_commands(holiday, "holiday", "What the holiday is (e.g. 国庆节).",
              "Record DAY as a public holiday (deadlines set from now on skip it).",
              "Take DAY off the public holidays (entered by mistake).")
_day_commands(workday, "workday", "What it makes up for (e.g. 国庆节调休).",
              "Record DAY (a Saturday or Sunday) as a make-up working day.",
              "Take DAY off the make-up working days.")


@calendar.command("show")
@click.option("--year", type=click.IntRange(1900, 9000), help="The year (default this one).")
@output
@pass_ctx
def show(ctx: Ctx, year: int | None) -> None:
    """The year's public holidays and make-up working days, and its working days."""
    from propsvc.views.calendar import render_calendar

    ctx.emit(ctx.read.business_calendar(year), render_calendar)
