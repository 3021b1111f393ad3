"""Notifications: the feed of a role (admins, ops) and the delivery to webhooks and mail
(cron: ``propsvc notify deliver``)."""

from __future__ import annotations

import click

from propsvc.commands.context import Ctx, output, pass_ctx
from propsvc.permissions import ROLES


@click.group()
def notifications() -> None:
    """The in-app notifications of misses, chases and escalations (issue 15)."""


@notifications.command("list")
@click.option("--role", "role", type=click.Choice(ROLES),
              help="A role's feed (default: the acting role; manager/auditor: any).")
@click.option("--unread", is_flag=True, help="Only what the acting user has not read.")
@click.option("--limit", type=click.IntRange(1, 500), default=50, show_default=True,
              help="At most this many (newest first).")
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True,
              help="Skip this many newest ones first (the next page).")
@output
@pass_ctx
def list_(ctx: Ctx, role: str | None, unread: bool, limit: int, offset: int) -> None:
    """Notifications newest first, with the acting user's read marks."""
    from propsvc.views.notification import render_feed

    data = ctx.read.notifications(unread=unread, role=role, limit=limit, offset=offset)
    ctx.emit(data, lambda d: render_feed(d, ctx.calendar))


def _marked(ctx: Ctx, marked: int) -> None:
    from propsvc.views.notification import render_marked

    data = {"user": ctx.actor, "marked": marked,
            "unread": ctx.read.unread_notifications()}
    ctx.emit(data, render_marked)


@notifications.command("read")
@click.argument("ids", nargs=-1, required=True)
@output
@pass_ctx
def read(ctx: Ctx, ids: tuple[str, ...]) -> None:
    """Mark these notifications read for the acting user."""
    result = ctx.office.notifications.mark_read(list(ids))
    ctx.warn(result.all_warnings())
    _marked(ctx, sum(len(getattr(e, "ids", ())) for e in result.events))


@notifications.command("read-all")
@output
@pass_ctx
def read_all(ctx: Ctx) -> None:
    """Mark everything the acting user can see now as read."""
    before = ctx.read.unread_notifications()
    result = ctx.office.notifications.mark_all_read()
    ctx.warn(result.all_warnings())
    _marked(ctx, before)


@click.group()
def notify() -> None:
    """Send notifications out: webhooks (WeCom, DingTalk, any JSON) and mail."""


CONFIG = click.option("--config", "config", envvar="PROPSVC_CONFIG", metavar="FILE",
                      help="The TOML file with the [notify] targets (env PROPSVC_CONFIG).")


@notify.command()
@CONFIG
@output
@pass_ctx
def deliver(ctx: Ctx, config: str | None) -> None:
    """Send what is due to each configured target once; failures retry later."""
    from propsvc.delivery.config import load_config
    from propsvc.views.notification import render_delivered

    settings = load_config(config)
    ctx.office.backend.require_existing()
    ctx.emit(ctx.office.deliver(settings).view(), render_delivered)


@notify.command("log")
@click.option("--limit", type=click.IntRange(1, 1000), default=100, show_default=True,
              help="At most this many attempts.")
@output
@pass_ctx
def log(ctx: Ctx, limit: int) -> None:
    """The delivery log: the latest attempts, newest first."""
    from propsvc.views.notification import render_log

    ctx.emit(ctx.office.delivery_log(limit), lambda rows: render_log(rows, ctx.calendar))
