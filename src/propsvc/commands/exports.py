"""``propsvc register export``, ``register work-order`` and ``propsvc archive``: the forms
as files, printed like the paper ones, for printing, binding and filing at month end.

``--out`` never replaces a file that exists unless ``--force`` is given; files are
written whole or not at all."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from propsvc.commands.context import Ctx, output, pass_ctx, read_options
from propsvc.errors import InvalidInput
from propsvc.i18n import _
from propsvc.vocabulary import EXPORTED_REGISTERS

if TYPE_CHECKING:
    from propsvc.queries.registers import Register
    from propsvc.views.forms import Sheet

FORCE = click.option("--force", is_flag=True, help="Replace --out if it exists.")


def out_file(ctx: Ctx, out: str, force: bool) -> Path:
    """The file ``--out`` names, checked before anything is read: its folder exists, it
    is no folder and not the database, and it is new unless ``--force``."""
    path = Path(out)
    if not path.parent.is_dir():
        raise InvalidInput(_("folder {parent} does not exist: check --out", parent=path.parent))
    if len(path.name.encode("utf-8", "surrogateescape")) > 255 or path.is_dir():
        raise InvalidInput(_("--out {out!r} is a folder or too long a name: name a file (at most "
                             "255 bytes)", out=out))
    backend = ctx.office.backend
    if backend.is_sqlite_file and path.resolve() == backend.sqlite_path().resolve():
        raise InvalidInput(_("--out {out!r} is the database itself: name another file", out=out))
    if path.exists() and not force:
        raise InvalidInput(_("--out {out} already exists: choose another name, or pass "
                             "--force to replace it", out=out))
    return path


def sheets(ctx: Ctx, form: Register, pages: list[tuple[str, dict[str, Any]]],
           period: str | None) -> list[Sheet]:
    """The file's sheets: one per page of data (a day each for 维修日报表)."""
    from propsvc.views.forms import sheet_of

    office, now = ctx.read.office_name(), ctx.office.clock.now()
    return [sheet_of(form, data, ctx.calendar, name=name or form.title, office=office,
                     period=name if form.per_day else period, made_at=now)
            for name, data in pages]


def rows_of(form: Register, pages: list[tuple[str, dict[str, Any]]], *,
            struck: bool = False) -> int:
    """The records written and counted: the rows of the form's main list over every
    sheet (``struck``: the voided or merged tickets listed but not counted)."""
    return sum(form.count(data, struck=struck) for _, data in pages)


@click.command("export")
@click.argument("name", type=click.Choice(EXPORTED_REGISTERS))
@click.option("--format", "fmt", required=True, type=click.Choice(["csv", "xlsx"]),
              help="csv (UTF-8 with BOM, opens in Excel) or xlsx (print-ready: A4 "
                   "landscape, title, repeated header, signature lines).")
@click.option("--out", "out", required=True, metavar="FILE", help="The file to write.")
@click.option("--month", metavar="YYYY-MM", help="The month, for monthly registers.")
@click.option("--date", "day", metavar="YYYY-MM-DD", help="One office-local day.")
@FORCE
@read_options
@output
@pass_ctx
def export(ctx: Ctx, name: str, fmt: str, out: str, month: str | None,
           day: str | None, force: bool) -> None:
    """Write one register to a csv or xlsx file with the paper form's headers."""
    from propsvc.commands.progress import progress
    from propsvc.views.exports import write

    path = out_file(ctx, out, force)
    with progress(f"exporting {name}") as step:
        form, label, pages = ctx.read.export(name, month, day)
        if fmt == "csv" and len(pages) > 1:
            raise InvalidInput(_("{form} of a month is one sheet per day: export it as "
                                 "xlsx, or one --date as csv", form=form.title))
        made = sheets(ctx, form, pages, label if form.period != "none" else None)
        write(path, fmt, made, step)
    data = {"register": form.title, "name": name, "period": label, "format": fmt,
            "file": str(path), "rows": rows_of(form, pages), "sheets": len(made),
            "voided": rows_of(form, pages, struck=True)}
    ctx.emit(data, lambda d: click.echo(_("{register} {period}: {rows} rows → {file}",
                                          register=d['register'], period=d['period'],
                                          rows=d['rows'], file=d['file'])))


@click.command("work-order")
@click.argument("number")
@click.option("--format", "fmt", default="xlsx", show_default=True,
              type=click.Choice(["xlsx"]), help="The file's format.")
@click.option("--out", "out", required=True, metavar="FILE", help="The file to write.")
@FORCE
@read_options
@output
@pass_ctx
def work_order(ctx: Ctx, number: str, fmt: str, out: str, force: bool) -> None:
    """维修单 — print one repair's work order: intake, times, fee, materials, signatures."""
    from propsvc.views.exports import write

    path = out_file(ctx, out, force)
    form, data = ctx.read.work_order(number)
    write(path, fmt, sheets(ctx, form, [(data["number"], data)], None))
    result = {"register": form.title, "number": data["number"], "format": fmt,
              "file": str(path), "materials": len(data["materials"])}
    ctx.emit(result, lambda d: click.echo(f"{d['register']} {d['number']} → {d['file']}"))


@click.command("archive")
@click.option("--month", metavar="YYYY-MM", required=True, help="The month to file.")
@click.option("--out", "out", required=True, metavar="DIR",
              help="Folder for the files (created if its parent exists).")
@click.option("--force", is_flag=True, help="Replace the month's files in DIR if there.")
@output
@pass_ctx
def archive(ctx: Ctx, month: str, out: str, force: bool) -> None:
    """Write the whole month: every register as xlsx, handover logs, carry-over, summary."""
    from propsvc.calendar import parse_month
    from propsvc.commands.progress import progress
    from propsvc.permissions import permit
    from propsvc.queries.registers import REGISTERS
    from propsvc.views.exports import write

    parse_month(month)
    permit(ctx.role, "archive")
    folder = Path(out)
    if not folder.parent.is_dir():
        raise InvalidInput(_("folder {parent} does not exist: check --out", parent=folder.parent))
    if len(folder.name.encode("utf-8", "surrogateescape")) > 255 or (
            folder.exists() and not folder.is_dir()):
        raise InvalidInput(_("--out {out!r} is a file or too long a name: name a folder", out=out))
    names = [f"{REGISTERS[n].title}-{month}.xlsx" for n in EXPORTED_REGISTERS]
    taken = [n for n in [*names, f"汇总-{month}.json"] if (folder / n).exists()]
    if taken and not force:
        raise InvalidInput(_("--out {out} already holds {file}: choose another folder, or "
                             "pass --force to replace the month's files", out=out,
                             file=taken[0]))
    with progress(f"archiving {month}") as step:
        files, carryover = ctx.read.archive(month)
        folder.mkdir(exist_ok=True)
        summary: dict[str, Any] = {"office": ctx.office.code, "month": month,
                                   "registers": {}}
        for done, (name, form, pages) in enumerate(files, start=1):
            made = sheets(ctx, form, pages, month if form.period != "none" else None)
            path = folder / f"{form.title}-{month}.xlsx"
            write(path, "xlsx", made)
            summary["registers"][name] = {"title": form.title, "file": path.name,
                                          "rows": rows_of(form, pages),
                                          "sheets": len(made),
                                          "voided": rows_of(form, pages, struck=True)}
            if step:
                step(done, len(files))
        summary["carryover"] = carryover
        (folder / f"汇总-{month}.json").write_text(
            json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    ctx.emit(summary, lambda d: _render(d, folder))


def _render(summary: dict[str, Any], folder: Path) -> None:
    for entry in summary["registers"].values():
        click.echo(_("{title}: {rows} rows → {value}",
                     title=entry['title'], rows=entry['rows'], value=folder / entry['file']))
    co = summary["carryover"]
    state = "archived" if co["archived"] else "NOT yet closed (carryover close-month)"
    click.echo(_("遗留问题档案 {month}: {items} items, {open} open, {state}",
                 month=summary['month'], items=co['items'], open=co['open'], state=state))
