"""``propsvc reno``: renovation from application to deposit refund (N1–N10)."""

from __future__ import annotations

import click

from propsvc.cli import Ctx, pass_ctx
from propsvc.commands.common import done

PHASES = click.Choice(["plumbing-electrical", "carpentry-plaster", "tiling-flooring",
                       "installation"])
DOCS = click.Choice(["certificate", "contract", "licence", "worker-ids", "drawings", "plan",
                     "worker-photos"])
CHECKS = click.Choice(["smart-systems", "heating-pressure", "closed-water"])
KINDS = click.Choice(["general", "illegal-structure", "hazardous-materials", "hot-work",
                      "no-extinguisher", "materials-out"])


@click.group()
def reno() -> None:
    """Renovation permits, inspections, violations and deposit refunds (N1–N10)."""


@reno.command("apply")
@click.option("--unit", "unit_", required=True, help="Building-unit-room (N1).")
@click.option("--contractor", required=True, help="The renovation contractor (N1).")
@click.option("--scope", required=True, help="Scope of works, drawings and plan (N1).")
@click.option("--from", "start", required=True, metavar="YYYY-MM-DD", help="Planned start.")
@click.option("--to", "end", required=True, metavar="YYYY-MM-DD", help="Planned end.")
@click.option("--doc", "docs", multiple=True, type=DOCS,
              help="A copy attached; repeat (certificate, contract, licence, worker-ids).")
@click.option("--owner", help="The owner applying.")
@click.option("--worker", "workers", multiple=True,
              help="A worker named on the application (gets a pass, N4); repeat.")
@pass_ctx
def apply(ctx: Ctx, unit_: str, contractor: str, scope: str, start: str, end: str,
          docs: tuple[str, ...], owner: str | None, workers: tuple[str, ...]) -> None:
    """Record a renovation application; refused with the missing copies listed (N1)."""
    from propsvc.calendar import parse_date

    done(ctx, ctx.runtime.reno.apply(unit_=unit_, contractor=contractor, scope=scope,
                                     start=parse_date(start), end=parse_date(end),
                                     documents=list(docs), owner=owner,
                                     workers=list(workers), at=ctx.at))


@reno.command("pre-inspect")
@click.argument("number")
@click.option("--failed", multiple=True, type=CHECKS, help="A check that failed; repeat.")
@click.option("--note", help="What the inspection found (N2).")
@pass_ctx
def pre_inspect(ctx: Ctx, number: str, failed: tuple[str, ...], note: str | None) -> None:
    """Second inspection: smart systems, heating pressure, closed water (N2)."""
    done(ctx, ctx.runtime.reno.pre_inspect(number, list(failed), note, ctx.at))


@reno.command("review")
@click.argument("number")
@click.option("--approve/--reject", "approve", required=True, help="Engineering's verdict.")
@click.option("--reason", help="Required for a rejection: told to the owner (N3).")
@pass_ctx
def review(ctx: Ctx, number: str, approve: bool, reason: str | None) -> None:
    """Engineering reviews the plan (N3; --role engineering)."""
    done(ctx, ctx.runtime.reno.review(number, approve, reason, ctx.at))


@reno.command("sign")
@click.argument("number")
@pass_ctx
def sign(ctx: Ctx, number: str) -> None:
    """The manager signs the approved plan (N3; --role manager)."""
    done(ctx, ctx.runtime.reno.sign(number, ctx.at))


@reno.command("agreement")
@click.argument("number")
@pass_ctx
def agreement(ctx: Ctx, number: str) -> None:
    """The renovation agreement is signed (N4)."""
    done(ctx, ctx.runtime.reno.agreement(number, ctx.at))


@reno.command("pay-deposit")
@click.argument("number")
@click.option("--amount", required=True, help="The renovation deposit (N4).")
@click.option("--fee", help="Management fees paid with it.")
@pass_ctx
def pay_deposit(ctx: Ctx, number: str, amount: str, fee: str | None) -> None:
    """Fees and the deposit are paid (N4)."""
    done(ctx, ctx.runtime.reno.pay_deposit(number, amount, fee, ctx.at))


@reno.command("permit")
@click.argument("number")
@click.option("--worker", "workers", multiple=True,
              help="A worker who gets a numbered pass; repeat (default: the application's).")
@pass_ctx
def permit(ctx: Ctx, number: str, workers: tuple[str, ...]) -> None:
    """Issue the permit, the materials pass and numbered worker passes (N4)."""
    done(ctx, ctx.runtime.reno.permit(number, list(workers), ctx.at))


@reno.command("phase")
@click.argument("number")
@click.option("--phase", required=True, type=PHASES, help="The phase the works enter (N5).")
@click.option("--install-at", metavar="TIME", help="Installation time (installation phase).")
@pass_ctx
def phase(ctx: Ctx, number: str, phase: str, install_at: str | None) -> None:
    """Enter a phase; its inspection frequency sets the next inspection deadline (N5)."""
    done(ctx, ctx.runtime.reno.phase(number, phase, ctx.time(install_at), ctx.at))


@reno.command("inspect")
@click.argument("number")
@click.option("--result", required=True, type=click.Choice(["ok", "violation"]))
@click.option("--note", help="What was seen (required for a violation).")
@pass_ctx
def inspect(ctx: Ctx, number: str, result: str, note: str | None) -> None:
    """Record an inspection; a violation stops the work (N5, N6)."""
    done(ctx, ctx.runtime.reno.inspect(number, result, note, ctx.at))


@reno.command("violation")
@click.argument("number")
@click.option("--note", help="What was found (N6).")
@click.option("--serious", is_flag=True,
              help="Serious: passes confiscated, workers removed, authorities told.")
@click.option("--kind", type=KINDS, default="general", show_default=True,
              help="illegal-structure needs engineering's confirmation (N7).")
@pass_ctx
def violation(ctx: Ctx, number: str, note: str | None, serious: bool, kind: str) -> None:
    """Stop and record a violation (N6, N7)."""
    done(ctx, ctx.runtime.reno.violation(number, note, serious, kind, ctx.at))


@reno.command("materials")
@click.argument("number")
@click.option("--in", "direction", flag_value="in", help="Materials coming in.")
@click.option("--out", "direction", flag_value="out", help="Materials leaving.")
@click.option("--items", required=True, help="What is moved.")
@click.option("--hazardous", is_flag=True, help="Bulk flammable/explosive/toxic (refused in).")
@click.option("--owner-confirmed", metavar="OWNER", help="The owner who confirmed (out).")
@pass_ctx
def materials(ctx: Ctx, number: str, direction: str | None, items: str, hazardous: bool,
              owner_confirmed: str | None) -> None:
    """Materials in or out on the materials pass (N7)."""
    done(ctx, ctx.runtime.reno.materials(number, direction or "", items, hazardous,
                                         owner_confirmed, ctx.at))


@reno.command("resolve")
@click.argument("number")
@click.option("--note", required=True, help="How it was put right.")
@click.option("--violation", "which", type=int, help="Which violation (default: oldest).")
@pass_ctx
def resolve(ctx: Ctx, number: str, note: str, which: int | None) -> None:
    """A violation was put right; work may resume (N6)."""
    done(ctx, ctx.runtime.reno.resolve(number, note, which, ctx.at))


@reno.command("extend")
@click.argument("number")
@click.option("--to", "to", required=True, metavar="YYYY-MM-DD", help="New planned end.")
@click.option("--signed-by", required=True,
              help="owner,maintenance-supervisor,security-supervisor (all three, N8).")
@click.option("--reason", help="Why more time is needed (N8).")
@pass_ctx
def extend(ctx: Ctx, number: str, to: str, signed_by: str, reason: str | None) -> None:
    """Grant an extension (延时施工申请, N8)."""
    from propsvc.calendar import parse_date

    done(ctx, ctx.runtime.reno.extend(number, parse_date(to), signed_by, reason, ctx.at))


@reno.command("accept")
@click.argument("number")
@click.option("--initial", "stage", flag_value="initial", help="Initial acceptance (N9).")
@click.option("--final", "stage", flag_value="final", help="Re-inspection passed (N9).")
@pass_ctx
def accept(ctx: Ctx, number: str, stage: str | None) -> None:
    """Accept the finished works: initial, then final (N9)."""
    done(ctx, ctx.runtime.reno.accept(number, stage or "", ctx.at))


@reno.command("return-passes")
@click.argument("number")
@click.option("--count", required=True, type=int, help="Passes handed back, all at once.")
@pass_ctx
def return_passes(ctx: Ctx, number: str, count: int) -> None:
    """All passes come back at once, counted against the pass register (N9)."""
    done(ctx, ctx.runtime.reno.return_passes(number, count, ctx.at))


@reno.command("refund")
@click.argument("number")
@pass_ctx
def refund(ctx: Ctx, number: str) -> None:
    """Deposit refund: --role manager signs it, then --role cashier pays it (N9)."""
    done(ctx, ctx.runtime.reno.refund(number, ctx.at))


@reno.command("spot-check")
@click.argument("number")
@click.option("--note", help="What the manager saw (N10).")
@pass_ctx
def spot_check(ctx: Ctx, number: str, note: str | None) -> None:
    """The manager's spot-check of a renovating unit (N10; --role manager)."""
    done(ctx, ctx.runtime.reno.spot_check(number, note, ctx.at))


@reno.command("history")
@click.argument("number")
@pass_ctx
def history(ctx: Ctx, number: str) -> None:
    """Every event of one renovation, with business and recorded time."""
    from propsvc.aggregates.renovation import reno_id
    from propsvc.commands.common import history as show
    from propsvc.desks.renovation import RenoDesk

    number = RenoDesk.number(number)
    show(ctx, reno_id(ctx.office, number), f"renovation {number}")


@reno.command("show")
@click.argument("number")
@pass_ctx
def show(ctx: Ctx, number: str) -> None:
    """A renovation's stage, passes, violations, inspections due and keys out."""
    from propsvc.views.custody import render_view, reno_view

    rt = ctx.runtime
    rt.require_existing()
    view = reno_view(rt.reno.load(number), rt.clock.now())
    ctx.emit(view, lambda v: render_view(f"renovation {v['number']}", v, ctx.calendar))
