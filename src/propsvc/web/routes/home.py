"""The desk's home page: today's calls, what falls due soon (with countdowns) and what is
overdue (red), the current shift's handover log in brief; the live box is filled by the
page's script from the notification feed (and ``/live.json``: the counts right now)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from propsvc.i18n import _
from propsvc.office.facade import Office
from propsvc.web.render import countdown, page
from propsvc.web.routes.common import call, held_roles
from propsvc.web.session import page_office, page_user

router = APIRouter()
HANDOVER_ROLES = frozenset({"desk", "manager", "supervisor"})


def home_model(office: Office) -> dict[str, Any]:
    read = office.read
    now = read.now()
    today = read.day(None).isoformat()
    calls = read.find_tickets(start=today, end=today, limit=100)
    soon = read.due_soon(4)
    late = read.overdue()
    for row in soon + late:
        row["countdown"] = countdown(row["due_at"], now)
    log = read.handover_log(carried=(0, 0)) if office.user.role in HANDOVER_ROLES else None
    notices = read.notifications(limit=10)
    return {"calls": calls["rows"], "calls_total": calls["total"], "soon": soon,
            "overdue": late, "log": log, "today": today, "notices": notices}


@router.get("/", response_class=HTMLResponse)
async def home(request: Request) -> HTMLResponse:
    user = await page_user(request)
    office = page_office(request, user)
    if user.role == "technician":
        return RedirectResponse("/tech", status_code=303)  # type: ignore[return-value]
    model = await call(home_model, office)
    roles = await call(held_roles, request, user)
    from propsvc.permissions import MATRIX

    return page(request, "home.html", user, office.calendar, title=_("Desk"), roles=roles,
                can_mark=user.role in MATRIX["notification.read"], **model)


@router.get("/live.json")
async def live(request: Request) -> JSONResponse:
    """The desk's counts right now, for the page's script (overdue, due soon)."""
    user = await page_user(request)
    office = page_office(request, user)

    def counts() -> dict[str, Any]:
        read = office.read
        return {"overdue": len(read.overdue()), "due_soon": len(read.due_soon(4)),
                "notifications": read.unread_notifications(), "at": read.now().isoformat()}

    return JSONResponse(await call(counts))


@router.post("/notifications/read")
async def mark_read(request: Request) -> Response:
    """Mark one notification (``id``) or all of them (``all``) read, then back home."""
    from propsvc.errors import PropsvcError
    from propsvc.web.session import PageError, form_of

    user = await page_user(request)
    office = page_office(request, user)
    data = await form_of(request)
    try:
        if data.get("all"):
            await call(office.notifications.mark_all_read)
        else:
            await call(office.notifications.mark_read, [data.get("id", "")])
    except PropsvcError as err:
        raise PageError(err) from None
    return RedirectResponse("/#notices", status_code=303)
