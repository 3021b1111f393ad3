"""``propsvc handover`` and ``carryover``: the shift log (S1–S5) and the monthly
carry-over file (S6–S7), and the daily report (物业日报表) under ``propsvc register``."""

from __future__ import annotations

import click

from propsvc.commands.context import Ctx, output, pass_ctx, read_options
from propsvc.vocabulary import SHIFTS, TRIAGES


@click.group()
def handover() -> None:
    """交接班记录本 — take over, triage, OK, reasons, entries, hand over (S1–S5)."""


@handover.command("show")
@click.option("--date", metavar="YYYY-MM-DD", help="The shift's date (default: on duty now).")
@click.option("--shift", "which", type=click.Choice(SHIFTS.codes),
              help="Day or night shift (default: the one on duty now).")
@read_options
@output
@pass_ctx
def show(ctx: Ctx, date: str | None, which: str | None) -> None:
    """The log of one shift: carried in, triage, entries, OK and reasons in red (S1–S5)."""
    from propsvc.views.handover import render_log

    ctx.emit(ctx.read.handover_log(date, which, ctx.at), lambda d: render_log(d, ctx.calendar))


@handover.command("take-over")
@output
@pass_ctx
def take_over(ctx: Ctx) -> None:
    """The incoming staff have read the log and take the shift over (S1)."""
    ctx.recorded(ctx.office.handover.take_over(ctx.at))


@handover.command("triage")
@click.argument("number")
@click.option("--as", "triage", required=True, type=click.Choice(TRIAGES.codes),
              help="urgent / normal / cannot be solved for now (S1).")
@output
@pass_ctx
def triage(ctx: Ctx, number: str, triage: str) -> None:
    """Sort an open item: urgent, normal, or later (carry-over file) (S1)."""
    ctx.recorded(ctx.office.handover.triage(number, triage, ctx.at))


@handover.command("ok")
@click.argument("number")
@click.option("--note", help="What was done (optional).")
@click.option("--instructed-by", metavar="MANAGER",
              help="The manager whose instruction was followed (S3).")
@output
@pass_ctx
def ok(ctx: Ctx, number: str, note: str | None, instructed_by: str | None) -> None:
    """Mark a finished matter "OK" in red (S2; S3 with --instructed-by)."""
    ctx.recorded(ctx.office.handover.ok(number, note, instructed_by, ctx.at))


@handover.command("reason")
@click.argument("number")
@click.option("--reason", required=True, help="Why it cannot be done today (S4).")
@output
@pass_ctx
def reason(ctx: Ctx, number: str, reason: str) -> None:
    """Write why a matter cannot be done today, in red (S4)."""
    ctx.recorded(ctx.office.handover.reason(number, reason, ctx.at))


@handover.command("note")
@click.option("--text", "entry", required=True, help="The entry written into the log (S5).")
@click.option("--major", is_flag=True, help="A special or major event, reported up (S5).")
@output
@pass_ctx
def note(ctx: Ctx, entry: str, major: bool) -> None:
    """Write a free entry into the log; it becomes a tracked matter JB-… (S5)."""
    ctx.recorded(ctx.office.handover.note(entry, major, ctx.at))


@handover.command("hand-over")
@output
@pass_ctx
def hand_over(ctx: Ctx) -> None:
    """Close the shift; every item still open passes to the next shift (S5)."""
    ctx.office.backend.require_existing()
    result = ctx.office.handover.hand_over(ctx.at)
    ctx.recorded(result)
    if not ctx.as_json:
        from propsvc.i18n import _

        passed = [n for e in result.events for n in getattr(e, "passed_on", [])]
        click.echo(_("Passed on: {numbers}", numbers=', '.join(passed) or '—'))


@click.group()
def carryover() -> None:
    """遗留问题档案 — the monthly carry-over file (S6–S7)."""


@carryover.command("show")
@click.option("--month", metavar="YYYY-MM", required=True, help="The month (office time).")
@read_options
@output
@pass_ctx
def carryover_show(ctx: Ctx, month: str) -> None:
    """The month's file: entries, progress, OK, months carried; archived months as filed."""
    from propsvc.views.handover import render_file

    ctx.emit(ctx.read.carryover_file(month), lambda d: render_file(d, ctx.calendar))


@carryover.command("close-month")
@click.option("--month", metavar="YYYY-MM", required=True, help="The month to archive.")
@output
@pass_ctx
def close_month(ctx: Ctx, month: str) -> None:
    """Archive the month; open items are copied into next month's file (S7)."""
    ctx.recorded(ctx.office.close_month(month))


@click.command("daily")
@click.option("--date", metavar="YYYY-MM-DD", help="Office-local day (default today).")
@read_options
@output
@pass_ctx
def daily(ctx: Ctx, date: str | None) -> None:
    """物业日报表 — per category opened/completed/overdue/OK'd/carried over; major entries."""
    from propsvc.views.handover import render_daily

    ctx.emit(ctx.read.daily_report(date), lambda d: render_daily(d, ctx.calendar))
