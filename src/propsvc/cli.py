"""The ``propsvc`` command: global options, one-line errors, exit codes, output mode.

Exit codes: 0 done · 1 refused (an SOP rule, not found, forbidden, conflict) · 2 bad usage
or input. Heavy modules are imported inside commands, so ``--help`` opens no database.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

import click

from propsvc.errors import InvalidInput, PropsvcError
from propsvc.permissions import ROLES

if TYPE_CHECKING:
    from propsvc.calendar import OfficeCalendar
    from propsvc.desks.service import Outcome
    from propsvc.office.runtime import Runtime


class Ctx:
    """Per-invocation state shared by every sub-command."""

    def __init__(self, db: str, office: str, actor: str, role: str, at: str | None,
                 as_json: bool, profile_path: str | None) -> None:
        self.db, self.office, self.actor, self.role = db, office, actor, role
        self._at, self.as_json, self.profile_path = at, as_json, profile_path
        self.clock: Any = None

    @cached_property
    def runtime(self) -> Runtime:
        from propsvc.office.runtime import Runtime
        from propsvc.profile import load_profile

        rt = Runtime(db=self.db, office=self.office, actor=self.actor, role=self.role,
                     profile=load_profile(self.profile_path, self.office))
        if self.clock is not None:
            rt.clock = self.clock
        elif os.environ.get("PROPSVC_NOW"):
            from propsvc.clock import SettableClock

            rt.clock = SettableClock(rt.profile.office_calendar.parse_time(
                os.environ["PROPSVC_NOW"]))
        return rt

    @property
    def calendar(self) -> OfficeCalendar:
        return self.runtime.profile.office_calendar

    def time(self, text: str | None) -> datetime | None:
        if text is None:
            return None
        return self.calendar.parse_time(text, today=self.runtime.clock.now())

    @property
    def at(self) -> datetime | None:
        return self.time(self._at)

    def reader(self) -> Runtime:
        """The runtime for a read: the database must exist; read models are caught up."""
        rt = self.runtime
        rt.require_existing()
        self.catch_up(after_write=False)
        return rt

    def catch_up(self, *, after_write: bool = True) -> None:
        """Bring the read models up to date. After a write, a catch-up the database did
        not allow is a warning on stderr (what was recorded stays recorded, exit 0);
        before a read it is the database error it was. A stale read model is a warning."""
        from propsvc.projections.catchup import CatchUpFailed

        try:
            caught = self.runtime.catch_up()
        except CatchUpFailed as err:
            if not after_write:
                raise (err.__cause__ or err) from None
            click.echo(f"warning: {err}", err=True)
            return
        for stale in getattr(caught, "stale", ()):
            click.echo(f"warning: {stale.message()}", err=True)

    def emit(self, data: Any, render: Callable[[Any], None]) -> None:
        if self.as_json:
            from propsvc.views.common import dump_json

            click.echo(dump_json(data))
        else:
            render(data)

    def recorded(self, outcome: Outcome) -> None:
        """After a write: bring read models up to date, then say what was recorded."""
        from propsvc.views.common import outcome_view, render_outcome

        self.catch_up()
        view = outcome_view(outcome)
        self.emit(view, lambda v: render_outcome(v, self.calendar))


pass_ctx = click.make_pass_decorator(Ctx)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--db", envvar="PROPSVC_DB", default="propsvc.db", show_default=True,
              help="SQLite file path or postgresql:// URL (env PROPSVC_DB).")
@click.option("--office", envvar="PROPSVC_OFFICE", default="main", show_default=True,
              help="Management office code (env PROPSVC_OFFICE).")
@click.option("--actor", envvar="PROPSVC_ACTOR", default="desk", show_default=True,
              help="Who is acting (env PROPSVC_ACTOR).")
@click.option("--role", envvar="PROPSVC_ROLE", default="desk", show_default=True,
              type=click.Choice(ROLES),
              help="The actor's role (env PROPSVC_ROLE); see docs/roles.md.")
@click.option("--at", "at", metavar="TIME", default=None,
              help="Business time of a late entry (office time, e.g. '2026-11-22 09:03').")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@click.option("--profile", "profile_path", envvar="PROPSVC_PROFILE", default=None,
              metavar="FILE", help="SOP profile TOML overriding the defaults.")
@click.option("--lang", envvar="PROPSVC_LANG", default="zh-CN", show_default=True,
              type=click.Choice(["zh-CN", "en"], case_sensitive=False),
              help="Language of the handover books' tables (env PROPSVC_LANG).")
@click.version_option(package_name="propsvc")
@click.pass_context
def cli(ctx: click.Context, db: str, office: str, actor: str, role: str, at: str | None,
        as_json: bool, profile_path: str | None, lang: str) -> None:
    """propsvc — the management office's service desk, recorded as events.

    Every action is an immutable event; registers, the overdue list and ticket histories
    are rebuilt from those events. Times without an offset are office-local.
    """
    from propsvc.i18n import set_lang

    set_lang(lang)
    ctx.obj = Ctx(db, office, actor, role, at, as_json, profile_path)
    ctx.call_on_close(lambda: _close(ctx.obj))


def _close(obj: Ctx) -> None:
    if "runtime" in obj.__dict__:
        obj.runtime.close()


def _register() -> None:
    from propsvc.commands import (
        admin,
        complaint,
        custody_registers,  # noqa: F401  (adds register/reno sub-commands)
        exporting,
        feedback,
        handover,
        help,
        incident,
        inquiry,
        keys,
        register,
        register_desk,
        renovation,
        repair,
        ticket,
        visit,
    )

    cli.add_command(ticket.ticket)
    cli.add_command(keys.key)
    cli.add_command(renovation.reno)
    cli.add_command(repair.repair)
    cli.add_command(complaint.complaint)
    cli.add_command(help.help_)
    cli.add_command(inquiry.inquiry)
    cli.add_command(feedback.feedback)
    cli.add_command(incident.incident)
    cli.add_command(visit.visit)
    cli.add_command(register.register)
    for command in register_desk.COMMANDS:
        register.register.add_command(command)
    cli.add_command(handover.handover)
    cli.add_command(handover.carryover)
    cli.add_command(handover.patrol)
    cli.add_command(exporting.archive)
    for command in admin.COMMANDS:
        cli.add_command(command)
    _json_everywhere(cli)


def _json_everywhere(group: click.Group) -> None:
    """``--json`` is also accepted after any command (``propsvc overdue --json``)."""

    def set_json(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
        if value:
            ctx.find_object(Ctx).as_json = True  # type: ignore[union-attr]

    for command in group.commands.values():
        if isinstance(command, click.Group):
            _json_everywhere(command)
        elif not any("--json" in p.opts for p in command.params if isinstance(p, click.Option)):
            command.params.append(click.Option(
                ["--json"], is_flag=True, expose_value=False, callback=set_json,
                help="Print JSON instead of tables (same as propsvc --json)."))


_register()


def main(argv: list[str] | None = None) -> None:
    sys.exit(run(argv))


def _one_line(message: str) -> str:
    """Click lists choices on indented lines ("Choose from:\n\ta,\n\tb"): join them."""
    return " ".join(line.strip() for line in message.splitlines() if line.strip())


def run(argv: list[str] | None = None, obj_hook: Callable[[Ctx], None] | None = None) -> int:
    """Run the CLI and return the exit code; every error becomes one line on stderr."""
    try:
        cli.main(args=argv, prog_name="propsvc", standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.Abort:
        click.echo("error: aborted", err=True)
        return 1
    except click.UsageError as err:
        if type(err).__name__ == "NoArgsIsHelpError" and err.ctx:  # click >= 8.2: no command
            click.echo(err.ctx.get_help())  # the help is wanted: stdout, error stays 1 line
            click.echo(f"error: missing command (see '{err.ctx.command_path} --help')",
                       err=True)
            return 2
        where = f" (see '{err.ctx.command_path} --help')" if err.ctx else ""
        click.echo(f"error: {_one_line(err.format_message())}{where}", err=True)
        return 2
    except click.ClickException as err:
        click.echo(f"error: {_one_line(err.format_message())}", err=True)
        return err.exit_code
    except PropsvcError as err:
        click.echo(f"error: {' '.join(str(err).splitlines())}", err=True)
        return err.exit_code
    except KeyboardInterrupt:
        click.echo("error: interrupted", err=True)
        return 130
    except Exception as err:  # the last line of defence: never a traceback for a user
        from propsvc.store.failures import describe

        message, code = describe(err)
        click.echo(f"error: {message}", err=True)
        return code
    return 0


__all__ = ["Ctx", "InvalidInput", "cli", "main", "pass_ctx", "run"]
