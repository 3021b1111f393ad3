"""``propsvc user``: the desk server's accounts — an administrator's direct acts on the
store, run on the server's machine (recorded with ``--actor``, flagged unauthenticated)."""

from __future__ import annotations

import click

from propsvc.commands.context import Ctx, output, pass_ctx
from propsvc.errors import InvalidInput
from propsvc.permissions import ROLES


def _password(from_stdin: bool) -> str | None:
    if not from_stdin:
        return None
    try:
        import sys

        text: str = sys.stdin.readline()  # click 8.5 types get_text_stream loosely
    except (OSError, UnicodeDecodeError):
        raise InvalidInput("cannot read a password from stdin: pipe it in, e.g. "
                           "printf '%s\\n' \"$PW\" | propsvc user add … --password-stdin"
                           ) from None
    return text.rstrip("\r\n")


def _shown(ctx: Ctx, view: dict[str, object], secret_name: str, secret: str,
           line: str) -> None:
    """A write's result with the one-time secret: JSON gets it as a field."""
    if ctx.as_json:
        from propsvc.views.common import dump_json

        click.echo(dump_json({**view, secret_name: secret}))
    else:
        click.echo(line)


@click.group()
def user() -> None:
    """Accounts of the desk server: add, grant, revoke, passwd, disable, list, token."""


@user.command("add")
@click.argument("name")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(ROLES),
              help="A role the user holds (repeat for several).")
@click.option("--office", "offices", multiple=True, required=True, metavar="CODE",
              help="An office the user works in (repeat for several).")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of stdin (else one is generated).")
@output
@pass_ctx
def add(ctx: Ctx, name: str, roles: tuple[str, ...], offices: tuple[str, ...],
        password_stdin: bool) -> None:
    """Register a user NAME with roles and offices; prints a one-time password."""
    from propsvc.views.result import result_view

    result, secret = ctx.office.users.add(name, list(roles), list(offices),
                                          _password(password_stdin))
    shown = "" if password_stdin else f"; one-time password: {secret}"
    _shown(ctx, result_view(result), "password", "" if password_stdin else secret,
           f"user {result.ref} added ({', '.join(roles)} in {', '.join(offices)}){shown}")


@user.command("grant")
@click.argument("name")
@click.option("--role", "roles", multiple=True, type=click.Choice(ROLES),
              help="A role to grant (repeat for several).")
@click.option("--office", "offices", multiple=True, metavar="CODE",
              help="An office to grant (repeat for several).")
@output
@pass_ctx
def grant(ctx: Ctx, name: str, roles: tuple[str, ...], offices: tuple[str, ...]) -> None:
    """Grant NAME more roles and/or offices."""
    ctx.recorded(ctx.office.users.grant(name, list(roles), list(offices)))


@user.command("revoke")
@click.argument("name")
@click.option("--role", "roles", multiple=True, type=click.Choice(ROLES),
              help="A role to take away (repeat for several).")
@click.option("--office", "offices", multiple=True, metavar="CODE",
              help="An office to take away (repeat for several).")
@click.option("--token", "token_id", metavar="ID", help="Revoke one bearer token by its id.")
@output
@pass_ctx
def revoke(ctx: Ctx, name: str, roles: tuple[str, ...], offices: tuple[str, ...],
           token_id: str | None) -> None:
    """Take roles, offices or a token away from NAME (its sessions stop at once)."""
    users = ctx.office.users
    if token_id is not None and not roles and not offices:
        ctx.recorded(users.revoke_token(name, token_id))
        return
    if token_id is not None:
        raise click.UsageError("revoke a token on its own (no --role/--office with --token)")
    ctx.recorded(users.revoke(name, list(roles), list(offices)))


@user.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True,
              help="Read the new password from stdin (else one is generated).")
@output
@pass_ctx
def passwd(ctx: Ctx, name: str, password_stdin: bool) -> None:
    """Set a new password for NAME (their sessions end); prints a one-time password."""
    from propsvc.views.result import result_view

    result, secret = ctx.office.users.passwd(name, _password(password_stdin))
    shown = "" if password_stdin else f"; one-time password: {secret}"
    _shown(ctx, result_view(result), "password", "" if password_stdin else secret,
           f"password of {result.ref} changed{shown}")


@user.command("disable")
@click.argument("name")
@click.option("--reason", default="", help="Why (left, lost laptop, …).")
@output
@pass_ctx
def disable(ctx: Ctx, name: str, reason: str) -> None:
    """Disable NAME: no login, every session and token stops working."""
    ctx.recorded(ctx.office.users.disable(name, reason))


@user.command("list")
@output
@pass_ctx
def list_(ctx: Ctx) -> None:
    """Every account: roles, offices, status, last login, lockout, active tokens."""
    from propsvc.views.common import render_rows

    rows = ctx.office.users.list()
    ctx.emit({"users": rows}, lambda d: render_rows("users", [
        {**r, "roles": ", ".join(r["roles"]), "offices": ", ".join(r["offices"]),
         "tokens": len(r["active_tokens"])} for r in d["users"]], [
        ("name", "name"), ("roles", "roles"), ("offices", "offices"), ("status", "status"),
        ("last_login_at", "last login"), ("locked_until", "locked until"),
        ("tokens", "tokens")], ctx.calendar))


@user.command("token")
@click.argument("name")
@click.option("--role", "role", type=click.Choice(ROLES),
              help="Which of NAME's roles the token acts as (needed when several).")
@click.option("--office", "office", metavar="CODE",
              help="Which of NAME's offices (default the first).")
@click.option("--label", default="", help="What the token is for (a script's name).")
@output
@pass_ctx
def token(ctx: Ctx, name: str, role: str | None, office: str | None, label: str) -> None:
    """Issue a bearer token for NAME's scripts (shown once; revoke with user revoke --token)."""
    from propsvc.views.result import result_view

    result, secret = ctx.office.users.issue_token(name, role, office, label)
    view = result_view(result)
    token_id = secret.split("_")[1]
    _shown(ctx, {**view, "token_id": token_id}, "token", secret,
           f"token {token_id} for {result.ref} (shown once):\n{secret}")
