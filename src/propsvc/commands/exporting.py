"""``propsvc register export`` and ``propsvc archive``: the registers as files, with the
paper forms' Chinese headers, for printing, binding and filing at month end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from propsvc.cli import Ctx, pass_ctx
from propsvc.commands.register import register

NAMES = ["repairs", "visits", "key-deposits", "key-loans", "renovations", "passes",
         "extensions", "complaints", "help", "inquiries", "carryover", "patrol", "daily",
         "handover"]


@register.command("export")
@click.argument("name", type=click.Choice(NAMES))
@click.option("--format", "fmt", required=True, type=click.Choice(["csv", "xlsx"]),
              help="csv (UTF-8 with BOM, opens in Excel) or xlsx.")
@click.option("--out", "out", required=True, metavar="FILE", help="The file to write.")
@click.option("--month", metavar="YYYY-MM", help="The month, for monthly registers.")
@click.option("--date", "day", metavar="YYYY-MM-DD", help="One office-local day.")
@pass_ctx
def export(ctx: Ctx, name: str, fmt: str, out: str, month: str | None,
           day: str | None) -> None:
    """Write one register to a csv or xlsx file with the paper form's headers."""
    from propsvc.errors import InvalidInput
    from propsvc.permissions import permit
    from propsvc.queries.forms import FORMS, period, table, write

    form = FORMS[name]
    rt = ctx.reader()
    start, end, label = period(rt, form, name, month, day)
    permit(rt.role, "register.export")
    rows = table(form.fetch(rt, start, end, label), form, ctx.calendar, rt.role)
    path = Path(out)
    if len(path.name.encode("utf-8", "surrogateescape")) > 255 or path.is_dir():
        raise InvalidInput(f"--out {out!r} is a folder or too long a name: name a file "
                           "(at most 255 bytes)")
    if rt.is_sqlite_file and path.resolve() == rt.sqlite_path():
        raise InvalidInput(f"--out {out!r} is the database itself: name another file")
    write(path, fmt, [(f"{form.title} {label}" if form.period != "none" else form.title,
                       rows)])
    data = {"register": form.title, "name": name, "period": label, "format": fmt,
            "file": str(path), "rows": len(rows) - 1}
    ctx.emit(data, lambda d: click.echo(f"{d['register']} {d['period']}: {d['rows']} rows "
                                        f"→ {d['file']}"))


@click.command("archive")
@click.option("--month", metavar="YYYY-MM", required=True, help="The month to file.")
@click.option("--out", "out", required=True, metavar="DIR",
              help="Folder for the files (created if its parent exists).")
@pass_ctx
def archive(ctx: Ctx, month: str, out: str) -> None:
    """Write the whole month: every register as xlsx, handover logs, carry-over, summary."""
    import json

    from propsvc.calendar import parse_month
    from propsvc.errors import InvalidInput
    from propsvc.permissions import permit
    from propsvc.queries.forms import FORMS, table, write
    from propsvc.queries.handover import carryover_file

    parse_month(month)
    permit(ctx.role, "archive")
    folder = Path(out)
    if not folder.parent.is_dir():
        raise InvalidInput(f"folder {folder.parent} does not exist: check --out")
    if len(folder.name.encode("utf-8", "surrogateescape")) > 255 or (
            folder.exists() and not folder.is_dir()):
        raise InvalidInput(f"--out {out!r} is a file or too long a name: name a folder")
    rt = ctx.reader()
    start, end = ctx.calendar.month_bounds(month)
    folder.mkdir(exist_ok=True)
    summary: dict[str, Any] = {"office": rt.office, "month": month, "registers": {}}
    for name, form in FORMS.items():
        rows = table(form.fetch(rt, start, end, month), form, ctx.calendar, rt.role)
        path = folder / f"{form.title}-{month}.xlsx"
        write(path, "xlsx", [(form.title, rows)])
        summary["registers"][name] = {"title": form.title, "file": path.name,
                                      "rows": len(rows) - 1}
    co = carryover_file(rt.read_engine, rt.office, ctx.calendar, month, rt.clock.now())
    summary["carryover"] = {"archived": co["archived"], "items": len(co["rows"]),
                            "open": co["open"]}
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
