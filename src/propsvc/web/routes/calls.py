"""New calls: one form per kind with the fields its first rule asks for — repair R1,
complaint C1, help H1, inquiry H4 — checked in the page (required, patterns) and by the
facade; a refusal comes back beside its field with the rule."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from propsvc.desks.result import Result
from propsvc.errors import PropsvcError
from propsvc.i18n import N_, _
from propsvc.office.facade import Office
from propsvc.permissions import MATRIX
from propsvc.vocabulary import (
    HELP_KINDS,
    LODGED_WITH,
    REPAIR_CHANNELS,
    REQUEST_CHANNELS,
    YES_NO,
)
from propsvc.web.forms import PHONE_PATTERN, UNIT_PATTERN, Field, FormError, Posted, refusal
from propsvc.web.render import page
from propsvc.web.routes.common import call, form_of, held_roles
from propsvc.web.session import page_office, page_user

router = APIRouter()
UNIT = Field("unit", N_("Unit (building-unit-room)"), pattern=UNIT_PATTERN,
             hint=N_("e.g. 3-2-1201"))
LOCATION = Field("location", N_("Location (public area)"))
CALLER = Field("caller", N_("Caller"), required=True, aliases=("caller name",))
PHONE = Field("phone", N_("Phone"), pattern=PHONE_PATTERN)
SUMMARY = Field("summary", N_("What is wrong"), "textarea", True)


@dataclass(frozen=True)
class CallForm:
    kind: str
    title: str
    rule: str
    fields: tuple[Field, ...]
    open: Callable[[Office, Posted], Result]


def _yes_no(value: str | None) -> bool | None:
    return None if not value else value == "yes"


def _repair(o: Office, p: Posted) -> Result:
    return o.repairs.open(
        unit=p.text("unit"), caller=p.text("caller") or "", phone=p.text("phone"),
        summary=p.text("summary") or "", part=p.text("part"), urgent=p.flag("urgent"),
        home=_yes_no(p.text("home")), spare_key=_yes_no(p.text("spare_key")),
        appointment=p.when("appointment", o.calendar), channel=p.text("channel") or "phone",
        public_area=p.flag("public_area"), location=p.text("location"), paid=p.flag("paid"))


def _complaint(o: Office, p: Posted) -> Result:
    return o.complaints.open(unit=p.text("unit"), caller=p.text("caller") or "",
                             phone=p.text("phone"), summary=p.text("summary") or "",
                             channel=p.text("channel") or "", location=p.text("location"),
                             lodged_with=p.text("lodged_with"))


def _help(o: Office, p: Posted) -> Result:
    return o.help.open(help_kind=p.text("help_kind") or "", unit=p.text("unit"),
                       caller=p.text("caller") or "", phone=p.text("phone"),
                       summary=p.text("summary") or "", channel=p.text("channel") or "phone",
                       location=p.text("location"))


def _inquiry(o: Office, p: Posted) -> Result:
    return o.inquiries.open(unit=p.text("unit"), caller=p.text("caller") or "",
                            phone=p.text("phone"), summary=p.text("summary") or "",
                            channel=p.text("channel") or "phone", written=p.flag("written"),
                            location=p.text("location"))


FORMS = {f.kind: f for f in (
    CallForm("repair", N_("New repair call"), "R1", (
        UNIT, Field("public_area", N_("Public area"), "checkbox"), LOCATION,
        Field("part", N_("Part")), CALLER, PHONE, SUMMARY,
        Field("channel", N_("Channel"), "select", True, REPAIR_CHANNELS),
        Field("urgent", N_("Urgent"), "checkbox"),
        Field("home", N_("Owner at home"), "select", choices=YES_NO),
        Field("spare_key", N_("Spare key with the office"), "select", choices=YES_NO),
        Field("appointment", N_("Appointment"), "datetime"),
        Field("paid", N_("Paid service"), "checkbox")), _repair),
    CallForm("complaint", N_("New complaint"), "C1", (
        UNIT, LOCATION, CALLER, PHONE, SUMMARY,
        Field("channel", N_("Channel"), "select", True, REQUEST_CHANNELS),
        Field("lodged_with", N_("Also lodged with"), "select", choices=LODGED_WITH)),
        _complaint),
    CallForm("help", N_("New help request"), "H1", (
        Field("help_kind", N_("Kind of help"), "select", True, HELP_KINDS,
              aliases=("help kind", "kind")),
        UNIT, LOCATION, CALLER, PHONE, SUMMARY,
        Field("channel", N_("Channel"), "select", True, REQUEST_CHANNELS)), _help),
    CallForm("inquiry", N_("New inquiry"), "H4", (
        UNIT, LOCATION, CALLER, PHONE, SUMMARY,
        Field("channel", N_("Channel"), "select", True, REQUEST_CHANNELS),
        Field("written", N_("Written inquiry"), "checkbox")), _inquiry),
)}


def allowed(role: str) -> list[CallForm]:
    return [f for f in FORMS.values() if role in MATRIX[f"ticket.open.{f.kind}"]]


def _form_page(request: Request, user: Any, office: Office, form: CallForm,
               values: dict[str, Any], error: FormError | None, roles: list[str],
               status: int = 200) -> HTMLResponse:
    errors = {error.field: error} if error and error.field else {}
    return page(request, "call_form.html", user, office.calendar, status=status,
                title=_(form.title), form=form, forms=allowed(user.role), values=values,
                errors=errors, error=error, roles=roles)


@router.get("/calls/new")
async def calls(request: Request) -> Response:
    user = await page_user(request)
    mine = allowed(user.role)
    target = f"/calls/new/{mine[0].kind}" if mine else "/"
    return RedirectResponse(target, status_code=303)


@router.get("/calls/new/{kind}")
async def new_call(request: Request, kind: str) -> HTMLResponse:
    user = await page_user(request)
    office = page_office(request, user)
    form = _known(kind)
    roles = await call(held_roles, request, user)
    values = {"channel": "phone"} if kind != "complaint" else {}
    return _form_page(request, user, office, form, values, None, roles)


@router.post("/calls/new/{kind}")
async def post_call(request: Request, kind: str) -> Response:
    user = await page_user(request)
    office = page_office(request, user)
    form = _known(kind)
    data = await form_of(request)
    posted = Posted(data, list(form.fields))
    try:
        result = await call(form.open, office, posted)
    except FormError as err:
        roles = await call(held_roles, request, user)
        return _form_page(request, user, office, form, data, err, roles, err.status)
    except PropsvcError as err:
        roles = await call(held_roles, request, user)
        found = refusal(err, list(form.fields))
        return _form_page(request, user, office, form, data, found, roles, found.status)
    return RedirectResponse(f"/tickets/{result.number}?done=opened", status_code=303)


def _known(kind: str) -> CallForm:
    from propsvc.errors import NotFound
    from propsvc.web.session import PageError

    if kind not in FORMS:
        raise PageError(NotFound(f"no call form {kind!r}: use one of {', '.join(FORMS)}"))
    return FORMS[kind]
