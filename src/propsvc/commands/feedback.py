"""``propsvc feedback``: information feedback on any ticket (F1–F3)."""

from __future__ import annotations

import click

from propsvc.commands.context import Ctx, output, pass_ctx


@click.group()
def feedback() -> None:
    """Pass a matter to its handler and answer back (信息反馈, F1–F3)."""


@feedback.command("refer")
@click.argument("number")
@click.option("--to", "to", required=True, metavar="DEPT", help="The handler (F1).")
@click.option("--needs-superior", is_flag=True,
              help="The superior must decide: report up within 2 h (F2).")
@output
@pass_ctx
def refer(ctx: Ctx, number: str, to: str, needs_superior: bool) -> None:
    """Issue a numbered work-contact slip to the handler (F1; reply within 24 h, F2)."""
    ctx.recorded(ctx.office.feedback.refer(number, to, needs_superior, ctx.at))


@feedback.command("report-up")
@click.argument("number")
@click.option("--note", help="What was put to the superior.")
@output
@pass_ctx
def report_up(ctx: Ctx, number: str, note: str | None) -> None:
    """The handler reported to the superior (F2: within 2 h)."""
    ctx.recorded(ctx.office.feedback.report_up(number, note, ctx.at))


@feedback.command("reply")
@click.argument("number")
@click.option("--text", required=True, help="The handler's answer to the desk (F2).")
@output
@pass_ctx
def reply(ctx: Ctx, number: str, text: str) -> None:
    """The handler answered the desk (F2)."""
    ctx.recorded(ctx.office.feedback.reply(number, text, ctx.at))


@feedback.command("answer")
@click.argument("number")
@click.option("--text", required=True, help="What the customer was told (F3).")
@output
@pass_ctx
def answer(ctx: Ctx, number: str, text: str) -> None:
    """The desk answered the customer (F3: 24 h, major matters 48 h)."""
    ctx.recorded(ctx.office.feedback.answer(number, text, ctx.at))
