"""``propsvc ticket``: open a ticket, show it (optionally as of a moment), audit its history."""

from __future__ import annotations

import click

from propsvc.commands.context import Ctx, as_of_options, output, pass_ctx
from propsvc.vocabulary import CHANNELS, HELP_KINDS, LODGED_WITH, STATUS_FILTERS, TICKET_KINDS

YES_NO = click.Choice(["yes", "no"])


def _yes_no(value: str | None) -> bool | None:
    return None if value is None else value == "yes"


@click.group()
def ticket() -> None:
    """Open tickets and look them up."""


@ticket.command("open")
@click.option("--kind", type=click.Choice(TICKET_KINDS.codes), required=True,
              help="What the call is about.")
@click.option("--unit", help="Building-unit-room, e.g. 3-2-1201 (R1, C1, H3).")
@click.option("--caller", required=True, help="Caller's name (R1, C1).")
@click.option("--phone", help="Caller's contact number (R1, H3).")
@click.option("--summary", required=True, help="What is wrong, in the caller's words.")
@click.option("--part", help="The part to repair, e.g. 厨房水管 (R1).")
@click.option("--urgent", is_flag=True, help="Urgent: technician alerted directly (R4).")
@click.option("--home", type=YES_NO, help="Is anyone at home (R1).")
@click.option("--spare-key", type=YES_NO, help="Spare key deposited and may be used (R1).")
@click.option("--appointment", metavar="TIME", help="Agreed visit time (R1, R4).")
@click.option("--channel", type=click.Choice(CHANNELS.codes), default=None,
              help="How it reached the desk. repair: phone|visit|staff|patrol (default "
                   "phone; staff/patrol fill the work order, R14); complaint: "
                   "in-person|phone|letter|email|staff (C1, required); help and inquiry: "
                   "in-person|phone|letter|email|staff (default phone).")
@click.option("--public-area", is_flag=True, help="A public-area job (R9, R15).")
@click.option("--location", help="Where, when there is no unit (e.g. 3栋大堂).")
@click.option("--lodged-with", type=click.Choice(LODGED_WITH.codes),
              help="Complaint also lodged with the company, group or government (C6).")
@click.option("--help-kind", type=click.Choice(HELP_KINDS.codes),
              help="Kind of help request (H1; required for --kind help).")
@click.option("--written", is_flag=True, help="A written inquiry: written answer in 2 days (H4).")
@click.option("--paid", is_flag=True, help="A chargeable service: quoted and accepted first (Q1).")
@output
@pass_ctx
def open_(ctx: Ctx, kind: str, unit: str | None, caller: str, phone: str | None, summary: str,
          part: str | None, urgent: bool, home: str | None, spare_key: str | None,
          appointment: str | None, channel: str | None, public_area: bool,
          location: str | None, lodged_with: str | None, help_kind: str | None,
          written: bool, paid: bool) -> None:
    """Record a call and print its number and the deadlines it opened (R1, C1, H1, H4)."""
    office = ctx.office
    ctx.recorded(office.tickets.open(
        kind, unit=unit, caller=caller, phone=phone, summary=summary, part=part,
        urgent=urgent, home=_yes_no(home), spare_key=_yes_no(spare_key),
        appointment=ctx.time(appointment), channel=channel, public_area=public_area,
        location=location, lodged_with=lodged_with, help_kind=help_kind, written=written,
        paid=paid, at=ctx.at))


@ticket.command("show")
@click.argument("number")
@click.option("--as-of", metavar="TIME", help="Show what had happened by then (business time).")
@click.option("--as-known-at", metavar="TIME",
              help="Show what the system knew then (recorded time).")
@output
@pass_ctx
def show(ctx: Ctx, number: str, as_of: str | None, as_known_at: str | None) -> None:
    """State, open and missed deadlines, and who did what."""
    from propsvc.views.ticket import render_show

    view = ctx.read.ticket(number, as_of=ctx.time(as_of), known_at=ctx.time(as_known_at))
    ctx.emit(view, lambda v: render_show(v, ctx.calendar))


@ticket.command("history")
@click.argument("number")
@as_of_options
@output
@pass_ctx
def history(ctx: Ctx, number: str, as_of: str | None, as_known_at: str | None) -> None:
    """The audit replay: every event in order with business and recorded time."""
    from propsvc.views.common import render_history

    ctx.emit(ctx.read.ticket_history(number, ctx.time(as_of), ctx.time(as_known_at)),
             lambda r: render_history(r, ctx.calendar))


@ticket.command("find")
@click.argument("text", required=False)
@click.option("--unit", help="Building-unit-room, or its start (3-2 is building 3 unit 2).")
@click.option("--phone", help="The caller's phone, or its first digits.")
@click.option("--caller", help="The caller's name, or its start (张 finds every 张).")
@click.option("--kind", type=click.Choice(TICKET_KINDS.codes), help="Only this kind.")
@click.option("--status", type=click.Choice(STATUS_FILTERS.codes),
              help="open, closed (done, answered or routed), or one status.")
@click.option("--from", "start", metavar="YYYY-MM-DD", help="Opened on or after this day.")
@click.option("--to", "end", metavar="YYYY-MM-DD", help="Opened on or before this day.")
@click.option("--limit", type=click.IntRange(1, 500), default=50, show_default=True,
              help="Rows a page.")
@click.option("--page", type=click.IntRange(1, 1_000_000), default=1, show_default=True,
              help="Which page (newest first).")
@output
@pass_ctx
def find(ctx: Ctx, text: str | None, unit: str | None, phone: str | None,
         caller: str | None, kind: str | None, status: str | None, start: str | None,
         end: str | None, limit: int, page: int) -> None:
    """Find tickets without their number: by unit, phone, caller, kind, status, dates, or
    TEXT (a number, a unit, a phone, or words of the summary)."""
    from propsvc.views.ticket import render_found

    found = ctx.read.find_tickets(text, unit=unit, phone=phone, caller=caller, kind=kind,
                                  status=status, start=start, end=end, limit=limit,
                                  page=page)
    ctx.emit(found, lambda f: render_found(f, ctx.calendar))


@ticket.command("list")
@click.option("--open", "open_only", is_flag=True, help="Only the tickets still open.")
@click.option("--kind", type=click.Choice(TICKET_KINDS.codes), help="Only this kind.")
@click.option("--limit", type=click.IntRange(1, 500), default=50, show_default=True,
              help="Rows a page.")
@click.option("--page", type=click.IntRange(1, 1_000_000), default=1, show_default=True,
              help="Which page (newest first).")
@output
@pass_ctx
def list_(ctx: Ctx, open_only: bool, kind: str | None, limit: int, page: int) -> None:
    """The office's tickets, newest first (--open: those still open)."""
    from propsvc.views.ticket import render_found

    found = ctx.read.find_tickets(kind=kind, status="open" if open_only else None,
                                  limit=limit, page=page)
    ctx.emit(found, lambda f: render_found(f, ctx.calendar))


@ticket.command("void")
@click.argument("number")
@click.option("--reason", required=True, help="Why the call was recorded by mistake.")
@output
@pass_ctx
def void(ctx: Ctx, number: str, reason: str) -> None:
    """作废 — a mistaken call: kept in its history, out of every count, no further action."""
    ctx.recorded(ctx.office.tickets.void(number, reason, ctx.at))


@ticket.command("merge")
@click.argument("duplicate")
@click.option("--into", "into", required=True, metavar="NUMBER",
              help="The first call of the same matter.")
@click.option("--reason", help="What shows it is the same matter.")
@output
@pass_ctx
def merge(ctx: Ctx, duplicate: str, into: str, reason: str | None) -> None:
    """重复来电 — a repeat call: closed as merged into NUMBER, linked both ways, counted once."""
    ctx.recorded(ctx.office.tickets.merge(duplicate, into, reason, ctx.at))
