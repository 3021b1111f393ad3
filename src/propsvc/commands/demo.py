"""``propsvc demo``: play a month at a sample estate and print what an office would see."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from propsvc.commands.context import Ctx, output, pass_ctx
from propsvc.i18n import _

if TYPE_CHECKING:
    from propsvc.office.facade import Office


def _previous_month(ctx: Ctx) -> str:
    today = ctx.calendar.local_date(ctx.office.clock.now())
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return f"{year:04d}-{month:02d}"


@click.command()
@click.option("--out", default="propsvc-demo.db", show_default=True,
              help="The demo's SQLite file (never your propsvc.db); an existing one is "
                   "replaced only with --force.")
@click.option("--month", metavar="YYYY-MM", help="Month to play (default: last month).")
@click.option("--seed", default=7, show_default=True, help="Random seed of the story.")
@click.option("--force", is_flag=True, help="Replace --out if it exists.")
@output
@pass_ctx
def demo(ctx: Ctx, out: str, month: str | None, seed: int, force: bool) -> None:
    """Play a month of repair calls at a 624-unit estate, then print the registers."""
    from propsvc.calendar import parse_month
    from propsvc.clock import SettableClock
    from propsvc.commands.progress import progress
    from propsvc.office.demo import Month
    from propsvc.office.facade import Office
    from propsvc.permissions import Actor, permit

    permit(ctx.role, "demo")  # before the old file is removed: a refusal writes nothing
    month = month or _previous_month(ctx)
    parse_month(month)
    path = Path(out).expanduser().resolve()
    if not path.parent.exists():
        raise click.BadParameter(_("folder {parent} does not exist",
                                   parent=path.parent), param_hint="--out")
    if len(path.name.encode("utf-8", "surrogateescape")) > 255 or path.is_dir():
        raise click.BadParameter(_("{path} is a folder or too long a name: name a file", path=path),
                                 param_hint="--out")
    if path.exists() and not force:
        raise click.BadParameter(_("{path} already exists: choose another name, or pass --force "
                                   "to replace it", path=path), param_hint="--out")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    profile = ctx.office.profile
    start, _end = profile.office_calendar.month_bounds(month)
    clock = SettableClock(start)
    office = Office.open(str(path), ctx.office.code, Actor("前台小刘", "desk"), clock, profile)
    try:
        play = Month(office, clock, month, seed)
        with progress(f"playing {month} at 阳光花园") as step:
            stats = play.play(step) if step else play.play()
        _report(ctx, office, month, path, stats.calls, stats.counts)
    finally:
        office.close()


def _report(ctx: Ctx, office: Office, month: str, path: Path, calls: int,
            counts: dict[str, int]) -> None:
    from datetime import timedelta

    cal = office.calendar
    last_day = cal.local_date(cal.month_bounds(month)[1]) - timedelta(days=1)
    read = office.read
    data = {
        "database": str(path), "month": month, "office": office.code, "calls": calls,
        "mix": dict(sorted(counts.items())),
        "repair_register": read.repair_register(month=month)["rows"],
        "daily_repairs": read.daily_repairs(last_day.isoformat()),
        "overdue": read.overdue(),
        "visits": read.visit_register(month)["summary"],
        "services": {name: len(rows) for name, rows in (
            ("moveins", read.moveins(month=month)["rows"]),
            ("paid", read.paid(month=month)["rows"]),
            ("releases", read.releases(month=month)["rows"]),
            ("found", read.found(month=month)["rows"]),
            ("vacancies", read.vacancies()["rows"]))},
    }
    ctx.emit(data, lambda d: _render(ctx, d))


def _render(ctx: Ctx, d: dict[str, object]) -> None:
    from propsvc.queries.registers import REGISTERS
    from propsvc.views.common import console, render_rows

    columns = REGISTERS["repairs"].columns
    out = console()
    render_rows(f"业主报修记录表 {d['month']}", d["repair_register"],  # type: ignore[arg-type]
                columns, ctx.calendar)
    daily = d["daily_repairs"]
    assert isinstance(daily, dict)
    for area, title in (("in_home", "入户"), ("public", "公共")):
        t = daily[area]["totals"]
        out.print(_("维修日报表 {date} {title}: received {received} · "
                    "completed {completed} · still open {open} · deferred {deferred}",
                    date=daily['date'], title=title, received=t['received'],
                    completed=t['completed'], open=t['open'], deferred=t['deferred']))
    render_rows(_("overdue at month end (逾期未办)"), d["overdue"],  # type: ignore[arg-type]
                [("number", "单号"), ("rule", "规则"), ("label", "事项"), ("due_at", "应完成"),
                 ("minutes_overdue", "逾期(分钟)"), ("unit", "房号")], ctx.calendar)
    v = d["visits"]
    assert isinstance(v, dict)
    rate = "—" if v["rate"] is None else f"{v['rate']:.0%}"
    out.print(_("回访: {visited}/{completed} completed repairs visited in time = {rate} (target "
                "{target:.0%}, V2)",
                visited=v['visited'], completed=v['completed'], rate=rate, target=v['target']))
    services = d["services"]
    assert isinstance(services, dict)
    titles = {"moveins": "业主入住登记表", "paid": "有偿服务登记表", "releases": "物品放行登记表",
              "found": "拾遗物品登记表", "vacancies": "空置房登记表"}
    out.print(_("desk services: {forms}  (propsvc --db {database} register moveins --month "
                "{month})", forms=" · ".join(f"{titles[k]} {n}" for k, n in services.items()),
                database=d['database'], month=d['month']))
    out.print(_("calls: {calls} · mix: {mix}", calls=d['calls'], mix=d['mix']))
    out.print(_("\n[bold]Database:[/bold] {database}", database=d['database']))
    out.print(_("Go on with e.g.:  propsvc --db {database} register daily-repairs --date "
                "{date}\n                  propsvc --db {database} ticket history <单号>",
                database=d['database'], date=daily['date']))
