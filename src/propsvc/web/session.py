"""Who a page is for: the server's session (``server.auth.current_user`` — the pages add
no authentication of their own), the facade for that user, and the page's language (a
cookie the language switch sets; zh-CN by default)."""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from propsvc.desks.users import Principal
from propsvc.errors import PropsvcError, RuleViolation, Unauthenticated
from propsvc.i18n import N_, set_lang
from propsvc.office.facade import Office
from propsvc.server.auth import current_user
from propsvc.server.deps import office_for

LANG_COOKIE = "propsvc_lang"
T = TypeVar("T")


class LoginNeeded(Exception):
    """No session: the page sends the browser to the login form."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


class PageError(Exception):
    """A page that cannot be shown (forbidden, unknown number): an HTML page saying why,
    with the HTTP status the API would give."""

    def __init__(self, err: PropsvcError) -> None:
        from propsvc.server.errors import status_of

        super().__init__(str(err))
        self.status = status_of(err)
        self.rule = err.rule if isinstance(err, RuleViolation) else None
        self.message = err.message if isinstance(err, RuleViolation) else str(err)
        self.title = {403: N_("Forbidden"), 404: N_("Not found")}.get(self.status,
                                                                      N_("Refused"))


def language(request: Request) -> str:
    lang = "en" if request.cookies.get(LANG_COOKIE, "").startswith("en") else "zh-CN"
    set_lang(lang)
    return lang


async def page_user(request: Request) -> Principal:
    """The logged-in user (a post is CSRF-checked by the server's own dependency)."""
    language(request)
    try:
        return await current_user(request)
    except Unauthenticated:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginNeeded(target) from None
    except PropsvcError as err:  # a failed CSRF check, a disabled user
        raise PageError(err) from None


def page_office(request: Request, user: Principal) -> Office:
    return office_for(request, user)


async def call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn`` in a worker thread, with this request's context (language, user)."""
    ctx = contextvars.copy_context()
    return await run_in_threadpool(ctx.run, fn, *args, **kwargs)


async def form_of(request: Request) -> dict[str, Any]:
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}
