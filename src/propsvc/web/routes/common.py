"""What the page routes share: the roles a user may switch between, and (from
``web.session``) running the facade off the event loop and reading a posted form."""

from __future__ import annotations

from fastapi import Request

from propsvc.desks.users import Principal
from propsvc.web.session import call, form_of

__all__ = ["call", "form_of", "held_roles"]


def held_roles(request: Request, user: Principal) -> list[str]:
    """The roles the user holds (for the role switch)."""
    from propsvc.server.routes.session import _held

    roles: list[str] = _held(request, user)["roles"]
    return roles
