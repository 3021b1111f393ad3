"""``propsvc register export`` and ``propsvc archive``: the registers as files, with the
paper forms' Chinese headers, for printing, binding and filing at month end."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from propsvc.commands.context import Ctx, output, pass_ctx
from propsvc.vocabulary import EXPORTED_REGISTERS


@click.command("export")
@click.argument("name", type=click.Choice(EXPORTED_REGISTERS))
@click.option("--format", "fmt", required=True, type=click.Choice(["csv", "xlsx"]),
              help="csv (UTF-8 with BOM, opens in Excel) or xlsx.")
@click.option("--out", "out", required=True, metavar="FILE", help="The file to write.")
@click.option("--month", metavar="YYYY-MM", help="The month, for monthly registers.")
@click.option("--date", "day", metavar="YYYY-MM-DD", help="One office-local day.")
@output
@pass_ctx
def export(ctx: Ctx, name: str, fmt: str, out: str, month: str | None,
           day: str | None) -> None:
    """Write one register to a csv or xlsx file with the paper form's headers."""
    from propsvc.errors import InvalidInput
    from propsvc.views.exports import table, write

    form, label, rows = ctx.read.export(name, month, day)
    sheet = table(rows, form, ctx.calendar)
    path = Path(out)
    if len(path.name.encode("utf-8", "surrogateescape")) > 255 or path.is_dir():
        raise InvalidInput(f"--out {out!r} is a folder or too long a name: name a file "
                           "(at most 255 bytes)")
    backend = ctx.office.backend
    if backend.is_sqlite_file and path.resolve() == backend.sqlite_path():
        raise InvalidInput(f"--out {out!r} is the database itself: name another file")
    write(path, fmt, [(f"{form.title} {label}" if form.period != "none" else form.title,
                       sheet)])
    data = {"register": form.title, "name": name, "period": label, "format": fmt,
            "file": str(path), "rows": len(sheet) - 1}
    ctx.emit(data, lambda d: click.echo(f"{d['register']} {d['period']}: {d['rows']} rows "
                                        f"→ {d['file']}"))


@click.command("archive")
@click.option("--month", metavar="YYYY-MM", required=True, help="The month to file.")
@click.option("--out", "out", required=True, metavar="DIR",
              help="Folder for the files (created if its parent exists).")
@output
@pass_ctx
def archive(ctx: Ctx, month: str, out: str) -> None:
    """Write the whole month: every register as xlsx, handover logs, carry-over, summary."""
    from propsvc.calendar import parse_month
    from propsvc.errors import InvalidInput
    from propsvc.permissions import permit
    from propsvc.views.exports import table, write

    parse_month(month)
    permit(ctx.role, "archive")
    folder = Path(out)
    if not folder.parent.is_dir():
        raise InvalidInput(f"folder {folder.parent} does not exist: check --out")
    if len(folder.name.encode("utf-8", "surrogateescape")) > 255 or (
            folder.exists() and not folder.is_dir()):
        raise InvalidInput(f"--out {out!r} is a file or too long a name: name a folder")
    files, carryover = ctx.read.archive(month)
    folder.mkdir(exist_ok=True)
    summary: dict[str, Any] = {"office": ctx.office.code, "month": month, "registers": {}}
    for name, form, rows in files:
        sheet = table(rows, form, ctx.calendar)
        path = folder / f"{form.title}-{month}.xlsx"
        write(path, "xlsx", [(form.title, sheet)])
        summary["registers"][name] = {"title": form.title, "file": path.name,
                                      "rows": len(sheet) - 1}
    summary["carryover"] = carryover
    (folder / f"汇总-{month}.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    ctx.emit(summary, lambda d: _render(d, folder))


def _render(summary: dict[str, Any], folder: Path) -> None:
    for entry in summary["registers"].values():
        click.echo(f"{entry['title']}: {entry['rows']} rows → {folder / entry['file']}")
    co = summary["carryover"]
    state = "archived" if co["archived"] else "NOT yet closed (carryover close-month)"
    click.echo(f"遗留问题档案 {summary['month']}: {co['items']} items, {co['open']} open, "
               f"{state}")
