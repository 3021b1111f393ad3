"""The record an auditor can trust: ``verify``, ``backup``, ``events export|import``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from propsvc.commands.context import Ctx, output, pass_ctx
from propsvc.errors import PropsvcError
from propsvc.i18n import _


@click.command()
@click.option("--head", "head_only", is_flag=True,
              help="Print only the head hash (note it daily, e.g. in the handover log).")
@click.option("--expect", metavar="HASH",
              help="A head hash noted earlier: prove the chain still runs through it.")
@output
@pass_ctx
def verify(ctx: Ctx, head_only: bool, expect: str | None) -> None:
    """Walk the event log's hash chain; name the first broken link (exit 1) or print the
    count and the head hash (exit 0)."""
    report = ctx.office.records.verify(expect)
    data = report.as_json()
    if expect is not None:
        data["expected"] = {"hash": expect, "found_at": report.found}
    problem = _problem(data, expect)
    if ctx.as_json:
        ctx.emit(data, lambda d: None)
    elif problem is None:
        if head_only:
            click.echo(data["head"])
        else:
            _render_verify(data, expect)
    if problem is not None:
        raise ChainBroken(problem)


class ChainBroken(PropsvcError):
    """The chain does not verify (or does not run through an expected head): exit 1."""


def _problem(d: dict[str, Any], expect: str | None) -> str | None:
    broken = d["broken"]
    if broken:
        where = f" ({broken['topic']} v{broken['version']} of {broken['originator_id']})" \
            if broken.get("topic") else ""
        return _("chain broken at event #{position}{where}: {reason}; the {events} events "
                 "before it verify", position=broken['position'], where=where,
                 reason=broken['reason'], events=d['events'])
    if expect is not None and d["expected"]["found_at"] is None:
        return _("{expect} is not in the chain: the events up to the moment it was noted "
                 "were changed since", expect=expect)
    return None


def _render_verify(d: dict[str, Any], expect: str | None) -> None:
    office = "" if d["office_events"] is None else \
        _(" ({count} of office {office})", count=d['office_events'], office=d['office'])
    click.echo(_("chain intact: {events} events{office}, head {value} (event #{head_position})",
                 events=d['events'], office=office, value=d['head'] or '—',
                 head_position=d['head_position']))
    if d["upgraded"]:
        click.echo(_("  events #1–#{upto} were written before the chain and chained on upgrade "
                     "at {at}", upto=d['upgraded']['upto'], at=d['upgraded']['at']))
    if d["remark"]:
        click.echo(_("  note: {remark}", remark=d['remark']))
    if expect is not None:
        click.echo(_("  {expect} is the link of event #{found_at}: nothing up to it changed",
                     expect=expect, found_at=d['expected']['found_at']))


@click.command()
@click.option("--out", required=True, metavar="FILE", help="The copy to write.")
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@output
@pass_ctx
def backup(ctx: Ctx, out: str, force: bool) -> None:
    """A consistent copy of the SQLite store while desks keep working (PostgreSQL: pg_dump,
    or events export)."""
    copied = ctx.office.records.backup(out, force)
    data = {"out": copied.path, "events": copied.events, "bytes": copied.bytes}
    ctx.emit(data, lambda d: click.echo(
        _("backed up {events} events to {out} ({bytes} bytes)",
          events=d['events'], out=d['out'], bytes=d['bytes'])))


@click.group()
def events() -> None:
    """The event log as JSON lines (transfer, archive, restore)."""


@events.command("export")
@click.option("--out", required=True, metavar="FILE.jsonl", help="The file to write.")
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@output
@pass_ctx
def events_export(ctx: Ctx, out: str, force: bool) -> None:
    """Every event as stored, with its link, one a line (header first)."""
    target, done = ctx.office.records.export_events(out, force)
    data = {"out": str(target), "events": done.events, "head": done.head}
    ctx.emit(data, lambda d: click.echo(
        _("exported {events} events to {out} (head {value})",
          events=d['events'], out=d['out'], value=d['head'] or '—')))


@events.command("import")
@click.argument("file", metavar="FILE.jsonl")
@output
@pass_ctx
def events_import(ctx: Ctx, file: str) -> None:
    """Load an export into an empty store (every link checked), then build the registers."""
    from propsvc.errors import InvalidInput

    source = Path(file)
    try:
        fh = source.open(encoding="utf-8")
    except OSError as err:
        raise InvalidInput(_("cannot read {file!r} ({value}): name an export file (events export "
                             "writes one)", file=file, value=err.strerror or err)) from None
    from propsvc.commands.progress import drawn, progress

    total = _lines(source) if drawn() else 0
    with fh, progress(f"importing {source.name}") as step:
        done, caught_up = ctx.office.records.import_events(
            fh, file, (lambda n: step(n, total)) if step else None, step)
    data = {"events": done.events, "head": done.head, "caught_up": caught_up}
    ctx.emit(data, lambda d: click.echo(
        _("imported {events} events (head {value}); registers built from {caught_up} events",
          events=d['events'], value=d['head'] or '—', caught_up=d['caught_up'])))


def _lines(source: Path) -> int:
    """The events in an export (its lines less the header), for the progress bar."""
    with source.open("rb") as f:
        return max(0, sum(1 for _ in f) - 1)


COMMANDS = [verify, backup, events]
