"""``propsvc handover``, ``carryover`` and ``patrol``: the shift log (S1–S5), the monthly
carry-over file (S6–S7) and patrol findings (P1)."""

from __future__ import annotations

import click

from propsvc.cli import Ctx, pass_ctx
from propsvc.commands.common import done


@click.group()
def handover() -> None:
    """交接班记录本 — take over, triage, OK, reasons, entries, hand over (S1–S5)."""


@handover.command("show")
@click.option("--date", metavar="YYYY-MM-DD", help="The shift's date (default: on duty now).")
@click.option("--shift", "which", type=click.Choice(["day", "night"]),
              help="Day or night shift (default: the one on duty now).")
@pass_ctx
def show(ctx: Ctx, date: str | None, which: str | None) -> None:
    """The log of one shift: carried in, triage, entries, OK and reasons in red (S1–S5)."""
    from propsvc.calendar import parse_date
    from propsvc.queries.handover import handover_log
    from propsvc.views.handover import render_log

    rt = ctx.reader()
    now = ctx.at or rt.clock.now()
    current = rt.handover.shifts.of(now)
    span = rt.handover.shifts.span(parse_date(date) if date else current.day,
                                   which or current.which)
    from propsvc.permissions import mask

    log = handover_log(rt.read_engine, rt.office, span, now)
    log["key_loans_open"] = mask(log["key_loans_open"], ctx.role)
    ctx.emit(log, lambda d: render_log(d, ctx.calendar))


@handover.command("take-over")
@pass_ctx
def take_over(ctx: Ctx) -> None:
    """The incoming staff have read the log and take the shift over (S1)."""
    done(ctx, ctx.runtime.handover.take_over(ctx.at))


@handover.command("triage")
@click.argument("number")
@click.option("--as", "triage", required=True, type=click.Choice(["urgent", "normal", "later"]),
              help="urgent / normal / cannot be solved for now (S1).")
@pass_ctx
def triage(ctx: Ctx, number: str, triage: str) -> None:
    """Sort an open item: urgent, normal, or later (carry-over file) (S1)."""
    done(ctx, ctx.runtime.handover.triage(number, triage, ctx.at))


@handover.command("ok")
@click.argument("number")
@click.option("--note", help="What was done (optional).")
@click.option("--instructed-by", metavar="MANAGER",
              help="The manager whose instruction was followed (S3).")
@pass_ctx
def ok(ctx: Ctx, number: str, note: str | None, instructed_by: str | None) -> None:
    """Mark a finished matter "OK" in red (S2; S3 with --instructed-by)."""
    done(ctx, ctx.runtime.handover.ok(number, note, instructed_by, ctx.at))


@handover.command("reason")
@click.argument("number")
@click.option("--reason", required=True, help="Why it cannot be done today (S4).")
@pass_ctx
def reason(ctx: Ctx, number: str, reason: str) -> None:
    """Write why a matter cannot be done today, in red (S4)."""
    done(ctx, ctx.runtime.handover.reason(number, reason, ctx.at))


@handover.command("note")
@click.option("--text", "entry", required=True, help="The entry written into the log (S5).")
@click.option("--major", is_flag=True, help="A special or major event, reported up (S5).")
@pass_ctx
def note(ctx: Ctx, entry: str, major: bool) -> None:
    """Write a free entry into the log; it becomes a tracked matter JB-… (S5)."""
    done(ctx, ctx.runtime.handover.note(entry, major, ctx.at))


@handover.command("hand-over")
@pass_ctx
def hand_over(ctx: Ctx) -> None:
    """Close the shift; every item still open passes to the next shift (S5)."""
    from propsvc.queries.handover import open_numbers

    rt = ctx.runtime
    rt.require_existing()
    rt.catch_up()
    rec = rt.handover.hand_over(lambda when: open_numbers(rt.read_engine, rt.office, when),
                                ctx.at)
    done(ctx, rec)
    if not ctx.as_json:
        from propsvc.i18n import t

        passed = [n for e in rec.events for n in getattr(e, "passed_on", [])]
        click.echo(f"{t('log.passed_on')}: {', '.join(passed) or '—'}")


@click.group()
def carryover() -> None:
    """遗留问题档案 — the monthly carry-over file (S6–S7)."""


@carryover.command("show")
@click.option("--month", metavar="YYYY-MM", required=True, help="The month (office time).")
@pass_ctx
def carryover_show(ctx: Ctx, month: str) -> None:
    """The month's file: entries, progress, OK, months carried; archived months as filed."""
    from propsvc.calendar import parse_month
    from propsvc.queries.handover import carryover_file
    from propsvc.views.handover import render_file

    parse_month(month)
    rt = ctx.reader()
    data = carryover_file(rt.read_engine, rt.office, ctx.calendar, month, rt.clock.now())
    ctx.emit(data, lambda d: render_file(d, ctx.calendar))


@carryover.command("close-month")
@click.option("--month", metavar="YYYY-MM", required=True, help="The month to archive.")
@pass_ctx
def close_month(ctx: Ctx, month: str) -> None:
    """Archive the month; open items are copied into next month's file (S7)."""
    from propsvc.desks.month_end import close_month as close

    done(ctx, close(ctx.runtime, month))


@click.group()
def patrol() -> None:
    """Estate patrol findings, dispatched and tracked (P1)."""


@patrol.command("record")
@click.option("--area", required=True, type=click.Choice(["环境", "绿化", "保安", "工程", "装修"]),
              help="The patrol checklist the finding belongs to (P1).")
@click.option("--finding", required=True, help="What was found (P1).")
@click.option("--location", help="Where (building, floor, spot).")
@pass_ctx
def record(ctx: Ctx, area: str, finding: str, location: str | None) -> None:
    """Record a patrol finding: a tracked matter XS-… sent to its department (P1)."""
    done(ctx, ctx.runtime.handover.patrol(area, finding, location, ctx.at))
