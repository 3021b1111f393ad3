"""Search: tickets by unit, phone, caller, number or words, kind, status and the days
they were opened — the same query as ``ticket find`` and the API's ``GET /tickets``."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from propsvc.errors import PropsvcError
from propsvc.i18n import N_, _
from propsvc.vocabulary import STATUS_FILTERS, TICKET_KINDS
from propsvc.web.forms import PHONE_PATTERN, UNIT_PATTERN, Field, refusal
from propsvc.web.render import page
from propsvc.web.routes.common import call, held_roles
from propsvc.web.session import page_office, page_user

router = APIRouter()
FIELDS = [Field("q", N_("Number or words"), aliases=("text",)),
          Field("unit", N_("Unit"), pattern=UNIT_PATTERN),
          Field("phone", N_("Phone"), pattern=PHONE_PATTERN), Field("caller", N_("Caller")),
          Field("kind", N_("Kind"), "select", choices=TICKET_KINDS),
          Field("status", N_("Status"), "select", choices=STATUS_FILTERS),
          Field("from", N_("Opened from (date)"), aliases=("start", "period")),
          Field("to", N_("Opened to (date)"), aliases=("end",))]


@router.get("/search", response_class=HTMLResponse)
async def search(request: Request) -> HTMLResponse:
    user = await page_user(request)
    office = page_office(request, user)
    values = {f.name: request.query_params.get(f.name, "").strip() for f in FIELDS}
    page_no = int(request.query_params.get("page", "1") or 1) if \
        request.query_params.get("page", "1").isdigit() else 1
    asked = any(values.values())
    found, error = None, None
    if asked:
        try:
            found = await call(office.read.find_tickets, values["q"] or None,
                               unit=values["unit"] or None, phone=values["phone"] or None,
                               caller=values["caller"] or None, kind=values["kind"] or None,
                               status=values["status"] or None, start=values["from"] or None,
                               end=values["to"] or None, limit=50, page=page_no)
        except PropsvcError as err:
            error = refusal(err, FIELDS)
    roles = await call(held_roles, request, user)
    query = "&".join(f"{k}={v}" for k, v in values.items() if v)
    return page(request, "search.html", user, office.calendar,
                status=error.status if error else 200, title=_("Search"), fields=FIELDS,
                values=values, errors={error.field: error} if error and error.field else {},
                error=error, found=found, rows=found["rows"] if found else [], roles=roles,
                query=query, page_no=page_no)
