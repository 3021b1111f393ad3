"""``propsvc inquiry``: answering inquiries (H4)."""

from __future__ import annotations

import click

from propsvc.cli import Ctx, pass_ctx


@click.group()
def inquiry() -> None:
    """Inquiries (咨询): oral at once, written within 2 days (H4)."""


@inquiry.command("answer")
@click.argument("number")
@click.option("--text", required=True, help="The answer (written for a written inquiry).")
@click.option("--asked-supervisor", is_flag=True, help="Answered after asking the supervisor.")
@pass_ctx
def answer(ctx: Ctx, number: str, text: str, asked_supervisor: bool) -> None:
    """Answer an inquiry (H4)."""
    ctx.recorded(ctx.runtime.inquiry.answer(number, text, asked_supervisor, ctx.at))
