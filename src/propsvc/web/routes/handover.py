"""The handover log of the current shift (交接班记录本: take over, triage, OK in red, reasons
in red, notes, hand over) and the carry-over file of a month (遗留问题档案, months carried)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from propsvc.errors import PropsvcError
from propsvc.i18n import N_, _
from propsvc.vocabulary import TRIAGES
from propsvc.web.forms import Field, FormError
from propsvc.web.ops import Op, allowed, post
from propsvc.web.render import page
from propsvc.web.routes.common import call, held_roles
from propsvc.web.session import PageError, page_office, page_user

router = APIRouter()
PAGE = 100  # matters carried in, a page (an office that never marks OK carries thousands)


def _page(request: Request) -> int:
    text = request.query_params.get("page", "1")
    return int(text) if text.isdigit() and int(text) >= 1 else 1
OPS = (
    Op("take_over", N_("Take over the shift"), "handover.take_over", (),
       lambda o, p: o.handover.take_over(), "S1"),
    Op("triage", N_("Triage"), "handover.triage",
       (Field("triage", N_("Triage"), "select", True, TRIAGES),),
       lambda o, p: o.handover.triage(p.need("number"), p.need("triage")), "S2", True),
    Op("ok", N_("Mark OK"), "handover.ok",
       (Field("note", N_("Note")), Field("instructed_by", N_("Instructed by (manager)"))),
       lambda o, p: o.handover.ok(p.need("number"), p.text("note"), p.text("instructed_by")),
       "S3", True),
    Op("reason", N_("Reason not done"), "handover.reason",
       (Field("reason", N_("Reason"), required=True),),
       lambda o, p: o.handover.reason(p.need("number"), p.need("reason")), "S4", True),
    Op("note", N_("Write in the log"), "handover.note",
       (Field("entry", N_("Entry"), "textarea", True),
        Field("major", N_("Major (report to the manager)"), "checkbox")),
       lambda o, p: o.handover.note(p.need("entry"), p.flag("major")), "S5"),
    Op("hand_over", N_("Hand over the shift"), "handover.hand_over", (),
       lambda o, p: o.handover.hand_over(), "S5"),
)


async def show(request: Request, error: FormError | None = None, failed: str | None = None,
               values: dict[str, Any] | None = None, status: int = 200) -> Response:
    user = await page_user(request)
    office = page_office(request, user)
    page_no = _page(request)
    try:
        log = await call(office.read.handover_log, None, None, None,
                         (PAGE, (page_no - 1) * PAGE))
    except PropsvcError as err:
        raise PageError(err) from None
    roles = await call(held_roles, request, user)
    done = request.query_params.get("done")
    return page(request, "handover.html", user, office.calendar, status=status,
                title=_("Handover log"), log=log, page_no=page_no, page_size=PAGE,
                ops=allowed(OPS, user.role), error=error,
                failed=failed, values=values or {}, roles=roles, action_base="/handover",
                flash=_("Recorded.") if done and not error else None)


@router.get("/handover", response_class=HTMLResponse)
async def handover(request: Request) -> Response:
    return await show(request)


@router.post("/handover/{code}")
async def handover_post(request: Request, code: str) -> Response:
    user = await page_user(request)
    return await post(request, page_office(request, user), OPS, code, "/handover", show)


@router.get("/carryover", response_class=HTMLResponse)
async def carryover(request: Request, month: str | None = None) -> Response:
    user = await page_user(request)
    office = page_office(request, user)
    try:
        label = office.read.month(month)
        found = await call(office.read.carryover_file, label)
    except PropsvcError as err:
        raise PageError(err) from None
    roles = await call(held_roles, request, user)
    return page(request, "carryover.html", user, office.calendar, title=_("Carry-over file"),
                file=found, month=label, roles=roles)
