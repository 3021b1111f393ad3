"""Operations: tick, overdue, rebuild, profile."""

from __future__ import annotations

import click

from propsvc.commands.context import Ctx, output, pass_ctx, read_options
from propsvc.commands.scope import office_option
from propsvc.i18n import _


@click.command()
@click.option("--at", "at", metavar="TIME", help="Run as of this time (default now).")
@output
@pass_ctx
def tick(ctx: Ctx, at: str | None) -> None:
    """Record every deadline missed up to now and chase/escalate (R11). Idempotent."""
    from propsvc.views.deadlines import render_tick

    ctx.office.backend.require_existing()  # cron on a wrong --db: say so, create nothing
    done = ctx.office.tick(ctx.time(at) or ctx.at)
    ctx.emit(done.view(), lambda r: render_tick(r, ctx.calendar))
    ctx.warn(done.warnings)


@click.command()
@read_options
@output
@office_option
@pass_ctx
def overdue(ctx: Ctx) -> None:
    """Open deadlines past due, oldest first."""
    from propsvc.views.deadlines import render_overdue

    ctx.emit(ctx.read.overdue(ctx.at), lambda r: render_overdue(r, ctx.calendar))


@click.command()
@output
@pass_ctx
def rebuild(ctx: Ctx) -> None:
    """Drop every read model and rebuild it from the events (progress bar on a terminal)."""
    from propsvc.commands.progress import progress
    from propsvc.permissions import permit

    permit(ctx.role, "rebuild")
    office = ctx.office
    with progress("rebuilding read models") as step:
        done = office.rebuild(step)
    data = {"events": done.events, "seconds": round(done.seconds, 3),
            "events_per_second": round(done.events / done.seconds) if done.seconds else None,
            "projections": done.projections,
            "stale": [{"projection": s.projection, "event_id": s.event_id, "topic": s.topic,
                       "originator_id": s.originator_id,
                       "originator_version": s.originator_version, "error": s.error}
                      for s in done.stale]}
    ctx.emit(data, lambda d: click.echo(
        _("rebuilt {value} from {events} events in {seconds} s",
          value=', '.join(d['projections']), events=d['events'], seconds=d['seconds'])))
    ctx.warn([s.message() for s in done.stale])


@click.group()
def profile() -> None:
    """The SOP profile in force."""


@profile.command("show")
@output
@pass_ctx
def profile_show(ctx: Ctx) -> None:
    """Every number of the R and V rules in force, with its rule ID."""
    from propsvc.views.common import render_rows, yes_no
    from propsvc.vocabulary import word

    def words(value: object) -> str:
        if isinstance(value, bool):
            return yes_no(value)
        if isinstance(value, list | tuple):
            return ", ".join(word("borrower_type", str(v)) for v in value)
        if isinstance(value, dict):  # the paid-service rate table (Q1): code and yuan
            return ", ".join(f"{k} {v}" for k, v in value.items())
        return str(value)

    ctx.emit(ctx.read.profile(), lambda d: render_rows(
        _("SOP profile '{profile}' ({office})", profile=d['profile'],
            office=d['office']),
        [{**e, "value": words(e["value"]), "text": _(e["text"])} for e in d["entries"]],
        [("rule", _("rule")), ("key", _("setting")), ("value", _("value")),
         ("text", _("meaning"))], ctx.calendar))


@click.command()
@click.argument("rule_id", metavar="[ID]", required=False)
@output
@pass_ctx
def rules(ctx: Ctx, rule_id: str | None) -> None:
    """Every SOP rule the engine enforces: its ID, what it says, the profile numbers in
    force and the scenarios that cover it."""
    from propsvc.views.rules import render_rules

    ctx.emit(ctx.read.rules(rule_id), render_rules)
