"""Logging in and out, who am I, switching the session's role (``/api/v1/login`` …)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from propsvc.desks.users import Principal
from propsvc.server.auth import clear_session, set_session
from propsvc.server.deps import CurrentUser, login_office, settings_of

router = APIRouter(tags=["session"])


class Login(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    role: str | None = Field(None, description="Which of the user's roles this session "
                             "acts as (required when the user holds several).")
    office: str | None = Field(None, description="Which of the user's offices "
                               "(default: the first granted).")


class Switch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: str | None = None
    office: str | None = None


def me_view(p: Principal, roles: list[str] | None = None,
            offices: list[str] | None = None) -> dict[str, Any]:
    return {"name": p.name, "role": p.role, "office": p.office, "via": p.via,
            "csrf_token": p.csrf, "roles": roles or [p.role], "offices": offices or [p.office]}


def _held(request: Request, p: Principal) -> dict[str, Any]:
    row = login_office(request).users.account(p.name) or {}
    return me_view(p, row.get("roles"), row.get("offices"))


@router.post("/login", summary="Log in: sets the session cookie (HttpOnly, SameSite=Lax)")
async def login(body: Login, request: Request, response: Response) -> dict[str, Any]:
    remote = request.client.host if request.client else ""
    if not request.app.state.login_limit.allow(remote):
        raise HTTPException(429, "too many login attempts from this address: wait a minute")
    desk = login_office(request).users
    settings = settings_of(request)
    principal = await run_in_threadpool(
        desk.log_in, body.name, body.password, body.role, body.office, remote,
        timedelta(hours=settings.session_hours))
    set_session(response, principal, settings)
    return await run_in_threadpool(_held, request, principal)


@router.post("/logout", summary="End the session (the cookie stops working everywhere)")
def logout(user: CurrentUser, request: Request, response: Response) -> dict[str, Any]:
    login_office(request).users.log_out(user)
    clear_session(response)
    return {"logged_out": user.name}


@router.get("/me", summary="Who this session or token acts as")
def me(user: CurrentUser, request: Request) -> dict[str, Any]:
    return _held(request, user)


@router.post("/session/role", summary="Act as another of your roles (or offices)")
def switch(body: Switch, user: CurrentUser, request: Request) -> dict[str, Any]:
    switched = login_office(request).users.switch(user, body.role, body.office)
    request.state.principal = switched
    return _held(request, switched)
