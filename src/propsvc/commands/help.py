"""``propsvc help``: help requests (H2, H3, H5)."""

from __future__ import annotations

import click

from propsvc.cli import Ctx, pass_ctx
from propsvc.commands.incident import CATEGORIES


@click.group(name="help")
def help_() -> None:
    """Answer help requests, medical emergencies, routing to other tickets (H1–H6)."""


@help_.command("answer")
@click.argument("number")
@click.option("--text", required=True, help="What the resident was told (H2).")
@click.option("--cannot-help", is_flag=True, help="We cannot help: --referred-to is needed.")
@click.option("--referred-to", help="Who can help, when we cannot (H2: never refuse outright).")
@click.option("--asked-supervisor", is_flag=True, help="Answered after asking the supervisor.")
@pass_ctx
def answer(ctx: Ctx, number: str, text: str, cannot_help: bool, referred_to: str | None,
           asked_supervisor: bool) -> None:
    """Answer an everyday help request (H2: within 5 min)."""
    ctx.recorded(ctx.runtime.help.answer(number, text, cannot_help=cannot_help,
                                         referred_to=referred_to,
                                         asked_supervisor=asked_supervisor, at=ctx.at))


@help_.command("medical")
@click.argument("number")
@click.option("--action", required=True, type=click.Choice(["hospital", "call-120", "nursing"]),
              help="Escort to hospital, call 120 and meet the ambulance, or nursing (H3).")
@click.option("--staff", multiple=True, help="Staff involved; repeat (hospital and nursing "
                                             "need two).")
@click.option("--vehicle", help="The vehicle used to go to hospital (H3).")
@click.option("--serious", is_flag=True, help="Serious: reported to the supervisor at once.")
@pass_ctx
def medical(ctx: Ctx, number: str, action: str, staff: tuple[str, ...], vehicle: str | None,
            serious: bool) -> None:
    """Record the medical-emergency branch taken and its steps (H3)."""
    ctx.recorded(ctx.runtime.help.medical(number, action, list(staff), vehicle, serious,
                                          ctx.at))


@help_.command("route")
@click.argument("number")
@click.option("--to", "to", required=True,
              type=click.Choice(["repair", "complaint", "incident", "paid"]),
              help="Which procedure takes it over (H5).")
@click.option("--category", type=click.Choice(list(CATEGORIES)),
              help="With --to incident: the incident's I1 category (default: theft for "
                   "security help, flood for a disaster).")
@pass_ctx
def route(ctx: Ctx, number: str, to: str, category: str | None) -> None:
    """Open the linked ticket or incident and route the help request to it (H5)."""
    ctx.recorded(ctx.runtime.help.route(number, to, ctx.at, category))
