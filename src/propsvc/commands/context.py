"""What every sub-command shares: the per-invocation ``Ctx`` (global options, the
``Office`` it opens on first use, times in office time), the output decorator, and the
one way a write's ``Result`` and a read's data are printed."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from propsvc.i18n import _

if TYPE_CHECKING:
    from propsvc.calendar import OfficeCalendar
    from propsvc.clock import Clock
    from propsvc.desks.result import Result
    from propsvc.office.company import CompanyReader
    from propsvc.office.facade import Office
    from propsvc.office.reader import Reader

F = TypeVar("F", bound=Callable[..., Any])


class Ctx:
    """Per-invocation state shared by every sub-command."""

    def __init__(self, db: str, office: str, actor: str, role: str, at: str | None,
                 as_json: bool, profile_path: str | None) -> None:
        self.db, self.office_code, self.actor, self.role = db, office, actor, role
        self._at, self.as_json, self.profile_path = at, as_json, profile_path
        self.clock: Clock | None = None  # tests and scripts may set one before use
        self.moment: dict[str, str] = {}  # --as-of / --as-known-at of a register read

    @cached_property
    def office(self) -> Office:
        from propsvc.office.facade import Office
        from propsvc.permissions import Actor
        from propsvc.profile import load_profile

        profile = load_profile(self.profile_path, self.office_code)
        clock = self.clock
        if clock is None and os.environ.get("PROPSVC_NOW"):
            from propsvc.clock import SettableClock

            clock = SettableClock(profile.office_calendar.parse_time(os.environ["PROPSVC_NOW"]))
        return Office.open(self.db, self.office_code, Actor(self.actor, self.role), clock,
                           profile, profiles=lambda code: load_profile(self.profile_path, code))

    @property
    def read(self) -> Reader:
        """The office's reads; with ``--office all`` the company-wide reads, called the
        same way (``ctx.read.repair_register(day, month)``) and merged per office; with
        ``--as-of`` or ``--as-known-at`` (``read_options``) the same reads on the read
        models as they stood then."""
        if self.office.company_wide:
            return cast("Reader", self.company)
        if not self.moment:
            return self.office.read
        return self._read_then

    @cached_property
    def _read_then(self) -> Reader:
        return self.office.read.at(*self._moment())

    def _moment(self) -> tuple[datetime | None, datetime | None]:
        return (self.time(self.moment.get("as_of")),
                self.time(self.moment.get("as_known_at")))

    @cached_property
    def company(self) -> CompanyReader:
        company = self.office.company()
        return company.at(*self._moment()) if self.moment else company

    @property
    def calendar(self) -> OfficeCalendar:
        return self.office.calendar

    def time(self, text: str | None) -> datetime | None:
        if text is None:
            return None
        return self.calendar.parse_time(text, today=self.office.clock.now())

    @property
    def at(self) -> datetime | None:
        return self.time(self._at)

    def emit(self, data: Any, render: Callable[[Any], None]) -> None:
        from propsvc.views.company import is_company, render_company

        if self.as_json:
            from propsvc.views.common import dump_json

            click.echo(dump_json(data))
        elif is_company(data):  # --office all: the offices side by side
            render_company(data, self.calendar)
        else:
            render(data)
        if "office" in self.__dict__ and "read" in self.office.__dict__:
            self.warn(self.office.read.warnings)  # stale read models the read met
        if "_read_then" in self.__dict__:
            self.warn(self._read_then.warnings)
        if "company" in self.__dict__:
            self.warn(self.company.warnings)

    def recorded(self, result: Result) -> None:
        """After a write: say what was recorded; a catch-up that failed after the commit
        is a warning on stderr (the write stands, exit 0)."""
        from propsvc.views.result import render_result, result_view

        self.emit(result_view(result), lambda v: render_result(v, self.calendar))
        self.warn(result.all_warnings())

    def warn(self, warnings: list[str]) -> None:
        for warning in warnings:
            click.echo(_("warning: {warning}", warning=warning), err=True)

    def close(self) -> None:
        if "office" in self.__dict__:
            self.office.close()


pass_ctx = click.make_pass_decorator(Ctx)


def _set_json(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.find_object(Ctx).as_json = True  # type: ignore[union-attr]


def output(f: F) -> F:
    """The output options every command takes after its name (``propsvc overdue --json``,
    the same as ``propsvc --json overdue``)."""
    return click.option("--json", is_flag=True, expose_value=False, callback=_set_json,
                        help="Print JSON instead of tables (same as propsvc --json).")(f)


def as_of_options(f: F) -> F:
    """``--as-of`` (what had happened by then, business time) and ``--as-known-at`` (what
    the system knew then, recorded time), for every show and history."""
    f = click.option("--as-known-at", "as_known_at", metavar="TIME",
                     help="Show what the system knew then (recorded time).")(f)
    return click.option("--as-of", "as_of", metavar="TIME",
                        help="Show what had happened by then (business time).")(f)


def _set_moment(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None and param.name:
        ctx.find_object(Ctx).moment[param.name] = value  # type: ignore[union-attr]


def read_options(f: F) -> F:
    """The options every register, list and log read takes (``ctx.read`` honours them):
    ``--as-of`` (the register as it stood by then, business time) and ``--as-known-at``
    (as the system had recorded it by then). One decorator for all of them, so an
    option every read gains later is added here once."""
    f = click.option("--as-known-at", "as_known_at", metavar="TIME", expose_value=False,
                     callback=_set_moment,
                     help="As the system had recorded it by then (recorded time).")(f)
    return click.option("--as-of", "as_of", metavar="TIME", expose_value=False,
                        callback=_set_moment,
                        help="As it stood by then (business time).")(f)
