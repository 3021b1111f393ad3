"""``propsvc whatif``: a month's deadlines replayed under another SOP profile, in memory."""

from __future__ import annotations

import click

from propsvc.commands.context import Ctx, output, pass_ctx


@click.command()
@click.option("--profile", "other", required=True, metavar="OTHER.toml",
              help="The profile to replay the month under.")
@click.option("--month", metavar="YYYY-MM", help="The month (default this month).")
@click.option("--office", "office", metavar="CODE",
              help="The office (default: the global --office).")
@output
@pass_ctx
def whatif(ctx: Ctx, other: str, month: str | None, office: str | None) -> None:
    """Replay a month's deadlines under another profile, in memory: compliance per rule."""
    from propsvc.profile import load_profile
    from propsvc.views.whatif import render_whatif

    if office:
        ctx.office_code = office
    profile = load_profile(other, ctx.office_code)
    ctx.emit(ctx.read.what_if(profile, month), render_whatif)
