"""The facade per request: ``office_for`` (a dependency) gives the ``Office`` of the
authenticated user — their name, the session's role, ``authenticated=True`` — on the
process's one ``Backend``; ``login_office`` the office that checks logins and tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from propsvc.desks.users import Principal
from propsvc.office.facade import Office
from propsvc.permissions import Actor
from propsvc.server.auth import current_user
from propsvc.server.settings import Settings

LOGIN = Actor("propsvc-server", "desk", authenticated=True)


def settings_of(request: Request) -> Settings:
    found: Settings = request.app.state.settings
    return found


def _office(request: Request, code: str, user: Actor) -> Office:
    settings = settings_of(request)
    profiles = request.app.state.profiles
    if code not in profiles:
        profiles[code] = settings.profile(code)
    return Office(request.app.state.backend, code, user, settings.clock, profiles[code])


def login_office(request: Request) -> Office:
    return _office(request, settings_of(request).office, LOGIN)


def office_for(request: Request,
               principal: Annotated[Principal, Depends(current_user)]) -> Office:
    return _office(request, principal.office,
                   Actor(principal.name, principal.role, authenticated=True))


CurrentOffice = Annotated[Office, Depends(office_for)]
CurrentUser = Annotated[Principal, Depends(current_user)]
