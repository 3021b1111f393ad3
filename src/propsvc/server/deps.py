"""The facade per request: ``office_for`` (a dependency) gives the ``Office`` of the
authenticated user — their name, the session's role, ``authenticated=True`` — on the
process's one ``Backend``. ``CurrentOffice`` and ``CurrentUser`` are the annotated
shorthands a route takes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from propsvc.desks.users import Principal
from propsvc.office.facade import Office
from propsvc.permissions import Actor
from propsvc.server.auth import current_user
from propsvc.server.offices import login_office, office_of, settings_of


def office_for(request: Request,
               principal: Annotated[Principal, Depends(current_user)]) -> Office:
    return office_of(request, principal.office,
                     Actor(principal.name, principal.role, authenticated=True))


CurrentOffice = Annotated[Office, Depends(office_for)]
CurrentUser = Annotated[Principal, Depends(current_user)]

__all__ = ["CurrentOffice", "CurrentUser", "login_office", "office_for", "settings_of"]
