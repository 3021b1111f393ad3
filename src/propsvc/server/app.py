"""``create_app(settings) -> FastAPI``: the desk server.

One ``Backend`` per process (opened on first use, closed at shutdown), an ``Office`` per
request for the authenticated user (``deps.office_for``), errors as JSON
(``errors.install``), one log line per request (``logs.request_log``), the read models
checked once per request however many reads it makes (``reads_checked_once``) and the minute
ticker (``ticker.Ticker``, unless ``settings.tick`` is off). Route modules live in
``routes/`` (one per family) and are listed in ``ROUTERS``; another part of the server
(notifications, the web pages) adds its own router with ``app.include_router``.
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response

from propsvc.office.backend import Backend, checked_once
from propsvc.server import errors
from propsvc.server.auth import RateLimit
from propsvc.server.logs import request_log
from propsvc.server.routes.notifications import stop_streams
from propsvc.server.settings import Settings
from propsvc.server.ticker import Ticker

API = "/api/v1"
ROUTERS = ("session", "tickets", "repairs", "visits", "complaints", "help", "inquiries",
           "feedback", "incidents", "keys", "renovations", "handover", "patrol",
           "registers", "calendar", "admin", "notifications", "services")
# other parts of the office system that add their own routes: each module's install(app)
# (imported by name: they build on the server, the server does not depend on them)
PARTS = ("propsvc.web",)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    backend = Backend(settings.db)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        ticker = Ticker(backend, settings) if settings.tick else None
        app.state.ticker = ticker
        if ticker is not None:
            ticker.start()
        try:
            yield
        finally:
            stop_streams(app)
            if ticker is not None:
                ticker.stop()
            backend.close()

    app = FastAPI(title="propsvc desk server", version=_version(), lifespan=lifespan,
                  openapi_url="/api/openapi.json", docs_url="/api/docs", redoc_url=None)
    app.state.settings = settings
    app.state.backend = backend
    app.state.profiles = {}
    app.state.login_limit = RateLimit(settings.login_per_minute)
    errors.install(app)
    app.middleware("http")(reads_checked_once)
    app.middleware("http")(request_log)
    for name in ROUTERS:
        module = importlib.import_module(f"propsvc.server.routes.{name}")
        app.include_router(module.router, prefix=API)
    for part in PARTS:
        importlib.import_module(part).install(app)
    return app


async def reads_checked_once(request: Request,
                             call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """A page makes several reads (the session, the roles, its figures): the read models
    are brought up to date on the first, not checked again on each (a live feed still
    streaming after the response checks every time)."""
    with checked_once():
        return await call_next(request)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("propsvc")
    except PackageNotFoundError:  # pragma: no cover - a source tree without metadata
        return "0"
