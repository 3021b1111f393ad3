"""Which office a read covers: ``--office CODE`` after a read command's name (the same as
``propsvc --office CODE``), and ``all`` for a company-wide read (company roles: a column
per office and a total). The one option every register, ``overdue`` and KPI read takes;
the register group adds it to each of its reads (``RegisterGroup``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from propsvc.commands.context import Ctx

F = TypeVar("F", bound=Callable[..., Any])
HELP = ("Read this office, or 'all': every office the role may read (company, or a manager "
        "or auditor holding several), a column per office and a total.")


def _set_office(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        found = ctx.find_object(Ctx)
        if found is not None:
            found.office_code = value.strip()


def office_param() -> click.Option:
    return click.Option(["--office"], metavar="CODE|all", expose_value=False,
                        callback=_set_office, is_eager=True, help=HELP)


def office_option(f: F) -> F:
    """``--office CODE|all`` on a read command (``propsvc overdue --office all``)."""
    return click.option("--office", metavar="CODE|all", expose_value=False,
                        callback=_set_office, is_eager=True, help=HELP)(f)


def add_office_option(command: click.Command) -> click.Command:
    """The option on a command loaded by a group (once)."""
    if not any(p.name == "office" for p in command.params):
        command.params.append(office_param())
    return command
