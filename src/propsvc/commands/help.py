"""``propsvc help``: help requests (H2, H3, H5), and their register (H1–H6)."""

from __future__ import annotations

import click

from propsvc.commands.context import Ctx, output, pass_ctx, read_options
from propsvc.vocabulary import HELP_ROUTES, INCIDENT_CATEGORIES, MEDICAL_ACTIONS


@click.group(name="help")
def help_() -> None:
    """Answer help requests, medical emergencies, routing to other tickets (H1–H6)."""


@help_.command("answer")
@click.argument("number")
@click.option("--text", required=True, help="What the resident was told (H2).")
@click.option("--cannot-help", is_flag=True, help="We cannot help: --referred-to is needed.")
@click.option("--referred-to", help="Who can help, when we cannot (H2: never refuse outright).")
@click.option("--asked-supervisor", is_flag=True, help="Answered after asking the supervisor.")
@output
@pass_ctx
def answer(ctx: Ctx, number: str, text: str, cannot_help: bool, referred_to: str | None,
           asked_supervisor: bool) -> None:
    """Answer an everyday help request (H2: within 5 min)."""
    ctx.recorded(ctx.office.help.answer(number, text, cannot_help=cannot_help,
                                         referred_to=referred_to,
                                         asked_supervisor=asked_supervisor, at=ctx.at))


@help_.command("medical")
@click.argument("number")
@click.option("--action", required=True, type=click.Choice(MEDICAL_ACTIONS.codes),
              help="Escort to hospital, call 120 and meet the ambulance, or nursing (H3).")
@click.option("--staff", multiple=True, help="Staff involved; repeat (hospital needs two).")
@click.option("--vehicle", help="The vehicle used to go to hospital (H3).")
@click.option("--relative", help="Nursing: the relative who stays with the patient (H3).")
@click.option("--serious", is_flag=True, help="Serious: reported to the supervisor at once.")
@output
@pass_ctx
def medical(ctx: Ctx, number: str, action: str, staff: tuple[str, ...], vehicle: str | None,
            relative: str | None, serious: bool) -> None:
    """Record the medical-emergency branch taken and its steps (H3)."""
    ctx.recorded(ctx.office.help.medical(number, action, list(staff), vehicle, serious,
                                          ctx.at, relative=relative))


@help_.command("escort-returned")
@click.argument("number")
@click.option("--note", help="What the escort reported.")
@output
@pass_ctx
def escort_returned(ctx: Ctx, number: str, note: str | None) -> None:
    """The hospital escort is back: the help is completed, the 7-day visit counts (H3, H6)."""
    ctx.recorded(ctx.office.help.escort_returned(number, note, ctx.at))


@help_.command("route")
@click.argument("number")
@click.option("--to", "to", required=True,
              type=click.Choice(HELP_ROUTES.codes),
              help="Which procedure takes it over (H5).")
@click.option("--category", type=click.Choice(INCIDENT_CATEGORIES.codes),
              help="With --to incident: the incident's I1 category (default: theft for "
                   "security help, flood for a disaster).")
@output
@pass_ctx
def route(ctx: Ctx, number: str, to: str, category: str | None) -> None:
    """Open the linked ticket or incident and route the help request to it (H5)."""
    ctx.recorded(ctx.office.help.route(number, to, ctx.at, category))


@click.command("help")
@click.option("--month", metavar="YYYY-MM", help="A month.")
@click.option("--year", metavar="YYYY", help="A whole year (the register archived each "
                                             "January, H6).")
@read_options
@output
@pass_ctx
def help_register(ctx: Ctx, month: str | None, year: str | None) -> None:
    """住户求助登记表 — help requests of a month or a year (H1–H6)."""
    from propsvc.commands.register import show_register

    show_register(ctx, "help", ctx.read.help_register(month, year))
