"""Who a request acts as. ``current_user`` (a FastAPI dependency) accepts either

* ``Authorization: Bearer psv_…`` — a token from ``propsvc user token`` (scripts); or
* the session cookie ``propsvc_session`` set by ``POST /api/v1/login``; a state-changing
  request (anything but GET/HEAD/OPTIONS) on a cookie must echo the session's CSRF token
  in the ``X-CSRF-Token`` header or, for an HTML form post, a ``csrf_token`` field.

The role and office come from the session or token, never from the request. Every
check is the facade's (``office.users``): the server only carries the credentials.
"""

from __future__ import annotations

import hmac
import time
from collections import deque
from typing import TYPE_CHECKING

from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool

from propsvc.desks.users import Principal
from propsvc.errors import Forbidden, Unauthenticated
from propsvc.server.offices import login_office

if TYPE_CHECKING:
    from propsvc.server.settings import Settings

SESSION_COOKIE = "propsvc_session"
CSRF_COOKIE = "propsvc_csrf"  # readable by the page's script; the server checks the pair
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


async def _sent_csrf(request: Request) -> str:
    sent = request.headers.get(CSRF_HEADER)
    if sent:
        return sent
    if request.headers.get("content-type", "").startswith(FORMS):
        form = await request.form()  # starlette keeps it: the route reads it again
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else ""
    return ""


async def current_user(request: Request) -> Principal:
    """The authenticated user of this request (401 when there is none)."""
    known = getattr(request.state, "principal", None)
    if isinstance(known, Principal):
        return known
    desk = login_office(request).users
    token = _bearer(request)
    if token is not None:
        principal = await run_in_threadpool(desk.check_token, token)
    else:
        session = request.cookies.get(SESSION_COOKIE)
        if not session:
            raise Unauthenticated("log in first (POST /api/v1/login) or send a bearer token")
        principal = await run_in_threadpool(desk.check_session, session)
        if request.method not in SAFE:
            await check_csrf(request, principal)
    request.state.principal = principal
    return principal


async def check_csrf(request: Request, principal: Principal) -> None:
    expected = principal.csrf or ""
    sent = await _sent_csrf(request)
    if not sent or not hmac.compare_digest(sent, expected):
        raise Forbidden("CSRF check failed: send the session's csrf token in the "
                        "X-CSRF-Token header (or the csrf_token form field)")


def set_session(response: Response, principal: Principal, settings: Settings) -> None:
    assert principal.session is not None and principal.csrf is not None
    age = int(settings.session_hours * 3600)
    response.set_cookie(SESSION_COOKIE, principal.session, max_age=age, httponly=True,
                        samesite="lax", secure=settings.secure_cookies, path="/")
    response.set_cookie(CSRF_COOKIE, principal.csrf, max_age=age, httponly=False,
                        samesite="strict", secure=settings.secure_cookies, path="/")


def clear_session(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")


class RateLimit:
    """At most ``per_minute`` attempts per client address per rolling minute (logins):
    the in-process first line; the account lockout (events) is the audited second."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._seen: dict[str, deque[float]] = {}

    def allow(self, remote: str) -> bool:
        now = time.monotonic()
        seen = self._seen.setdefault(remote, deque())
        while seen and now - seen[0] > 60:
            seen.popleft()
        if len(seen) >= self.per_minute:
            return False
        seen.append(now)
        if len(self._seen) > 10_000:
            self._seen = {k: v for k, v in self._seen.items() if v}
        return True
