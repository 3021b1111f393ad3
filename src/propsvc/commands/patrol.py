"""``propsvc patrol``: estate patrol findings (P1), and their register under
``propsvc register`` (巡视跟进登记表, carried over monthly, S7)."""

from __future__ import annotations

import click

from propsvc.commands.context import Ctx, output, pass_ctx, read_options
from propsvc.vocabulary import PATROL_AREAS


@click.group()
def patrol() -> None:
    """Estate patrol findings, dispatched and tracked (P1)."""


@patrol.command("record")
@click.option("--area", required=True, type=click.Choice(PATROL_AREAS.codes),
              help="The patrol checklist the finding belongs to (P1).")
@click.option("--finding", required=True, help="What was found (P1).")
@click.option("--location", help="Where (building, floor, spot).")
@output
@pass_ctx
def record(ctx: Ctx, area: str, finding: str, location: str | None) -> None:
    """Record a patrol finding: a tracked matter XS-… sent to its department (P1)."""
    ctx.recorded(ctx.office.patrol.record(area, finding, location, ctx.at))


@patrol.command("report")
@click.option("--day", metavar="YYYY-MM-DD", help="The patrol day (default today, office time).")
@click.option("--to", "to", metavar="NAME",
              help="Report the day to this manager (P1): records the report and tells the "
                   "manager's inbox. Without it the day's report is shown, nothing written.")
@click.option("--note", help="What the manager is told besides the findings (P1).")
@output
@pass_ctx
def report(ctx: Ctx, day: str | None, to: str | None, note: str | None) -> None:
    """巡视日报 — the day's findings and their progress; --to NAME reports it to the manager
    (P1)."""
    from propsvc.views.handover import render_patrol_report

    if to is not None:
        ctx.recorded(ctx.office.patrol.report(to, day, note, ctx.at))
        return
    if note is not None:
        raise click.UsageError("--note goes with --to NAME (the report to the manager)")
    ctx.emit(ctx.read.patrol_report(day), lambda d: render_patrol_report(d, ctx.calendar))


@click.command("patrol")
@click.option("--month", metavar="YYYY-MM", required=True, help="The month (office time).")
@read_options
@output
@pass_ctx
def patrol_register(ctx: Ctx, month: str) -> None:
    """巡视跟进登记表 — the month's findings and unfinished ones carried in (P1, S7)."""
    from propsvc.views.handover import render_patrol

    ctx.emit(ctx.read.patrol_register(month), lambda d: render_patrol(d, ctx.calendar))
