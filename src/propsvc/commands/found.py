"""``propsvc found``: lost property (拾遗, Q3) and its register 拾遗物品登记表."""

from __future__ import annotations

import click

from propsvc.commands.context import Ctx, output, pass_ctx
from propsvc.commands.service_reads import add_reads


@click.group()
def found() -> None:
    """Lost property: record, weekly notice, claim, disposal after 3 months (Q3)."""


@found.command("record")
@click.option("--item", required=True, help="What was found (Q3).")
@click.option("--place", required=True, help="Where it was found (Q3).")
@click.option("--finder", required=True, help="Who found it (Q3).")
@click.option("--valuable", is_flag=True,
              help="A valuable: to administration the same day (Q3).")
@output
@pass_ctx
def record(ctx: Ctx, item: str, place: str, finder: str, valuable: bool) -> None:
    """Register a found item: place, time, item, finder (Q3)."""
    ctx.recorded(ctx.office.found.record(item=item, place=place, finder=finder,
                                         valuable=valuable, at=ctx.at))


@found.command("to-admin")
@click.argument("number")
@click.option("--received-by", required=True, help="Who in administration took it (Q3).")
@output
@pass_ctx
def to_admin(ctx: Ctx, number: str, received_by: str) -> None:
    """Hand a valuable to administration (the same day it is found, Q3)."""
    ctx.recorded(ctx.office.found.to_admin(number, received_by=received_by, at=ctx.at))


@found.command("notice")
@click.option("--week", required=True, metavar="YYYY-Www",
              help="The ISO week of the notice, e.g. 2026-W44.")
@output
@pass_ctx
def notice(ctx: Ctx, week: str) -> None:
    """Post the week's notice of every item still unclaimed (Q3)."""
    ctx.recorded(ctx.office.found.notice(week=week, at=ctx.at))


@found.command("claim")
@click.argument("number")
@click.option("--claimant", required=True, help="Who claims the item (Q3).")
@click.option("--id-last4", "id_last4", required=True,
              help="Last 4 characters of the claimant's ID (Q3).")
@click.option("--description", required=True,
              help="The claimant's own description of the item (Q3).")
@output
@pass_ctx
def claim(ctx: Ctx, number: str, claimant: str, id_last4: str, description: str) -> None:
    """The owner claims the item with an ID and a description of it (Q3)."""
    ctx.recorded(ctx.office.found.claim(number, claimant=claimant, id_last4_=id_last4,
                                        description=description, at=ctx.at))


@found.command("dispose")
@click.argument("number")
@output
@pass_ctx
def dispose(ctx: Ctx, number: str) -> None:
    """Hand an item unclaimed for 3 months to the company for disposal (Q3)."""
    ctx.recorded(ctx.office.found.dispose(number, ctx.at))


@click.command("found")
@click.option("--date", metavar="YYYY-MM-DD", help="One office-local day (default today).")
@click.option("--month", metavar="YYYY-MM", help="A whole month.")
@output
@pass_ctx
def found_register(ctx: Ctx, date: str | None, month: str | None) -> None:
    """拾遗物品登记表 — items found, notices, claims and disposals (Q3)."""
    from propsvc.commands.register import show_register

    data = ctx.read.found(date, month)
    show_register(ctx, "found", data, data["register"])


add_reads(found, "found", "NUMBER")
