"""``propsvc office add|list``: the management offices this store serves."""

from __future__ import annotations

from typing import Any

import click

from propsvc.cli import Ctx, pass_ctx


@click.group()
def office() -> None:
    """The registered management offices (an unknown --office is refused)."""


@office.command("add")
@click.argument("code")
@click.option("--name", required=True, help="The office's name (1–64 characters).")
@click.option("--timezone", "timezone", default=None,
              help="Its time zone (default: the profile's calendar.timezone).")
@pass_ctx
def office_add(ctx: Ctx, code: str, name: str, timezone: str | None) -> None:
    """Register an office CODE (lower-case letters, digits, '-', '_'; up to 32)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from propsvc.aggregates.offices import OfficeRegistry, check_code
    from propsvc.errors import InvalidInput
    from propsvc.permissions import permit
    from propsvc.store.offices import registry

    permit(ctx.role, "office.add")
    check_code(code)
    zone = timezone or ctx.runtime.profile.calendar.timezone
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(f"--timezone {zone!r} is not a known time zone (e.g. "
                           "Asia/Shanghai)") from None
    rt = ctx.runtime
    context = rt.service.context(ctx.at)
    found = registry(rt.store)
    if found is None:
        found = OfficeRegistry.begin(code, name, zone, context)
    else:
        found.add(code, name, zone, context)
    rt.store.save(found)
    rt.catch_up()
    ctx.emit(_rows(found)[-1] if found.offices else {}, lambda d: click.echo(
        f"office {code} registered: {name} ({zone})"))


@office.command("list")
@pass_ctx
def office_list(ctx: Ctx) -> None:
    """Every registered office, in the order registered."""
    from propsvc.store.offices import registry
    from propsvc.views.common import local, render_rows

    rt = ctx.runtime
    rt.require_existing()
    found = registry(rt.store)
    rows = _rows(found) if found else []
    ctx.emit({"offices": rows}, lambda d: render_rows("offices (管理处)", [
        {**r, "registered_at": local(ctx.calendar, r["registered_at"])} for r in d["offices"]], [
        ("code", "code"), ("name", "name"), ("timezone", "time zone"),
        ("registered_at", "registered"), ("registered_by", "by"), ("auto", "auto")],
        ctx.calendar))


def _rows(found: Any) -> list[dict[str, Any]]:
    return [{"code": o.code, "name": o.name, "timezone": o.timezone,
             "registered_at": o.registered_at, "registered_by": o.registered_by,
             "auto": o.auto} for o in found.offices.values()]


COMMANDS = [office]
