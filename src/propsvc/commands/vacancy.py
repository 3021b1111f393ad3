"""``propsvc vacancy``: vacant units (空置房, Q4) and their registers."""

from __future__ import annotations

import click

from propsvc.commands.context import Ctx, output, pass_ctx
from propsvc.commands.service_reads import add_reads


@click.group()
def vacancy() -> None:
    """Vacant units: application, monthly inspection, end (Q4)."""


@vacancy.command("apply")
@click.option("--unit", "unit_", required=True, help="The vacant unit (Q4).")
@click.option("--from", "starts", required=True, metavar="YYYY-MM-DD",
              help="First day of the vacancy.")
@click.option("--to", "ends", required=True, metavar="YYYY-MM-DD",
              help="Last day (at least 3 months on, Q4).")
@click.option("--owner", help="The owner who applies.")
@output
@pass_ctx
def apply(ctx: Ctx, unit_: str, starts: str, ends: str, owner: str | None) -> None:
    """Register an owner's vacancy application; refused under 3 months (Q4)."""
    ctx.recorded(ctx.office.vacancy.apply(unit_=unit_, starts=starts, ends=ends, owner=owner,
                                          at=ctx.at))


@vacancy.command("inspect")
@click.option("--unit", "unit_", required=True, help="The vacant unit inspected (Q4).")
@click.option("--water", required=True, metavar="T", help="The month's water, in tonnes.")
@click.option("--power", required=True, metavar="KWH", help="The month's power, in kWh.")
@click.option("--note", help="What the inspection found.")
@output
@pass_ctx
def inspect(ctx: Ctx, unit_: str, water: str, power: str, note: str | None) -> None:
    """The monthly inspection; over 1 t or 5 kWh ends the vacancy as occupied (Q4)."""
    ctx.recorded(ctx.office.vacancy.inspect(unit_=unit_, water=water, power=power, note=note,
                                            at=ctx.at))


@vacancy.command("end")
@click.option("--unit", "unit_", required=True, help="The unit no longer vacant (Q4).")
@output
@pass_ctx
def end(ctx: Ctx, unit_: str) -> None:
    """End a vacancy: the reduced fee rate stops and the owner is told (Q4)."""
    ctx.recorded(ctx.office.vacancy.end(unit_=unit_, at=ctx.at))


@click.command("vacancies")
@output
@pass_ctx
def vacancies(ctx: Ctx) -> None:
    """空置房登记表 — every vacancy, its fee rate, inspections and end (Q4)."""
    from propsvc.commands.register import show_register

    show_register(ctx, "vacancies", ctx.read.vacancies())


@click.command("vacancy-inspections")
@click.option("--month", metavar="YYYY-MM", help="The month (default this month).")
@output
@pass_ctx
def vacancy_inspections(ctx: Ctx, month: str | None) -> None:
    """空置房巡查表 — every unit vacant in the month and its inspection (Q4)."""
    from propsvc.commands.register import show_register

    data = ctx.read.vacancy_inspections(month)
    show_register(ctx, "vacancy-inspections", data, data["register"])


add_reads(vacancy, "vacancy", "UNIT")
