"""``propsvc ticket``: open a ticket, show it (optionally as of a moment), audit its history."""

from __future__ import annotations

import click

from propsvc.cli import Ctx, pass_ctx

YES_NO = click.Choice(["yes", "no"])


def _yes_no(value: str | None) -> bool | None:
    return None if value is None else value == "yes"


@click.group()
def ticket() -> None:
    """Open tickets and look them up."""


KINDS = ["repair", "complaint", "help", "inquiry"]
CHANNELS = ["phone", "visit", "staff", "patrol", "in-person", "letter", "email"]
REPAIR_ONLY = ("part", "urgent", "home", "spare_key", "appointment", "public_area")


@ticket.command("open")
@click.option("--kind", type=click.Choice(KINDS), required=True,
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
@click.option("--channel", type=click.Choice(CHANNELS), default=None,
              help="How it reached the desk. repair: phone|visit|staff|patrol (default "
                   "phone; staff/patrol fill the work order, R14); complaint: "
                   "in-person|phone|letter|email|staff (C1, required); help and inquiry: "
                   "in-person|phone|letter|email|staff (default phone).")
@click.option("--public-area", is_flag=True, help="A public-area job (R9, R15).")
@click.option("--location", help="Where, when there is no unit (e.g. 3栋大堂).")
@click.option("--lodged-with", type=click.Choice(["company", "group", "government"]),
              help="Complaint also lodged with the company, group or government (C6).")
@click.option("--help-kind", type=click.Choice(["medical", "security", "disaster", "other"]),
              help="Kind of help request (H1; required for --kind help).")
@click.option("--written", is_flag=True, help="A written inquiry: written answer in 2 days (H4).")
@click.option("--paid", is_flag=True, help="A chargeable service: quoted and accepted first (Q1).")
@pass_ctx
def open_(ctx: Ctx, kind: str, unit: str | None, caller: str, phone: str | None, summary: str,
          part: str | None, urgent: bool, home: str | None, spare_key: str | None,
          appointment: str | None, channel: str | None, public_area: bool,
          location: str | None, lodged_with: str | None, help_kind: str | None,
          written: bool, paid: bool) -> None:
    """Record a call and print its number and the deadlines it opened (R1, C1, H1, H4)."""
    from propsvc.errors import InvalidInput

    given = {"part": part, "urgent": urgent, "home": home, "spare_key": spare_key,
             "appointment": appointment, "public_area": public_area,
             "lodged_with": lodged_with, "help_kind": help_kind, "written": written,
             "paid": paid}
    allowed = {"repair": (*REPAIR_ONLY, "paid"), "complaint": ("lodged_with",),
               "help": ("help_kind", "paid"), "inquiry": ("written",)}[kind]
    extra = [k for k, v in given.items() if v not in (None, False) and k not in allowed]
    if extra:
        names = ", ".join("--" + k.replace("_", "-") for k in extra)
        raise InvalidInput(f"{names} does not apply to --kind {kind}")
    rt = ctx.runtime
    if kind == "repair":
        outcome = rt.repair.open(
            unit=unit, caller=caller, phone=phone, summary=summary, part=part, urgent=urgent,
            home=_yes_no(home), spare_key=_yes_no(spare_key),
            appointment=ctx.time(appointment), channel=channel or "phone",
            public_area=public_area, location=location, paid=paid, at=ctx.at)
    elif kind == "complaint":
        if channel is None:
            raise InvalidInput("C1: a complaint records its --channel "
                               "(in-person|phone|letter|email|staff)")
        outcome = rt.complaint.open(unit=unit, caller=caller, phone=phone, summary=summary,
                                    channel=channel, lodged_with=lodged_with,
                                    location=location, at=ctx.at)
    elif kind == "help":
        if help_kind is None:
            raise InvalidInput("H1: a help request needs --help-kind "
                               "(medical|security|disaster|other)")
        outcome = rt.help.open(help_kind=help_kind, unit=unit, caller=caller, phone=phone,
                               summary=summary, channel=channel or "phone",
                               location=location, paid=paid, at=ctx.at)
    else:
        outcome = rt.inquiry.open(unit=unit, caller=caller, phone=phone, summary=summary,
                                  channel=channel or "phone", written=written,
                                  location=location, at=ctx.at)
    ctx.recorded(outcome)


@ticket.command("show")
@click.argument("number")
@click.option("--as-of", metavar="TIME", help="Show what had happened by then (business time).")
@click.option("--as-known-at", metavar="TIME",
              help="Show what the system knew then (recorded time).")
@pass_ctx
def show(ctx: Ctx, number: str, as_of: str | None, as_known_at: str | None) -> None:
    """State, open and missed deadlines, and who did what."""
    from propsvc.errors import InvalidInput, NotFound
    from propsvc.views.common import render_show
    from propsvc.views.ticket import actions_view, replay, ticket_view, upto

    if as_of and as_known_at:
        raise InvalidInput("give either --as-of or --as-known-at, not both")
    rt = ctx.runtime
    rt.require_existing()
    events = rt.service.events_of(number)
    moment = ctx.time(as_of or as_known_at)
    if moment is None:
        view_time, seen = rt.clock.now(), upto(events, rt.clock.now(), known=True)
    else:
        view_time, seen = moment, upto(events, moment, known=as_known_at is not None)
    state = replay(seen)
    if state is None:
        when = moment.isoformat() if moment else "that moment"
        raise NotFound(f"{number.upper()} did not exist yet at {when}")
    from propsvc.permissions import mask

    view = ticket_view(state, view_time)
    view["intake"] = mask([view["intake"]], ctx.role)[0]
    view["as_of"] = None if moment is None else moment.isoformat()
    view["actions"] = actions_view(seen)
    ctx.emit(view, lambda v: render_show(v, ctx.calendar))


@ticket.command("history")
@click.argument("number")
@pass_ctx
def history(ctx: Ctx, number: str) -> None:
    """The audit replay: every event in order with business and recorded time."""
    from propsvc.views.common import render_history
    from propsvc.views.ticket import history_view

    rt = ctx.runtime
    rt.require_existing()
    from propsvc.permissions import mask

    rows = history_view(rt.service.events_of(number))
    for row in rows:  # the call's phone travels in the first event's data
        if isinstance(row.get("data"), dict):
            row["data"] = mask([row["data"]], ctx.role)[0]
    ctx.emit(rows, lambda r: render_history(r, ctx.calendar))
