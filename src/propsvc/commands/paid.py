"""``propsvc paid``: paid services in full (有偿服务, Q1) and the register 有偿服务登记表."""

from __future__ import annotations

import click

from propsvc.commands.context import Ctx, output, pass_ctx
from propsvc.commands.service_reads import add_reads
from propsvc.vocabulary import PAID_DEPARTMENTS, VISIT_METHODS, VISIT_RESULTS


@click.group()
def paid() -> None:
    """Paid services: decide and quote, owner accepts, dispatch, complete, fee, visit (Q1)."""


@paid.command("request")
@click.option("--unit", "unit_", required=True, help="The unit asking (Q1).")
@click.option("--service", required=True, help="What the owner asks for (Q1).")
@click.option("--caller", help="Who asked.")
@click.option("--phone", help="The caller's phone.")
@output
@pass_ctx
def request(ctx: Ctx, unit_: str, service: str, caller: str | None, phone: str | None
            ) -> None:
    """Register a request for a paid service (Q1)."""
    ctx.recorded(ctx.office.paid.request(unit_=unit_, service=service, caller=caller,
                                         phone=phone, at=ctx.at))


@paid.command("decide")
@click.argument("number")
@click.option("--rate", metavar="CODE", help="Chargeable: the rate-table item (profile "
              "paid.rates).")
@click.option("--quantity", type=click.IntRange(1, 1000), default=1, show_default=True,
              help="How many of the rate's item.")
@click.option("--free", is_flag=True, help="Not chargeable (give --reason).")
@click.option("--reason", help="Why it is free.")
@click.option("--department", type=click.Choice(PAID_DEPARTMENTS.codes),
              help="Who does a free job (a rate names its own).")
@output
@pass_ctx
def decide(ctx: Ctx, number: str, rate: str | None, quantity: int, free: bool,
           reason: str | None, department: str | None) -> None:
    """Decide whether it is chargeable and quote the rate before dispatch (Q1)."""
    ctx.recorded(ctx.office.paid.decide(number, rate=rate, quantity=quantity, free=free,
                                        reason=reason, department=department, at=ctx.at))


@paid.command("accept")
@click.argument("number")
@click.option("--signed-by", required=True, help="The owner accepting the quote (Q1).")
@output
@pass_ctx
def accept(ctx: Ctx, number: str, signed_by: str) -> None:
    """The owner accepts the quote (Q1)."""
    ctx.recorded(ctx.office.paid.accept(number, signed_by=signed_by, at=ctx.at))


@paid.command("dispatch")
@click.argument("number")
@click.option("--to", "to", required=True, help="The technician or cleaner (Q1).")
@output
@pass_ctx
def dispatch(ctx: Ctx, number: str, to: str) -> None:
    """Dispatch: a repair work order or a cleaning order; refused before acceptance (Q1)."""
    ctx.recorded(ctx.office.paid.dispatch(number, to=to, at=ctx.at))


@paid.command("complete")
@click.argument("number")
@output
@pass_ctx
def complete(ctx: Ctx, number: str) -> None:
    """The work is done (a repair: its work order completed first) (Q1)."""
    ctx.recorded(ctx.office.paid.complete(number, ctx.at))


@paid.command("collect")
@click.argument("number")
@click.option("--amount", required=True, help="The fee collected (the accepted quote).")
@click.option("--cashier", required=True, help="The cashier it was handed to (Q1).")
@output
@pass_ctx
def collect(ctx: Ctx, number: str, amount: str, cashier: str) -> None:
    """Collect the fee after the work and hand it to the cashier (Q1)."""
    ctx.recorded(ctx.office.paid.collect(number, amount=amount, cashier=cashier, at=ctx.at))


@paid.command("visit")
@click.argument("number")
@click.option("--method", required=True, type=click.Choice(VISIT_METHODS.codes),
              help="How the visit was made.")
@click.option("--result", required=True, type=click.Choice(VISIT_RESULTS.codes),
              help="What the owner said.")
@click.option("--note", help="The owner's comments.")
@output
@pass_ctx
def visit(ctx: Ctx, number: str, method: str, result: str, note: str | None) -> None:
    """The return visit after a paid service (V1; V2 counts it)."""
    ctx.recorded(ctx.office.paid.visit(number, method=method, result=result, note=note,
                                       at=ctx.at))


@click.command("paid")
@click.option("--date", metavar="YYYY-MM-DD", help="One office-local day (default today).")
@click.option("--month", metavar="YYYY-MM", help="A whole month.")
@output
@pass_ctx
def paid_register(ctx: Ctx, date: str | None, month: str | None) -> None:
    """有偿服务登记表 — quote, acceptance, dispatch, completion, fee and visit (Q1)."""
    from propsvc.commands.register import show_register

    data = ctx.read.paid(date, month)
    show_register(ctx, "paid", data, data["register"])


add_reads(paid, "paid", "NUMBER")
