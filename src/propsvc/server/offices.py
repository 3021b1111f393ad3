"""The ``Office`` a request works on, made on the process's one ``Backend``: for the
authenticated user (``deps.office_for``) or for the login checks (``login_office``)."""

from __future__ import annotations

from fastapi import Request

from propsvc.office.facade import Office
from propsvc.permissions import Actor
from propsvc.profile import Profile
from propsvc.server.settings import Settings

LOGIN = Actor("propsvc-server", "desk", authenticated=True)


def settings_of(request: Request) -> Settings:
    found: Settings = request.app.state.settings
    return found


def office_of(request: Request, code: str, user: Actor) -> Office:
    settings = settings_of(request)
    profiles = request.app.state.profiles

    def profile_of(office: str) -> Profile:
        if office not in profiles:
            profiles[office] = settings.profile(office)
        found: Profile = profiles[office]
        return found

    return Office(request.app.state.backend, code, user, settings.clock, profile_of(code),
                  profiles=profile_of)


def login_office(request: Request) -> Office:
    """The office that checks logins, sessions and tokens (the server's default office)."""
    return office_of(request, settings_of(request).office, LOGIN)
