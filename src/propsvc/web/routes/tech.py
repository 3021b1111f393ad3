"""The technician's phone view: my open work orders, and one order with the three things
done on site — arrived, materials used, completed with the owner's signature and rating —
posted through the same action forms as the ticket page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from propsvc.errors import PropsvcError
from propsvc.i18n import _
from propsvc.web.actions import offered
from propsvc.web.forms import FormError
from propsvc.web.render import page
from propsvc.web.routes.common import call, held_roles
from propsvc.web.session import PageError, page_office, page_user

router = APIRouter()
ON_SITE = ("arrive", "start", "materials", "pause", "resume", "defer", "complete")


@router.get("/tech", response_class=HTMLResponse)
async def my_orders(request: Request) -> HTMLResponse:
    user = await page_user(request)
    office = page_office(request, user)
    rows = await call(office.read.work_orders)
    roles = await call(held_roles, request, user)
    return page(request, "tech.html", user, office.calendar, title=_("My work orders"),
                rows=rows, roles=roles)


async def show_order(request: Request, number: str, error: FormError | None = None,
                     failed: str | None = None, values: dict[str, Any] | None = None,
                     status: int = 200) -> HTMLResponse:
    user = await page_user(request)
    office = page_office(request, user)
    try:
        view = await call(office.read.ticket, number)
    except PropsvcError as err:
        raise PageError(err) from None
    actions = [a for a in offered(view, user.role, user.name) if a.code in ON_SITE]
    done = request.query_params.get("done")
    return page(request, "tech_order.html", user, office.calendar, status=status,
                title=view["number"], t=view, actions=actions, error=error, failed=failed,
                values=values or {}, roles=[],
                flash=_("Recorded.") if done and not error else None)


@router.get("/tech/{number}", response_class=HTMLResponse)
async def order(request: Request, number: str) -> HTMLResponse:
    return await show_order(request, number)
