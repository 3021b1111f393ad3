"""``propsvc incident``: special incidents (特别事件, I1–I4), and their register."""

from __future__ import annotations

import click

from propsvc.commands.context import Ctx, as_of_options, output, pass_ctx, read_options
from propsvc.vocabulary import INCIDENT_CATEGORIES, INCIDENT_CLASSES, PLAYBOOKS


@click.group()
def incident() -> None:
    """Report special incidents, record playbook steps and the written report (I1–I4)."""


@incident.command("report")
@click.option("--category", required=True, type=click.Choice(INCIDENT_CATEGORIES.codes), help="I1.")
@click.option("--place", required=True, help="Where it happened (I3).")
@click.option("--description", default=None, help="What happened (default: the category).")
@click.option("--happened-at", metavar="TIME", help="When it happened (default --at / now).")
@click.option("--phoned-at", metavar="TIME",
              help="A phone report went to the company first: written report in 36 h (I3).")
@click.option("--class", "incident_class", type=click.Choice(INCIDENT_CLASSES.codes),
              help="Override the class the category implies (I2).")
@click.option("--playbook", type=click.Choice(PLAYBOOKS.codes), help="Emergency playbook (I4).")
@output
@pass_ctx
def report(ctx: Ctx, category: str, place: str, description: str | None,
           happened_at: str | None, phoned_at: str | None, incident_class: str | None,
           playbook: str | None) -> None:
    """Report an incident: told up the line at once by class (I2), written report due (I3)."""
    ctx.recorded(ctx.office.incidents.report(
        category=category, place=place, description=description or category,
        happened_at=ctx.time(happened_at), phoned_at=ctx.time(phoned_at),
        playbook=playbook, incident_class=incident_class, at=ctx.at))


@incident.command("step")
@click.argument("number")
@click.option("--step", required=True, help="The playbook step done (I4).")
@click.option("--playbook", type=click.Choice(PLAYBOOKS.codes),
              help="Needed when the incident has no playbook yet.")
@click.option("--note", help="What was done.")
@output
@pass_ctx
def step(ctx: Ctx, number: str, step: str, playbook: str | None, note: str | None) -> None:
    """Record a playbook step as done, with time and actor (I4)."""
    ctx.recorded(ctx.office.incidents.step(number, step, playbook, note, ctx.at))


@incident.command("written-report")
@click.argument("number")
@click.option("--course", required=True, help="How it went (I3).")
@click.option("--outcome", "result", required=True, help="How it was resolved (I3).")
@output
@pass_ctx
def written_report(ctx: Ctx, number: str, course: str, result: str) -> None:
    """File the written report to the company (I3: 24 h, or 36 h after a phone report)."""
    ctx.recorded(ctx.office.incidents.written_report(number, course, result, ctx.at))


@incident.command("show")
@click.argument("number")
@as_of_options
@output
@pass_ctx
def show(ctx: Ctx, number: str, as_of: str | None, as_known_at: str | None) -> None:
    """Who was told, the playbook checklist (done and pending) and the written report."""
    from propsvc.views.incident import render_incident

    ctx.emit(ctx.read.incident(number, ctx.time(as_of), ctx.time(as_known_at)),
             lambda v: render_incident(v, ctx.calendar))


@incident.command("history")
@click.argument("number")
@as_of_options
@output
@pass_ctx
def history(ctx: Ctx, number: str, as_of: str | None, as_known_at: str | None) -> None:
    """Every event of one incident, with business and recorded time."""
    from propsvc.views.common import render_history

    ctx.emit(ctx.read.incident_history(number, ctx.time(as_of), ctx.time(as_known_at)),
             lambda r: render_history(r, ctx.calendar))


@click.command("incidents")
@click.option("--month", metavar="YYYY-MM", help="A month (default this month).")
@read_options
@output
@pass_ctx
def incidents(ctx: Ctx, month: str | None) -> None:
    """特别事件报告 — incidents, who was told, playbook steps, written report (I1–I4)."""
    from propsvc.commands.register import show_register

    show_register(ctx, "incidents", ctx.read.incident_register(month))
