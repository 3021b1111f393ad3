"""``propsvc complaint``: the complaint SOP from classification to confirmation (C2–C10)."""

from __future__ import annotations

import click

from propsvc.commands.context import Ctx, output, pass_ctx, read_options
from propsvc.vocabulary import WARRANTY_PARTIES


@click.group()
def complaint() -> None:
    """Classify, dispatch, reply, agree a remedy, resolve, confirm (C2–C10)."""


@complaint.command("classify")
@click.argument("number")
@click.option("--class", "complaint_class", required=True, type=int,
              help="1 our service fell short · 2 building defect · 3 outside the boundary (C2).")
@click.option("--important", is_flag=True,
              help="An important complaint: the manager visits, answers within 48 h (C9, F3).")
@output
@pass_ctx
def classify(ctx: Ctx, number: str, complaint_class: int, important: bool) -> None:
    """Set the class, which sets the handling deadline (C2, C5: 4 h / same day / 3 days)."""
    ctx.recorded(ctx.office.complaints.classify(number, complaint_class, important,
                                                ctx.at))


@complaint.command("notify-superior")
@click.argument("number")
@click.option("--note", help="Settled on the spot, or what the superior was told.")
@output
@pass_ctx
def notify_superior(ctx: Ctx, number: str, note: str | None) -> None:
    """An in-person complaint told to the superior (C3: within 2 h)."""
    ctx.recorded(ctx.office.complaints.notify_superior(number, note, ctx.at))


@complaint.command("dispatch")
@click.argument("number")
@click.option("--to", "to", required=True, metavar="DEPT",
              help="The responsible person or department (e.g. 工程部).")
@output
@pass_ctx
def dispatch(ctx: Ctx, number: str, to: str) -> None:
    """Issue a numbered work-contact slip (工作联系单) to the handler (C4, C6)."""
    ctx.recorded(ctx.office.complaints.dispatch(number, to, ctx.at))


@complaint.command("respond")
@click.argument("number")
@click.option("--text", required=True, help="The handler's reply to the desk (F2).")
@output
@pass_ctx
def respond(ctx: Ctx, number: str, text: str) -> None:
    """Record the handler's reply (F2; meets the C6 2-day no-reply deadline)."""
    ctx.recorded(ctx.office.complaints.respond(number, text, ctx.at))


@complaint.command("agree")
@click.argument("number")
@click.option("--remedy", required=True, help="The remedy told to the owner (C8).")
@click.option("--by", "by", required=True, metavar="TIME", help="When it will be done (C8).")
@output
@pass_ctx
def agree(ctx: Ctx, number: str, remedy: str, by: str) -> None:
    """The owner agreed to the remedy and its time (C8, F3)."""
    when = ctx.calendar.parse_time(by, today=ctx.office.clock.now())
    ctx.recorded(ctx.office.complaints.agree(number, remedy, when, ctx.at))


@complaint.command("remedy-done")
@click.argument("number")
@click.option("--note", help="What was done.")
@output
@pass_ctx
def remedy_done(ctx: Ctx, number: str, note: str | None) -> None:
    """The agreed remedy was carried out (C8; class 2: once its defect repair is done)."""
    ctx.recorded(ctx.office.complaints.remedy_done(number, note, ctx.at))


@complaint.command("head-opinion")
@click.argument("number")
@click.option("--opinion", required=True, help="The department head's handling opinion (C6).")
@output
@pass_ctx
def head_opinion(ctx: Ctx, number: str, opinion: str) -> None:
    """The department head's opinion; the case goes on to the company's leader in charge (C6)."""
    ctx.recorded(ctx.office.complaints.head_opinion(number, opinion, ctx.at))


@complaint.command("resolve")
@click.argument("number")
@click.option("--note", help="Class 1: the lesson for the case study; class 3: the "
                             "explanation given to the owner (C7); a suggestion: the answer.")
@click.option("--warranty", type=click.Choice(WARRANTY_PARTIES.codes),
              help="Class 2 under warranty: the defect repair goes to this party (R7).")
@output
@pass_ctx
def resolve(ctx: Ctx, number: str, note: str | None, warranty: str | None) -> None:
    """Handled: class 1 case study, class 2 linked defect repair ticket, class 3 explained."""
    ctx.recorded(ctx.office.complaints.resolve(number, note, ctx.at, warranty=warranty))


@complaint.command("confirm")
@click.argument("number")
@click.option("--signed-by", required=True, help="The owner who signs (C10).")
@output
@pass_ctx
def confirm(ctx: Ctx, number: str, signed_by: str) -> None:
    """The owner signs to confirm the resolution was satisfactory (C10)."""
    ctx.recorded(ctx.office.complaints.confirm(number, signed_by, ctx.at))


@click.command("complaints")
@click.option("--month", metavar="YYYY-MM", help="A month (default this month).")
@read_options
@output
@pass_ctx
def complaints(ctx: Ctx, month: str | None) -> None:
    """业主投诉登记表 — every complaint of the month with channel and key points (C1)."""
    from propsvc.commands.register import show_register

    show_register(ctx, "complaints", ctx.read.complaint_register(month))


@click.command("complaint-summary")
@click.option("--month", metavar="YYYY-MM", help="A month (default this month).")
@read_options
@output
@pass_ctx
def complaint_summary(ctx: Ctx, month: str | None) -> None:
    """住户投诉汇总表 — the month-end complaint summary for the manager (C11)."""
    from propsvc.views.complaint import render_summary

    ctx.emit(ctx.read.complaint_summary(month), lambda d: render_summary(d, ctx.calendar))
