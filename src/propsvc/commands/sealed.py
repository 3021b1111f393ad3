"""``propsvc register after-closing``: a closed month's seal, and the entries recorded
into it after it was closed (they appear in the next open month's registers as 补录)."""

from __future__ import annotations

from typing import Any

import click

from propsvc.commands.context import Ctx, output, pass_ctx, read_options


@click.command("after-closing")
@click.option("--month", metavar="YYYY-MM", required=True, help="The closed month.")
@read_options
@output
@pass_ctx
def after_closing(ctx: Ctx, month: str) -> None:
    """A closed month's seal and what was entered into it after closing (补录)."""
    from propsvc.views.sealed import render_after_closing

    data: dict[str, Any] = ctx.read.sealed_month(month)
    ctx.emit(data, lambda d: render_after_closing(d, ctx.calendar))
