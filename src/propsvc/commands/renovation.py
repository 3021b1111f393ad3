"""``propsvc reno``: renovation from application to deposit refund (N1–N10), the day
lists (inspections due, spot-checks) and the renovation registers (装修登记, 施工证登记表,
延时施工申请)."""

from __future__ import annotations

from typing import Any

import click

from propsvc.commands.context import Ctx, as_of_options, output, pass_ctx, read_options
from propsvc.i18n import _
from propsvc.vocabulary import (
    DOCUMENTS,
    INSPECTION_RESULTS,
    PHASES,
    PRE_CHECKS,
    RENOVATION_STATUSES,
    VIOLATION_KINDS,
)


@click.group()
def reno() -> None:
    """Renovation permits, inspections, violations and deposit refunds (N1–N10)."""


@reno.command("apply")
@click.option("--unit", "unit_", required=True, help="Building-unit-room (N1).")
@click.option("--contractor", required=True, help="The renovation contractor (N1).")
@click.option("--scope", required=True, help="Scope of works, drawings and plan (N1).")
@click.option("--from", "start", required=True, metavar="YYYY-MM-DD", help="Planned start.")
@click.option("--to", "end", required=True, metavar="YYYY-MM-DD", help="Planned end.")
@click.option("--doc", "docs", multiple=True, type=click.Choice(DOCUMENTS.codes),
              help="A copy attached; repeat (certificate, contract, licence, worker-ids).")
@click.option("--owner", help="The owner applying.")
@click.option("--worker", "workers", multiple=True,
              help="A worker named on the application (gets a pass, N4); repeat.")
@output
@pass_ctx
def apply(ctx: Ctx, unit_: str, contractor: str, scope: str, start: str, end: str,
          docs: tuple[str, ...], owner: str | None, workers: tuple[str, ...]) -> None:
    """Record a renovation application; refused with the missing copies listed (N1)."""
    from propsvc.calendar import parse_date

    ctx.recorded(ctx.office.renovations.apply(unit_=unit_, contractor=contractor, scope=scope,
                                     start=parse_date(start), end=parse_date(end),
                                     documents=list(docs), owner=owner,
                                     workers=list(workers), at=ctx.at))


@reno.command("pre-inspect")
@click.argument("number")
@click.option("--failed", multiple=True, type=click.Choice(PRE_CHECKS.codes),
              help="A check that failed; repeat.")
@click.option("--note", help="What the inspection found (N2).")
@output
@pass_ctx
def pre_inspect(ctx: Ctx, number: str, failed: tuple[str, ...], note: str | None) -> None:
    """Second inspection: smart systems, heating pressure, closed water (N2)."""
    ctx.recorded(ctx.office.renovations.pre_inspect(number, list(failed), note, ctx.at))


@reno.command("review")
@click.argument("number")
@click.option("--approve/--reject", "approve", required=True, help="Engineering's verdict.")
@click.option("--reason", help="Required for a rejection: told to the owner (N3).")
@output
@pass_ctx
def review(ctx: Ctx, number: str, approve: bool, reason: str | None) -> None:
    """Engineering reviews the plan (N3; --role engineering)."""
    ctx.recorded(ctx.office.renovations.review(number, approve, reason, ctx.at))


@reno.command("sign")
@click.argument("number")
@output
@pass_ctx
def sign(ctx: Ctx, number: str) -> None:
    """The manager signs the approved plan (N3; --role manager)."""
    ctx.recorded(ctx.office.renovations.sign(number, ctx.at))


@reno.command("agreement")
@click.argument("number")
@output
@pass_ctx
def agreement(ctx: Ctx, number: str) -> None:
    """The renovation agreement is signed (N4)."""
    ctx.recorded(ctx.office.renovations.agreement(number, ctx.at))


@reno.command("pay-deposit")
@click.argument("number")
@click.option("--amount", required=True, help="The renovation deposit (N4).")
@click.option("--fee", help="Management fees paid with it.")
@output
@pass_ctx
def pay_deposit(ctx: Ctx, number: str, amount: str, fee: str | None) -> None:
    """Fees and the deposit are paid (N4)."""
    ctx.recorded(ctx.office.renovations.pay_deposit(number, amount, fee, ctx.at))


@reno.command("permit")
@click.argument("number")
@click.option("--worker", "workers", multiple=True,
              help="A worker who gets a numbered pass; repeat (default: the application's).")
@output
@pass_ctx
def permit(ctx: Ctx, number: str, workers: tuple[str, ...]) -> None:
    """Issue the permit, the materials pass and numbered worker passes (N4)."""
    ctx.recorded(ctx.office.renovations.permit(number, list(workers), ctx.at))


@reno.command("phase")
@click.argument("number")
@click.option("--phase", required=True, type=click.Choice(PHASES.codes),
              help="The phase the works enter (N5).")
@click.option("--install-at", metavar="TIME", help="Installation time (installation phase).")
@output
@pass_ctx
def phase(ctx: Ctx, number: str, phase: str, install_at: str | None) -> None:
    """Enter a phase; its inspection frequency sets the next inspection deadline (N5)."""
    ctx.recorded(ctx.office.renovations.phase(number, phase, ctx.time(install_at), ctx.at))


@reno.command("inspect")
@click.argument("number")
@click.option("--result", required=True, type=click.Choice(INSPECTION_RESULTS.codes))
@click.option("--note", help="What was seen (required for a violation).")
@output
@pass_ctx
def inspect(ctx: Ctx, number: str, result: str, note: str | None) -> None:
    """Record an inspection; a violation stops the work (N5, N6)."""
    ctx.recorded(ctx.office.renovations.inspect(number, result, note, ctx.at))


@reno.command("violation")
@click.argument("number")
@click.option("--note", help="What was found (N6).")
@click.option("--serious", is_flag=True,
              help="Serious: passes confiscated, workers removed, authorities told.")
@click.option("--kind", type=click.Choice(VIOLATION_KINDS.codes), default="general",
              show_default=True,
              help="illegal-structure needs engineering's confirmation (N7).")
@output
@pass_ctx
def violation(ctx: Ctx, number: str, note: str | None, serious: bool, kind: str) -> None:
    """Stop and record a violation (N6, N7)."""
    ctx.recorded(ctx.office.renovations.violation(number, note, serious, kind, ctx.at))


@reno.command("materials")
@click.argument("number")
@click.option("--in", "direction", flag_value="in", help="Materials coming in.")
@click.option("--out", "direction", flag_value="out", help="Materials leaving.")
@click.option("--items", required=True, help="What is moved.")
@click.option("--hazardous", is_flag=True, help="Bulk flammable/explosive/toxic (refused in).")
@click.option("--owner-confirmed", metavar="OWNER", help="The owner who confirmed (out).")
@output
@pass_ctx
def materials(ctx: Ctx, number: str, direction: str | None, items: str, hazardous: bool,
              owner_confirmed: str | None) -> None:
    """Materials in or out on the materials pass (N7)."""
    ctx.recorded(ctx.office.renovations.materials(number, direction or "", items, hazardous,
                                         owner_confirmed, ctx.at))


@reno.command("resolve")
@click.argument("number")
@click.option("--note", required=True, help="How it was put right.")
@click.option("--violation", "which", type=int, help="Which violation (default: oldest).")
@output
@pass_ctx
def resolve(ctx: Ctx, number: str, note: str, which: int | None) -> None:
    """A violation was put right; work may resume (N6)."""
    ctx.recorded(ctx.office.renovations.resolve(number, note, which, ctx.at))


@reno.command("extend")
@click.argument("number")
@click.option("--to", "to", required=True, metavar="YYYY-MM-DD", help="New planned end.")
@click.option("--signed-by", required=True,
              help="Each signer as ROLE=NAME: owner=…,maintenance-supervisor=…,"
                   "security-supervisor=… (all three, N8).")
@click.option("--reason", help="Why more time is needed (N8).")
@output
@pass_ctx
def extend(ctx: Ctx, number: str, to: str, signed_by: str, reason: str | None) -> None:
    """Grant an extension (延时施工申请, N8)."""
    from propsvc.calendar import parse_date

    ctx.recorded(ctx.office.renovations.extend(number, parse_date(to), signed_by, reason, ctx.at))


@reno.command("accept")
@click.argument("number")
@click.option("--initial", "stage", flag_value="initial", help="Initial acceptance (N9).")
@click.option("--final", "stage", flag_value="final", help="Re-inspection passed (N9).")
@output
@pass_ctx
def accept(ctx: Ctx, number: str, stage: str | None) -> None:
    """Accept the finished works: initial, then final (N9)."""
    ctx.recorded(ctx.office.renovations.accept(number, stage or "", ctx.at))


@reno.command("return-passes")
@click.argument("number")
@click.option("--count", required=True, type=int, help="Passes handed back, all at once.")
@output
@pass_ctx
def return_passes(ctx: Ctx, number: str, count: int) -> None:
    """All passes come back at once, counted against the pass register (N9)."""
    ctx.recorded(ctx.office.renovations.return_passes(number, count, ctx.at))


@reno.command("refund")
@click.argument("number")
@output
@pass_ctx
def refund(ctx: Ctx, number: str) -> None:
    """Deposit refund: --role manager signs it, then --role cashier pays it (N9)."""
    ctx.recorded(ctx.office.renovations.refund(number, ctx.at))


@reno.command("deduct")
@click.argument("number")
@click.option("--amount", required=True, help="The amount kept back from the deposit (N9).")
@click.option("--reason", required=True, help="Why: damage, cleaning, a fine (N9).")
@output
@pass_ctx
def deduct(ctx: Ctx, number: str, amount: str, reason: str) -> None:
    """Keep part of the deposit back; the refund is the rest (N9; --role manager)."""
    ctx.recorded(ctx.office.renovations.deduct(number, amount, reason, ctx.at))


@reno.command("reissue-passes")
@click.argument("number")
@click.option("--worker", "workers", multiple=True, required=True,
              help="A worker allowed back (one new numbered pass each); repeat.")
@output
@pass_ctx
def reissue_passes(ctx: Ctx, number: str, workers: tuple[str, ...]) -> None:
    """New worker passes once the violation is put right and work resumes (N6)."""
    ctx.recorded(ctx.office.renovations.reissue_passes(number, list(workers), ctx.at))


@reno.command("spot-check")
@click.argument("number")
@click.option("--note", help="What the manager saw (N10).")
@output
@pass_ctx
def spot_check(ctx: Ctx, number: str, note: str | None) -> None:
    """The manager's spot-check of a renovating unit (N10; --role manager)."""
    ctx.recorded(ctx.office.renovations.spot_check(number, note, ctx.at))


@reno.command("history")
@click.argument("number")
@as_of_options
@output
@pass_ctx
def history(ctx: Ctx, number: str, as_of: str | None, as_known_at: str | None) -> None:
    """Every event of one renovation, with business and recorded time."""
    from propsvc.views.common import render_history

    ctx.emit(ctx.read.renovation_history(number, ctx.time(as_of), ctx.time(as_known_at)),
             lambda r: render_history(r, ctx.calendar))


@reno.command("show")
@click.argument("number")
@as_of_options
@output
@pass_ctx
def show(ctx: Ctx, number: str, as_of: str | None, as_known_at: str | None) -> None:
    """A renovation's stage, passes, violations, inspections due and keys out."""
    from propsvc.views.common import render_state

    ctx.emit(ctx.read.renovation(number, ctx.time(as_of), ctx.time(as_known_at)),
             lambda v: render_state(_("renovation {number}", number=v["number"]), v,
                                    ctx.calendar))


def _day_list(ctx: Ctx, data: dict[str, Any], columns: list[tuple[str, str]]) -> None:
    from propsvc.views.common import render_rows

    ctx.emit(data, lambda d: render_rows(d["register"], d["rows"], columns, ctx.calendar))


@reno.command("find")
@click.argument("text", required=False)
@click.option("--unit", help="The unit (or its start, e.g. 3-2).")
@click.option("--status", type=click.Choice(RENOVATION_STATUSES.codes), help="Only in it.")
@output
@pass_ctx
def find(ctx: Ctx, text: str | None, unit: str | None, status: str | None) -> None:
    """Find renovations by unit, number, owner or contractor (TEXT matches the start)."""
    from propsvc.views.common import render_rows

    rows = ctx.read.find_renovations(unit, text, status)
    ctx.emit(rows, lambda r: render_rows("装修查找", r, [
        ("number", "编号"), ("unit", "房号"), ("owner", "业主"), ("contractor", "施工单位"),
        ("status", "状态"), ("phase", "阶段"), ("planned_from", "计划开工"),
        ("planned_to", "计划完工"), ("final_at", "复验")], ctx.calendar))


@reno.command("due-inspections")
@click.option("--date", metavar="YYYY-MM-DD", help="Office-local day (default today).")
@output
@pass_ctx
def due_inspections(ctx: Ctx, date: str | None) -> None:
    """Inspections due by the end of a day, overdue ones first (N5)."""
    _day_list(ctx, ctx.read.due_inspections(date, ctx.at), [
        ("number", "装修编号"), ("unit", "房号"), ("phase", "阶段"), ("label", "事项"),
        ("due_at", "应巡查"), ("overdue", "已逾期"), ("missed", "已记录漏查")])


@reno.command("spot-checks")
@click.option("--date", metavar="YYYY-MM-DD", help="Office-local day (default today).")
@output
@pass_ctx
def spot_checks(ctx: Ctx, date: str | None) -> None:
    """The manager's daily spot-check list of renovating units (N10)."""
    _day_list(ctx, ctx.read.spot_checks(date), [
        ("number", "装修编号"), ("unit", "房号"), ("contractor", "施工单位"),
        ("phase", "阶段"), ("open_violations", "未整改违规"), ("checked", "已抽查")])


@click.command("renovations")
@click.option("--status", type=click.Choice(RENOVATION_STATUSES.codes),
              help="Only this status (or 'active' for works in progress).")
@read_options
@output
@pass_ctx
def renovations(ctx: Ctx, status: str | None) -> None:
    """装修登记 — every renovation and where it stands (N1–N10)."""
    from propsvc.commands.register import show_register

    show_register(ctx, "renovations", ctx.read.renovations(status))


@click.command("passes")
@click.option("--renovation", metavar="NUMBER", help="Only this renovation's passes.")
@read_options
@output
@pass_ctx
def passes(ctx: Ctx, renovation: str | None) -> None:
    """施工证登记表 — numbered passes and whether they came back (N4, N6, N9)."""
    from propsvc.commands.register import show_register

    show_register(ctx, "passes", ctx.read.passes(renovation))


@click.command("extensions")
@read_options
@output
@pass_ctx
def extension_list(ctx: Ctx) -> None:
    """延时施工申请 — extensions granted and who signed them (N8)."""
    from propsvc.commands.register import show_register

    show_register(ctx, "extensions", ctx.read.extensions())
