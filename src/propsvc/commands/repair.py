"""``propsvc repair``: the repair SOP from work order to fee collection (R2–R11), and
the repair registers under ``propsvc register`` (R1–R15)."""

from __future__ import annotations

import click

from propsvc.commands.context import Ctx, output, pass_ctx, read_options
from propsvc.vocabulary import ESCALATION_TARGETS


@click.group()
def repair() -> None:
    """Work orders, arrival, assessment, fees, materials, completion (R2–R11)."""


@repair.command("order")
@click.argument("number")
@click.option("--technician", required=True, help="Who takes the work order (R3).")
@output
@pass_ctx
def order(ctx: Ctx, number: str, technician: str) -> None:
    """Issue the work order (维修单) to a technician (R3: within 5 min of the call)."""
    ctx.recorded(ctx.office.repairs.order(number, technician, ctx.at))


@repair.command("arrive")
@click.argument("number")
@click.option("--technician", help="If someone else than the work order's technician came.")
@output
@pass_ctx
def arrive(ctx: Ctx, number: str, technician: str | None) -> None:
    """The technician is on site (R4)."""
    ctx.recorded(ctx.office.repairs.arrive(number, technician, ctx.at))


@repair.command("assess")
@click.argument("number")
@output
@pass_ctx
def assess(ctx: Ctx, number: str) -> None:
    """Ask the team lead for a technical assessment (R5: back on site within 30 min)."""
    ctx.recorded(ctx.office.repairs.assess(number, ctx.at))


@repair.command("reassess-done")
@click.argument("number")
@output
@pass_ctx
def reassess_done(ctx: Ctx, number: str) -> None:
    """Assessment done, technician back on site (R5)."""
    ctx.recorded(ctx.office.repairs.reassess_done(number, ctx.at))


@repair.command("quote")
@click.argument("number")
@click.option("--amount", required=True, help="Total fee told to the owner (R2).")
@click.option("--items", required=True, help="Fee items as told to the owner (R2).")
@output
@pass_ctx
def quote(ctx: Ctx, number: str, amount: str, items: str) -> None:
    """Tell the owner the fee items and amount before work (R2)."""
    ctx.recorded(ctx.office.repairs.quote(number, amount, items, ctx.at))


@repair.command("accept-fee")
@click.argument("number")
@output
@pass_ctx
def accept_fee(ctx: Ctx, number: str) -> None:
    """Record the owner's consent to the quoted fee (R2)."""
    ctx.recorded(ctx.office.repairs.accept_fee(number, ctx.at))


@repair.command("start")
@click.argument("number")
@output
@pass_ctx
def start(ctx: Ctx, number: str) -> None:
    """The technician starts work (refused while a quoted fee is not accepted, R2)."""
    ctx.recorded(ctx.office.repairs.start(number, ctx.at))


@repair.command("materials")
@click.argument("number")
@click.option("--item", "items", multiple=True, required=True,
              help="名称,规格,型号,数量,单价 — repeat for each item (R6).")
@output
@pass_ctx
def materials(ctx: Ctx, number: str, items: tuple[str, ...]) -> None:
    """Itemise parts used on the work order for the owner to verify (R6)."""
    ctx.recorded(ctx.office.repairs.materials(number, list(items), ctx.at))


@repair.command("escalate")
@click.argument("number")
@click.option("--to", "to", required=True,
              type=click.Choice(ESCALATION_TARGETS.codes),
              help="Manager / engineering adviser / warranty contractor / insurer (R7).")
@click.option("--reason", required=True, help="Why (major fault, warranty, insured ...).")
@output
@pass_ctx
def escalate(ctx: Ctx, number: str, to: str, reason: str) -> None:
    """Report a major or complex fault upwards or outwards (R7)."""
    ctx.recorded(ctx.office.repairs.escalate(number, to, reason, ctx.at))


@repair.command("defer")
@click.argument("number")
@click.option("--measure", required=True, help="The temporary measure applied (R8).")
@click.option("--reason", required=True, help="Why it cannot be fixed now (R8).")
@click.option("--until", metavar="TIME",
              help="The new date for the fix: R11 chases from then (else the chases stay).")
@output
@pass_ctx
def defer(ctx: Ctx, number: str, measure: str, reason: str, until: str | None) -> None:
    """Cannot fix now: temporary measure, stays open on the daily report (R8)."""
    ctx.recorded(ctx.office.repairs.defer(number, measure, reason, ctx.at,
                                          until=ctx.time(until)))


@repair.command("pause")
@click.argument("number")
@click.option("--reason", required=True,
              help="What the job waits on: the owner (postponed visit, fee) or parts (R8).")
@output
@pass_ctx
def pause(ctx: Ctx, number: str, reason: str) -> None:
    """Waiting on the owner or on parts: the running deadlines stop (R8)."""
    ctx.recorded(ctx.office.repairs.pause(number, reason, ctx.at))


@repair.command("resume")
@click.argument("number")
@output
@pass_ctx
def resume(ctx: Ctx, number: str) -> None:
    """The wait is over: paused deadlines run again, due later by the pause (R8)."""
    ctx.recorded(ctx.office.repairs.resume(number, ctx.at))


@repair.command("complete")
@click.argument("number")
@click.option("--signed-by", required=True, help="Owner (or reporter/area staff) signing (R9).")
@click.option("--rating", required=True, type=int, help="Satisfaction 1–5 (R9).")
@output
@pass_ctx
def complete(ctx: Ctx, number: str, signed_by: str, rating: int) -> None:
    """Work done: the return slip is signed and rated (R9, R12)."""
    ctx.recorded(ctx.office.repairs.complete(number, signed_by, rating, ctx.at))


@repair.command("collect-fee")
@click.argument("number")
@click.option("--amount", required=True, help="Amount collected on site (R10).")
@output
@pass_ctx
def collect_fee(ctx: Ctx, number: str, amount: str) -> None:
    """Fee collected on site, noted on the work order, handed to the cashier (R10)."""
    ctx.recorded(ctx.office.repairs.collect_fee(number, amount, ctx.at))


@repair.command("chase")
@click.argument("number")
@click.option("--note", help="What was said.")
@output
@pass_ctx
def chase(ctx: Ctx, number: str, note: str | None) -> None:
    """Chase maintenance about an unfinished work order (R11; tick does it too)."""
    ctx.recorded(ctx.office.repairs.chase(number, note, ctx.at))


@repair.command("reopen")
@click.argument("number")
@click.option("--reason", required=True, help="What is still wrong (R12).")
@click.option("--appointment", metavar="TIME", help="The new visit booked (R12).")
@click.option("--urgent", is_flag=True,
              help="The reopened job is urgent (R4: on site within 15 min); default not.")
@output
@pass_ctx
def reopen(ctx: Ctx, number: str, reason: str, appointment: str | None, urgent: bool) -> None:
    """The owner reports it is still not fixed: book a new visit (R12)."""
    ctx.recorded(ctx.office.repairs.reopen(number, reason, ctx.time(appointment), ctx.at,
                                           urgent=urgent))


@click.command("repairs")
@click.option("--date", metavar="YYYY-MM-DD", help="One office-local day (default today).")
@click.option("--month", metavar="YYYY-MM", help="A whole month.")
@read_options
@output
@pass_ctx
def repairs(ctx: Ctx, date: str | None, month: str | None) -> None:
    """业主报修记录表 — every repair call of a day or month (R1–R15)."""
    from propsvc.commands.register import show_register

    show_register(ctx, "repairs", ctx.read.repair_register(date, month))


@click.command("daily-repairs")
@click.option("--date", metavar="YYYY-MM-DD", help="Office-local day (default today).")
@read_options
@output
@pass_ctx
def daily_repairs(ctx: Ctx, date: str | None) -> None:
    """维修日报表 — the day's repairs, in-home vs public area (R8, R15)."""
    from propsvc.views.repair import render_daily_repairs

    ctx.emit(ctx.read.daily_repairs(date), lambda d: render_daily_repairs(d, ctx.calendar))
