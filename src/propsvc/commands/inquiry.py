"""``propsvc inquiry``: answering inquiries (H4), and the inquiry register."""

from __future__ import annotations

import click

from propsvc.commands.context import Ctx, output, pass_ctx, read_options


@click.group()
def inquiry() -> None:
    """Inquiries (咨询): oral at once, written within 2 days (H4)."""


@inquiry.command("answer")
@click.argument("number")
@click.option("--text", required=True, help="The answer (written for a written inquiry).")
@click.option("--asked-supervisor", is_flag=True, help="Answered after asking the supervisor.")
@output
@pass_ctx
def answer(ctx: Ctx, number: str, text: str, asked_supervisor: bool) -> None:
    """Answer an inquiry (H4)."""
    ctx.recorded(ctx.office.inquiries.answer(number, text, asked_supervisor, ctx.at))


@click.command("inquiries")
@click.option("--month", metavar="YYYY-MM", help="A month (default this month).")
@read_options
@output
@pass_ctx
def inquiries(ctx: Ctx, month: str | None) -> None:
    """Inquiry register — oral and written inquiries and their answers (H4)."""
    from propsvc.commands.register import show_register

    show_register(ctx, "inquiries", ctx.read.inquiry_register(month))
