"""``propsvc incident``: special incidents (特别事件, I1–I4)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from propsvc.cli import Ctx, pass_ctx

if TYPE_CHECKING:
    from propsvc.desks.incident import IncidentOutcome

CATEGORIES = ["theft", "robbery", "fight", "homicide", "poisoning", "traffic-accident", "fire",
              "staff-misconduct", "protected-person", "flood", "building-defect",
              "facility-damage", "renovation-violation"]
PLAYBOOKS = ["crime-in-progress", "crime-fled", "fire", "protected-person"]


@click.group()
def incident() -> None:
    """Report special incidents, record playbook steps and the written report (I1–I4)."""


def _recorded(ctx: Ctx, outcome: IncidentOutcome) -> None:
    from propsvc.views.common import render_outcome

    ctx.runtime.catch_up()
    view = outcome.view()
    ctx.emit(view, lambda v: render_outcome(v, ctx.calendar))


@incident.command("report")
@click.option("--category", required=True, type=click.Choice(CATEGORIES), help="I1.")
@click.option("--place", required=True, help="Where it happened (I3).")
@click.option("--description", default=None, help="What happened (default: the category).")
@click.option("--happened-at", metavar="TIME", help="When it happened (default --at / now).")
@click.option("--phoned-at", metavar="TIME",
              help="A phone report went to the company first: written report in 36 h (I3).")
@click.option("--class", "incident_class", type=click.Choice(["security", "engineering"]),
              help="Override the class the category implies (I2).")
@click.option("--playbook", type=click.Choice(PLAYBOOKS), help="Emergency playbook (I4).")
@pass_ctx
def report(ctx: Ctx, category: str, place: str, description: str | None,
           happened_at: str | None, phoned_at: str | None, incident_class: str | None,
           playbook: str | None) -> None:
    """Report an incident: told up the line at once by class (I2), written report due (I3)."""
    _recorded(ctx, ctx.runtime.incident.report(
        category=category, place=place, description=description or category,
        happened_at=ctx.time(happened_at), phoned_at=ctx.time(phoned_at),
        playbook=playbook, incident_class=incident_class, at=ctx.at))


@incident.command("step")
@click.argument("number")
@click.option("--step", required=True, help="The playbook step done (I4).")
@click.option("--playbook", type=click.Choice(PLAYBOOKS),
              help="Needed when the incident has no playbook yet.")
@click.option("--note", help="What was done.")
@pass_ctx
def step(ctx: Ctx, number: str, step: str, playbook: str | None, note: str | None) -> None:
    """Record a playbook step as done, with time and actor (I4)."""
    _recorded(ctx, ctx.runtime.incident.step(number, step, playbook, note, ctx.at))


@incident.command("written-report")
@click.argument("number")
@click.option("--course", required=True, help="How it went (I3).")
@click.option("--outcome", "result", required=True, help="How it was resolved (I3).")
@pass_ctx
def written_report(ctx: Ctx, number: str, course: str, result: str) -> None:
    """File the written report to the company (I3: 24 h, or 36 h after a phone report)."""
    _recorded(ctx, ctx.runtime.incident.written_report(number, course, result, ctx.at))


@incident.command("show")
@click.argument("number")
@pass_ctx
def show(ctx: Ctx, number: str) -> None:
    """Who was told, the playbook checklist (done and pending) and the written report."""
    from typing import Any

    from propsvc.desks.incident import incident_view
    from propsvc.views.common import console, local

    rt = ctx.runtime
    rt.require_existing()
    view = incident_view(rt.incident.load(number), rt.clock.now())

    def render(v: dict[str, Any]) -> None:
        out = console()
        cal = ctx.calendar
        out.print(f"[bold]{v['number']}[/bold] {v['category']} ({v['class']}) at "
                  f"{v['place']}, happened {local(cal, v['happened_at'])}", markup=True)
        out.print("  told: " + ", ".join(t["to"] for t in v["told"]), markup=False)
        for s in v["steps"]:
            out.print(f"  ✔ {s['step']} {local(cal, s['at'])} by {s['by']}", markup=False)
        for s in v["pending_steps"]:
            out.print(f"  ☐ {s}", markup=False)
        for d in v["deadlines"]:
            flag = " MISSED" if d["missed"] else ""
            out.print(f"  {d['rule']} {d['label']} by {local(cal, d['due_at'])}: "
                      f"{d['state']}{flag}", markup=False)

    ctx.emit(view, render)
