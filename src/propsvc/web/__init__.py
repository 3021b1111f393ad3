"""The web desk (issue 10): server-rendered pages over the desk server's app, session and
facade. ``install(app)`` adds the pages' routers, the static assets (``/static``: the
desk's own CSS and script, nothing from a CDN) and the page errors (no session → the
login form; a refused post → the form again, the refusal beside its field)."""

from __future__ import annotations

import importlib

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from propsvc.web.render import HERE
from propsvc.web.session import LoginNeeded, PageError

PAGES = ("session", "home", "calls", "ticket", "search", "handover", "keys", "renovations",
         "movein", "paid", "release", "fees", "found", "vacancy", "registers", "dashboard",
         "tech")


def install(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_exception_handler(LoginNeeded, _login)
    app.add_exception_handler(PageError, _refused)
    for name in PAGES:
        module = importlib.import_module(f"propsvc.web.routes.{name}")
        app.include_router(module.router, include_in_schema=False)


def _login(request: Request, err: Exception) -> Response:
    from urllib.parse import quote

    assert isinstance(err, LoginNeeded)
    return RedirectResponse(f"/login?next={quote(err.next_url)}", status_code=303)


def _refused(request: Request, err: Exception) -> HTMLResponse:
    from propsvc.web.render import page

    assert isinstance(err, PageError)
    return page(request, "error.html", None, None, status=err.status, title=err.title,
                message=err.message, rule=err.rule)
