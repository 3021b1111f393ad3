"""``show`` and ``history`` of the desk services' records (Q1–Q5): ``movein show
NUMBER``, ``paid history NUMBER``, ``vacancy show UNIT`` …, each with ``--as-of`` and
``--as-known-at``, over ``office.read.<family>_record`` / ``<family>_history``."""

from __future__ import annotations

from typing import Any

import click

from propsvc.commands.context import Ctx, as_of_options, output, pass_ctx
from propsvc.i18n import N_, _

# the record's name in a show's title (msgids): "move-in RZ-20261122-001"
TITLES = {"movein": N_("move-in {ref}"), "paid": N_("paid service {ref}"),
          "release": N_("goods release {ref}"), "found": N_("found item {ref}"),
          "vacancy": N_("vacant unit {ref}")}


def add_reads(group: click.Group, family: str, key: str = "NUMBER") -> None:
    """Add ``show`` and ``history`` to a family's group; ``key`` names the argument (the
    record's number, or the unit of a vacancy)."""
    what = "unit" if key == "UNIT" else "number"
    name = TITLES[family].split(" {")[0]

    @group.command("show", help=f"One {name}: its state now, --as-of a business time or "
                   "--as-known-at a recorded time.")
    @click.argument("ref", metavar=key)
    @as_of_options
    @output
    @pass_ctx
    def show(ctx: Ctx, ref: str, as_of: str | None, as_known_at: str | None) -> None:
        from propsvc.views.service_text import render_record

        view = getattr(ctx.read, f"{family}_record")(ref, ctx.time(as_of),
                                                     ctx.time(as_known_at))
        ctx.emit(view, lambda v: render_record(family, _(TITLES[family], ref=v[what]), v,
                                               ctx.calendar))

    @group.command("history", help=f"Every event of one {name}, with business and "
                   "recorded time.")
    @click.argument("ref", metavar=key)
    @as_of_options
    @output
    @pass_ctx
    def history(ctx: Ctx, ref: str, as_of: str | None, as_known_at: str | None) -> None:
        from propsvc.views.common import render_history

        rows: list[dict[str, Any]] = getattr(ctx.read, f"{family}_history")(
            ref, ctx.time(as_of), ctx.time(as_known_at))
        ctx.emit(rows, lambda r: render_history(r, ctx.calendar))
