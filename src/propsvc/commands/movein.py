"""``propsvc movein``: move-in (入住, Q5) from documents to the return visit, and the
register 业主入住登记表."""

from __future__ import annotations

import click

from propsvc.commands.context import Ctx, output, pass_ctx
from propsvc.commands.service_reads import add_reads
from propsvc.vocabulary import (
    MOVEIN_AGREEMENTS,
    MOVEIN_DOCUMENTS,
    MOVEIN_INSPECTION_RESULTS,
    SECOND_INSPECTION_CHECKS,
    VISIT_METHODS,
    VISIT_RESULTS,
)


@click.group()
def movein() -> None:
    """Move-in: documents, agreements, owner file, fees, keys, joint inspection (Q5)."""


@movein.command("start")
@click.option("--unit", "unit_", required=True, help="The unit moved into (Q5).")
@click.option("--owner", required=True, help="The owner moving in.")
@click.option("--phone", required=True, help="The owner's phone.")
@output
@pass_ctx
def start(ctx: Ctx, unit_: str, owner: str, phone: str) -> None:
    """Begin an owner's move-in (Q5)."""
    ctx.recorded(ctx.office.movein.start(unit_=unit_, owner=owner, phone=phone, at=ctx.at))


@movein.command("verify")
@click.argument("number")
@click.option("--doc", "docs", multiple=True, type=click.Choice(MOVEIN_DOCUMENTS.codes),
              help="A document seen; repeat for each (Q5).")
@output
@pass_ctx
def verify(ctx: Ctx, number: str, docs: tuple[str, ...]) -> None:
    """Record the documents seen; those still missing are listed (Q5)."""
    ctx.recorded(ctx.office.movein.verify(number, documents=list(docs), at=ctx.at))


@movein.command("sign")
@click.argument("number")
@click.option("--agreement", "agreements", multiple=True,
              type=click.Choice(MOVEIN_AGREEMENTS.codes),
              help="An agreement the owner signed; repeat for each (Q5).")
@output
@pass_ctx
def sign(ctx: Ctx, number: str, agreements: tuple[str, ...]) -> None:
    """The owner signs the agreements, once the documents are complete (Q5)."""
    ctx.recorded(ctx.office.movein.sign(number, agreements=list(agreements), at=ctx.at))


@movein.command("file")
@click.argument("number")
@click.option("--member", "members", multiple=True, help="A household member; repeat.")
@click.option("--vehicle", "vehicles", multiple=True, help="A vehicle plate; repeat.")
@click.option("--emergency-contact", help="Name and phone of an emergency contact.")
@output
@pass_ctx
def file(ctx: Ctx, number: str, members: tuple[str, ...], vehicles: tuple[str, ...],
         emergency_contact: str | None) -> None:
    """Fill in the owner file: members, vehicles, emergency contact (Q5)."""
    ctx.recorded(ctx.office.movein.file(number, members=list(members),
                                        vehicles=list(vehicles),
                                        emergency_contact=emergency_contact, at=ctx.at))


@movein.command("pay")
@click.argument("number")
@click.option("--amount", required=True, help="The amount paid, e.g. 3600.00.")
@output
@pass_ctx
def pay(ctx: Ctx, number: str, amount: str) -> None:
    """Record the move-in fees paid (Q5)."""
    ctx.recorded(ctx.office.movein.pay(number, amount=amount, at=ctx.at))


@movein.command("keys")
@click.argument("number")
@click.option("--count", required=True, type=click.IntRange(1, 50),
              help="How many keys the owner received.")
@output
@pass_ctx
def keys(ctx: Ctx, number: str, count: int) -> None:
    """Hand the unit's keys to the owner; the developer handed them over first (K6)."""
    ctx.recorded(ctx.office.movein.keys(number, count=count, at=ctx.at))


@movein.command("inspect")
@click.argument("number")
@click.option("--result", required=True, type=click.Choice(MOVEIN_INSPECTION_RESULTS.codes),
              help="ok, or defects found.")
@click.option("--defect", "defects", multiple=True,
              help="A defect; each opens a linked repair ticket. Repeat.")
@click.option("--check", "checks", multiple=True,
              type=click.Choice(SECOND_INSPECTION_CHECKS.codes),
              help="A check of the second inspection (二次验房); repeat.")
@output
@pass_ctx
def inspect(ctx: Ctx, number: str, result: str, defects: tuple[str, ...],
            checks: tuple[str, ...]) -> None:
    """The joint inspection; the second one after repairs is stricter (Q5)."""
    ctx.recorded(ctx.office.movein.inspect(number, result=result, defects=list(defects),
                                           checks=list(checks), at=ctx.at))


@movein.command("complete")
@click.argument("number")
@output
@pass_ctx
def complete(ctx: Ctx, number: str) -> None:
    """Complete the move-in; the return visit is due a month later (V1)."""
    ctx.recorded(ctx.office.movein.complete(number, ctx.at))


@movein.command("visit")
@click.argument("number")
@click.option("--method", required=True, type=click.Choice(VISIT_METHODS.codes),
              help="How the visit was made.")
@click.option("--result", required=True, type=click.Choice(VISIT_RESULTS.codes),
              help="What the owner said.")
@click.option("--note", help="The owner's comments.")
@output
@pass_ctx
def visit(ctx: Ctx, number: str, method: str, result: str, note: str | None) -> None:
    """The return visit after move-in (V1; V2 counts it against 100 %)."""
    ctx.recorded(ctx.office.movein.visit(number, method=method, result=result, note=note,
                                         at=ctx.at))


@click.command("moveins")
@click.option("--date", metavar="YYYY-MM-DD", help="One office-local day (default today).")
@click.option("--month", metavar="YYYY-MM", help="A whole month.")
@output
@pass_ctx
def moveins(ctx: Ctx, date: str | None, month: str | None) -> None:
    """业主入住登记表 — documents, agreements, file, fees, keys, inspection, visit (Q5)."""
    from propsvc.commands.register import show_register

    data = ctx.read.moveins(date, month)
    show_register(ctx, "moveins", data, data["register"])


add_reads(movein, "movein", "NUMBER")
