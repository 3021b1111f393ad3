"""Logging in and out, the role switch and the language switch: forms over the desk
server's own login (``office.users``) and session cookies."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlparse

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from propsvc.errors import PropsvcError
from propsvc.i18n import N_, _
from propsvc.server.auth import clear_session, set_session
from propsvc.server.deps import login_office, settings_of
from propsvc.vocabulary import ROLE_NAMES
from propsvc.web.forms import Field, refusal
from propsvc.web.render import page
from propsvc.web.routes.common import call, form_of
from propsvc.web.session import LANG_COOKIE, page_user

router = APIRouter()
FIELDS = [Field("name", N_("Name"), required=True),
          Field("password", N_("Password"), required=True),
          Field("role", N_("Role (if you hold several)"), "select", choices=ROLE_NAMES),
          Field("office", N_("Office (if you work in several)"))]


def _safe(target: str | None) -> str:
    """Only a path on this site (no open redirect)."""
    if not target:
        return "/"
    parts = urlparse(target)
    return target if not parts.scheme and not parts.netloc and target.startswith("/") \
        else "/"


@router.get("/login")
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    return page(request, "login.html", None, None, title=_("Log in"), fields=FIELDS,
                values={}, errors={}, error=None, next=_safe(next))


@router.post("/login")
async def login(request: Request) -> Response:
    data = await form_of(request)
    target = _safe(data.get("next"))
    remote = request.client.host if request.client else ""
    if not request.app.state.login_limit.allow(remote):
        return _again(request, data, target, _("too many login attempts from this address: "
                                                "wait a minute"), 429)
    desk = login_office(request).users
    settings = settings_of(request)
    try:
        principal = await call(desk.log_in, data.get("name", ""), data.get("password", ""),
                               data.get("role") or None, data.get("office") or None, remote,
                               timedelta(hours=settings.session_hours))
    except PropsvcError as err:
        found = refusal(err, FIELDS)
        return _again(request, data, target, found.message, found.status, found.field)
    response = RedirectResponse(target, status_code=303)
    set_session(response, principal, settings)
    return response


def _again(request: Request, data: dict[str, str], target: str, message: str, status: int,
           field: str | None = None) -> HTMLResponse:
    from propsvc.web.forms import FormError

    error = FormError(message, None, field, status)
    values = {k: v for k, v in data.items() if k != "password"}
    return page(request, "login.html", None, None, status=status, title=_("Log in"),
                fields=FIELDS, values=values, errors={field: error} if field else {},
                error=error, next=target)


@router.post("/logout")
async def logout(request: Request) -> Response:
    user = await page_user(request)
    await call(login_office(request).users.log_out, user)
    response = RedirectResponse("/login", status_code=303)
    clear_session(response)
    return response


@router.post("/session/role")
async def switch_role(request: Request) -> Response:
    user = await page_user(request)
    data = await form_of(request)
    try:
        await call(login_office(request).users.switch, user, data.get("role") or None,
                   data.get("office") or None)
    except PropsvcError as err:
        from propsvc.web.session import PageError

        raise PageError(err) from None
    back = urlparse(request.headers.get("referer", "")).path
    return RedirectResponse(_safe(back), status_code=303)


@router.get("/lang")
def switch_language(to: str = "zh-CN", next: str = "/") -> Response:
    response = RedirectResponse(_safe(next), status_code=303)
    response.set_cookie(LANG_COOKIE, "en" if to.startswith("en") else "zh-CN",
                        max_age=365 * 86400, samesite="lax", path="/")
    return response
