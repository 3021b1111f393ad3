"""Operations: tick, overdue, rebuild, profile, demo."""

from __future__ import annotations

from typing import Any

import click

from propsvc.cli import Ctx, pass_ctx


@click.command()
@click.option("--at", "at", metavar="TIME", help="Run as of this time (default now).")
@pass_ctx
def tick(ctx: Ctx, at: str | None) -> None:
    """Record every deadline missed up to now and chase/escalate (R11). Idempotent."""
    from propsvc.desks.tick import tick as run_tick
    from propsvc.views.common import console, local

    rt = ctx.runtime
    rt.require_existing()
    result = run_tick(rt, ctx.time(at) or ctx.at)

    def render(r: dict[str, Any]) -> None:
        out = console()
        out.print(f"tick at {local(ctx.calendar, r['at'])}: {len(r['missed'])} missed, "
                  f"{len(r['follow_ups'])} chases/escalations")
        for m in r["missed"]:
            out.print(f"  [red]{m['number']} {m['rule']} missed[/red] (due "
                      f"{local(ctx.calendar, m['due_at'])}, {m['minutes_late']} min late)")
        for f in r["follow_ups"]:
            out.print(f"  {f['number']} {f['action']} → {f['to']} ({f['rule']})")

    ctx.emit(result, render)


@click.command()
@pass_ctx
def overdue(ctx: Ctx) -> None:
    """Open deadlines past due, oldest first."""
    from propsvc.queries.repair import overdue as query
    from propsvc.views.common import render_rows

    rt = ctx.reader()
    now = rt.clock.now()
    if ctx.at is not None and ctx.at > now:
        from propsvc.errors import InvalidInput

        raise InvalidInput(f"overdue --at {ctx.at.isoformat()} is in the future "
                           f"(now {now.isoformat()}): nothing is overdue yet")
    rows = query(rt.read_engine, rt.office, ctx.at or now)
    ctx.emit(rows, lambda r: render_rows("overdue (逾期未办)", r, [
        ("number", "单号"), ("rule", "规则"), ("label", "事项"), ("due_at", "应完成"),
        ("minutes_overdue", "逾期(分钟)"), ("unit", "房号"), ("technician", "维修人员"),
        ("miss_recorded", "已记录")], ctx.calendar))


@click.command()
@pass_ctx
def rebuild(ctx: Ctx) -> None:
    """Drop every read model and rebuild it from the events (progress bar on a terminal)."""
    import sys
    import time

    from propsvc.permissions import permit

    permit(ctx.role, "rebuild")
    rt = ctx.runtime
    rt.require_existing()
    started = time.perf_counter()
    if sys.stderr.isatty() and not ctx.as_json:
        from rich.progress import Progress

        with Progress(transient=False) as bar:
            task = bar.add_task("rebuilding read models", total=None)
            count = rt.runner.rebuild(lambda done, total: bar.update(
                task, completed=done, total=total))
    else:
        count = rt.runner.rebuild()
    seconds = time.perf_counter() - started
    data = {"events": count, "seconds": round(seconds, 3),
            "events_per_second": round(count / seconds) if seconds else None,
            "projections": [p.name for p in rt.runner.projections],
            "stale": [{"projection": s.projection, "event_id": s.event_id, "topic": s.topic,
                       "originator_id": s.originator_id,
                       "originator_version": s.originator_version, "error": s.error}
                      for s in rt.runner.stale()]}
    ctx.emit(data, lambda d: click.echo(
        f"rebuilt {', '.join(d['projections'])} from {d['events']} events in "
        f"{d['seconds']} s"))
    for s in rt.runner.stale():
        click.echo(f"warning: {s.message()}", err=True)


@click.group()
def profile() -> None:
    """The SOP profile in force."""


@profile.command("show")
@pass_ctx
def profile_show(ctx: Ctx) -> None:
    """Every number of the R and V rules in force, with its rule ID."""
    from propsvc.profile import entries
    from propsvc.views.common import render_rows

    prof = ctx.runtime.profile
    rows = [{"key": e.key, "value": e.value, "rule": e.rule, "text": e.text}
            for e in entries(prof)]
    data = {"profile": prof.name, "office": ctx.office, "entries": rows}
    ctx.emit(data, lambda d: render_rows(f"SOP profile '{d['profile']}' ({d['office']})",
                                         d["entries"], [("rule", "rule"), ("key", "setting"),
                                                        ("value", "value"), ("text", "meaning")],
                                         ctx.calendar))


def _demo() -> click.Command:
    from propsvc.commands.demo import demo

    return demo


COMMANDS = [tick, overdue, rebuild, profile, _demo()]
