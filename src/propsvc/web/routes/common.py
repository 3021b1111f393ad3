"""What the page routes share: running the facade off the event loop (in the request's
context, so its language holds), the roles a user may switch between, and reading a
posted form."""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from propsvc.desks.users import Principal

T = TypeVar("T")


async def call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn`` in a worker thread, with this request's context (language, user)."""
    ctx = contextvars.copy_context()
    return await run_in_threadpool(ctx.run, fn, *args, **kwargs)


def held_roles(request: Request, user: Principal) -> list[str]:
    """The roles the user holds (for the role switch)."""
    from propsvc.server.routes.session import _held

    roles: list[str] = _held(request, user)["roles"]
    return roles


async def form_of(request: Request) -> dict[str, Any]:
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}
