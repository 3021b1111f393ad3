"""``propsvc office add|list``: the management offices this store serves."""

from __future__ import annotations

import click

from propsvc.commands.context import Ctx, output, pass_ctx
from propsvc.i18n import _


@click.group()
def office() -> None:
    """The registered management offices (an unknown --office is refused)."""


@office.command("add")
@click.argument("code")
@click.option("--name", required=True, help="The office's name (1–64 characters).")
@click.option("--timezone", "timezone", default=None,
              help="Its time zone (default: the profile's calendar.timezone).")
@output
@pass_ctx
def office_add(ctx: Ctx, code: str, name: str, timezone: str | None) -> None:
    """Register an office CODE (lower-case letters, digits, '-', '_'; up to 32)."""
    zone = timezone or ctx.office.profile.calendar.timezone
    row = ctx.office.records.add_office(code, name, zone, ctx.at)
    ctx.emit(row, lambda d: click.echo(_("office {code} registered: {name} ({zone})",
                                         code=code, name=name, zone=zone)))


@office.command("list")
@output
@pass_ctx
def office_list(ctx: Ctx) -> None:
    """Every registered office, in the order registered."""
    from propsvc.views.common import local, render_rows

    rows = ctx.office.records.offices()
    ctx.emit({"offices": rows}, lambda d: render_rows(_("offices (管理处)"), [
        {**r, "registered_at": local(ctx.calendar, r["registered_at"])} for r in d["offices"]], [
        ("code", "code"), ("name", "name"), ("timezone", "time zone"),
        ("registered_at", "registered"), ("registered_by", "by"), ("auto", "auto")],
        ctx.calendar))
