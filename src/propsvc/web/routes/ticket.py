"""The ticket page: its state, its deadlines (due, met, missed, how late), the actions
the user's role may take now (as forms), the history with business time, recorded time,
actor and role, and an as-of picker showing the ticket as it stood at any moment."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from propsvc.errors import NotFound, PropsvcError
from propsvc.i18n import _
from propsvc.office.facade import Office
from propsvc.web.actions import BY_CODE, offered
from propsvc.web.forms import FormError, Posted, refusal
from propsvc.web.render import datum, page
from propsvc.web.routes.common import call, form_of, held_roles
from propsvc.web.session import PageError, page_office, page_user
from propsvc.web.timeline import timeline

router = APIRouter()


async def tech_again(request: Request, number: str, error: FormError, action: str,
                     values: dict[str, Any]) -> HTMLResponse:
    from propsvc.web.routes.tech import show_order

    return await show_order(request, number, error, action, values, error.status)


def ticket_model(office: Office, number: str, as_of: str | None) -> dict[str, Any]:
    read = office.read
    moment = office.calendar.parse_time(as_of.replace("T", " ")) if as_of else None
    view = read.ticket(number, as_of=moment)
    history = read.ticket_history(number)
    if moment is not None:
        history = [h for h in history if h["occurred_at"] <= moment.isoformat()]
    return {"t": view, "history": timeline(history, lambda v: datum(v, office.calendar)),
            "actions": offered(view, office.user.role, office.user.name),
            "as_of": as_of or "", "now": read.now()}


async def _show(request: Request, number: str, as_of: str | None = None,
                error: FormError | None = None, failed: str | None = None,
                values: dict[str, Any] | None = None, status: int = 200) -> HTMLResponse:
    user = await page_user(request)
    office = page_office(request, user)
    try:
        model = await call(ticket_model, office, number, as_of)
    except PropsvcError as err:
        raise PageError(err) from None
    roles = await call(held_roles, request, user)
    done = request.query_params.get("done")
    return page(request, "ticket.html", user, office.calendar, status=status,
                title=model["t"]["number"], roles=roles, error=error, failed=failed,
                values=values or {}, flash=_("Recorded.") if done and not error else None,
                **model)


@router.get("/tickets/{number}", response_class=HTMLResponse)
async def ticket(request: Request, number: str, as_of: str | None = None) -> HTMLResponse:
    return await _show(request, number, as_of or None)


@router.post("/tickets/{number}/{action}")
async def act(request: Request, number: str, action: str) -> Response:
    """One action's form: the facade decides (matrix, rules, two-person rules); a refusal
    is shown beside the form's field, nothing having been written."""
    user = await page_user(request)
    office = page_office(request, user)
    spec = BY_CODE.get(action)
    if spec is None:
        raise PageError(NotFound(f"no action {action!r} on a ticket"))
    data = await form_of(request)
    posted = Posted(data, list(spec.fields))
    try:
        result = await call(spec.run, office, number, posted)
    except FormError as err:
        if data.get("next", "").startswith("/tech/"):
            return await tech_again(request, number, err, action, data)
        return await _show(request, number, error=err, failed=action, values=data,
                           status=err.status)
    except PropsvcError as err:
        found = refusal(err, list(spec.fields))
        if data.get("next", "").startswith("/tech/"):
            return await tech_again(request, number, found, action, data)
        return await _show(request, number, error=found, failed=action, values=data,
                           status=found.status)
    back = data.get("next", "")
    if back.startswith("/tech/"):  # the technician's phone view posts here too
        return RedirectResponse(f"{back}?done={action}", status_code=303)
    return RedirectResponse(f"/tickets/{result.number}?done={action}", status_code=303)
