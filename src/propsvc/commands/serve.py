"""``propsvc serve``: the desk server (FastAPI on uvicorn), imported only when it runs."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import click

from propsvc.commands.context import Ctx, pass_ctx

if TYPE_CHECKING:
    from propsvc.clock import Clock


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (behind a reverse proxy: keep 127.0.0.1).")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port to listen on.")
@click.option("--no-tick", is_flag=True,
              help="Do not tick every minute in this process (cron runs propsvc tick).")
@click.option("--config", "config_path", envvar="PROPSVC_SERVER_CONFIG", metavar="FILE",
              help="Server config TOML: [server] secret, session_hours, secure_cookies, "
                   "tick_seconds, login_per_minute (env PROPSVC_SERVER_CONFIG).")
@pass_ctx
def serve(ctx: Ctx, host: str, port: int, no_tick: bool, config_path: str | None) -> None:
    """Run the desk server: the JSON API under /api/v1 over the same store (--db)."""
    import uvicorn

    from propsvc.server.app import create_app
    from propsvc.server.settings import Settings

    settings = Settings(db=ctx.db, office=ctx.office_code, profile_path=ctx.profile_path,
                        config_path=config_path, tick=not no_tick)
    clock = ctx.clock or _fixed_clock(ctx)
    if clock is not None:
        settings.clock = clock
    from propsvc.server.routes.notifications import notify_config

    notify_config(settings)  # a bad [notify] table: one line, exit 2, before listening
    app = create_app(settings)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning",
                            access_log=False, lifespan="on")
    _server_class(app)(config).run()  # SIGTERM/SIGINT: finish requests, stop the ticker, close


def _server_class(app: Any) -> type:
    """uvicorn's server, except that a SIGTERM or SIGINT first ends the open notification
    streams (each says bye), and after a graceful shutdown ends the process with exit 0
    (uvicorn re-raises the signal, which reads as a crash)."""
    from collections.abc import Iterator
    from contextlib import contextmanager

    import uvicorn

    from propsvc.server.logs import log_line
    from propsvc.server.routes.notifications import stop_streams

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: Any) -> None:
            stop_streams(app)  # open notification streams say bye and end
            super().handle_exit(sig, frame)

        @contextmanager
        def capture_signals(self) -> Iterator[None]:
            with super().capture_signals():
                yield
                if self._captured_signals:
                    log_line("stopped", signals=list(self._captured_signals))
                self._captured_signals.clear()

    return Server


def _fixed_clock(ctx: Ctx) -> Clock | None:
    """``PROPSVC_NOW`` fixes the server's clock, as it does the CLI's (tests, a replay)."""
    text = os.environ.get("PROPSVC_NOW")
    if not text:
        return None
    from propsvc.clock import SettableClock
    from propsvc.profile import load_profile

    calendar = load_profile(ctx.profile_path, ctx.office_code).office_calendar
    return SettableClock(calendar.parse_time(text))
