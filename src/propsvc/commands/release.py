"""``propsvc release`` (物品放行, Q2) and the register 物品放行登记表."""

from __future__ import annotations

import click

from propsvc.commands.context import Ctx, output, pass_ctx
from propsvc.commands.service_reads import add_reads


@click.group()
def release() -> None:
    """Goods release: register, confirm fees, owner signs, out at the gate (Q2)."""


@release.command("apply")
@click.option("--unit", "unit_", required=True, help="The unit the goods leave (Q2).")
@click.option("--goods", required=True, help="What goes out, and how many (Q2).")
@click.option("--plate", required=True, help="The vehicle plate (Q2).")
@click.option("--driver", required=True, help="The driver's name (Q2).")
@click.option("--driver-id-last4", "driver_id_last4", required=True,
              help="Last 4 characters of the driver's ID (Q2).")
@click.option("--owner", help="The owner (or tenant) moving the goods out.")
@output
@pass_ctx
def apply(ctx: Ctx, unit_: str, goods: str, plate: str, driver: str, driver_id_last4: str,
          owner: str | None) -> None:
    """Register goods to go out: goods, vehicle plate and driver ID (Q2)."""
    ctx.recorded(ctx.office.release.apply(unit_=unit_, goods=goods, plate_=plate,
                                          driver=driver, driver_id_last4=driver_id_last4,
                                          owner=owner, at=ctx.at))


@release.command("confirm")
@click.argument("number")
@output
@pass_ctx
def confirm(ctx: Ctx, number: str) -> None:
    """The desk confirms the unit's fees are settled; refused while arrears are on record."""
    ctx.recorded(ctx.office.release.confirm(number, ctx.at))


@release.command("sign")
@click.argument("number")
@click.option("--signed-by", required=True, help="The owner who signs the slip (Q2).")
@output
@pass_ctx
def sign(ctx: Ctx, number: str, signed_by: str) -> None:
    """The owner signs the release slip (Q2)."""
    ctx.recorded(ctx.office.release.sign(number, signed_by=signed_by, at=ctx.at))


@release.command("out")
@click.argument("number")
@output
@pass_ctx
def out(ctx: Ctx, number: str) -> None:
    """Security lets the goods out; refused without confirmation and signature (Q2)."""
    ctx.recorded(ctx.office.release.out(number, ctx.at))


@click.command("releases")
@click.option("--date", metavar="YYYY-MM-DD", help="One office-local day (default today).")
@click.option("--month", metavar="YYYY-MM", help="A whole month.")
@output
@pass_ctx
def releases(ctx: Ctx, date: str | None, month: str | None) -> None:
    """物品放行登记表 — goods, plate, driver, fee confirmation, signature, out (Q2)."""
    from propsvc.commands.register import show_register

    data = ctx.read.releases(date, month)
    show_register(ctx, "releases", data, data["register"])


add_reads(release, "release", "NUMBER")
