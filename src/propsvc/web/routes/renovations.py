"""Renovations (N1–N10): the register from application to refund, today's due
inspections (N5), the manager's spot-check list (N10), an application form, and one
renovation's page with the steps the user's role may record."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from propsvc.errors import PropsvcError
from propsvc.i18n import N_, _
from propsvc.office.facade import Office
from propsvc.vocabulary import INSPECTION_RESULTS, PHASES, PRE_CHECKS, REQUIRED_DOCUMENTS
from propsvc.web.forms import UNIT_PATTERN, Field, FormError, Posted
from propsvc.web.ops import Op, allowed, post
from propsvc.web.render import page
from propsvc.web.routes.common import call, held_roles
from propsvc.web.session import PageError, page_office, page_user

router = APIRouter()
NOTE = Field("note", N_("Note"))
# the step each status leads to (so a page offers the next steps, not every one)
NEXT: dict[str, tuple[str, ...]] = {
    "applied": ("pre_inspect", "review"), "approved": ("sign",), "signed": ("agreement",),
    "agreed": ("pay_deposit",), "paid": ("permit",),
    "active": ("phase", "inspect", "violation", "resolve", "accept", "spot_check"),
    "initial_accepted": ("accept", "return_passes", "spot_check"),
    "accepted": ("return_passes", "refund"), "refunded": (), "rejected": (),
}


def _apply(o: Office, p: Posted) -> Any:
    start = p.when("start", o.calendar)
    end = p.when("end", o.calendar)
    if start is None or end is None:
        raise FormError(_("the planned start and end dates are required"),
                        "N1", "start" if start is None else "end")
    cal = o.calendar
    return o.renovations.apply(
        unit_=p.need("unit"), contractor=p.need("contractor"), scope=p.need("scope"),
        start=cal.local_date(start), end=cal.local_date(end),
        documents=[d for d in REQUIRED_DOCUMENTS.codes if p.flag(f"doc_{d}")],
        owner=p.text("owner"), workers=p.lines("workers") or None)


APPLY = Op("apply", N_("Application"), "reno.apply", (
    Field("unit", N_("Unit"), required=True, pattern=UNIT_PATTERN, aliases=("unit_",)),
    Field("owner", N_("Owner")), Field("contractor", N_("Contractor"), required=True),
    Field("scope", N_("Scope of works"), "textarea", True),
    Field("start", N_("Planned start"), "datetime", True),
    Field("end", N_("Planned end"), "datetime", True),
    *(Field(f"doc_{t.code}", t.en, "checkbox", term=t) for t in REQUIRED_DOCUMENTS.terms),
    Field("workers", N_("Workers, one a line"), "textarea")), _apply, "N1")
STEPS = (
    Op("pre_inspect", N_("Pre-inspection"), "reno.pre_inspect",
       (Field("failed", N_("Failed check"), "select", choices=PRE_CHECKS), NOTE),
       lambda o, p: o.renovations.pre_inspect(p.need("number"),
                                              p.lines("failed"),
                                              p.text("note")), "N2"),
    Op("review", N_("Engineering review: approve"), "reno.review", (NOTE,),
       lambda o, p: o.renovations.review(p.need("number"), True, p.text("note")), "N3"),
    Op("sign", N_("Manager signs"), "reno.sign", (),
       lambda o, p: o.renovations.sign(p.need("number")), "N3"),
    Op("agreement", N_("Agreement signed"), "reno.agreement", (),
       lambda o, p: o.renovations.agreement(p.need("number")), "N3"),
    Op("pay_deposit", N_("Deposit paid"), "reno.pay_deposit",
       (Field("amount", N_("Deposit (yuan)"), required=True), Field("fee", N_("Fee (yuan)"))),
       lambda o, p: o.renovations.pay_deposit(p.need("number"), p.need("amount"),
                                              p.text("fee")), "N4"),
    Op("permit", N_("Issue permit and passes"), "reno.permit", (),
       lambda o, p: o.renovations.permit(p.need("number")), "N4"),
    Op("phase", N_("Phase"), "reno.phase",
       (Field("phase", N_("Phase"), "select", True, PHASES),),
       lambda o, p: o.renovations.phase(p.need("number"), p.need("phase")), "N5"),
    Op("inspect", N_("Inspection"), "reno.inspect",
       (Field("result", N_("Result"), "select", True, INSPECTION_RESULTS), NOTE),
       lambda o, p: o.renovations.inspect(p.need("number"), p.need("result"),
                                          p.text("note")), "N5"),
    Op("violation", N_("Violation"), "reno.violation",
       (NOTE, Field("serious", N_("Serious"), "checkbox")),
       lambda o, p: o.renovations.violation(p.need("number"), p.text("note"),
                                            p.flag("serious")), "N6"),
    Op("resolve", N_("Violation put right"), "reno.resolve",
       (Field("note", N_("How it was put right"), required=True),),
       lambda o, p: o.renovations.resolve(p.need("number"), p.need("note")), "N6"),
    Op("accept", N_("Acceptance"), "reno.accept",
       (Field("stage", N_("Stage (initial or final)"), required=True),),
       lambda o, p: o.renovations.accept(p.need("number"), p.need("stage")), "N9"),
    Op("return_passes", N_("Passes handed back"), "reno.return_passes",
       (Field("count", N_("How many"), "number", True),),
       lambda o, p: o.renovations.return_passes(p.need("number"), p.number("count")), "N9"),
    Op("refund", N_("Deposit refund"), "reno.refund", (),
       lambda o, p: o.renovations.refund(p.need("number")), "N9"),
    Op("spot_check", N_("Manager's spot check"), "reno.spot_check", (NOTE,),
       lambda o, p: o.renovations.spot_check(p.need("number"), p.text("note")), "N10"),
)


async def show_list(request: Request, error: FormError | None = None,
                    failed: str | None = None, values: dict[str, Any] | None = None,
                    status: int = 200) -> Response:
    user = await page_user(request)
    office = page_office(request, user)

    def model() -> dict[str, Any]:
        read = office.read
        return {"register": read.renovations(), "due": read.due_inspections(),
                "spot": read.spot_checks()}

    try:
        found = await call(model)
    except PropsvcError as err:
        raise PageError(err) from None
    roles = await call(held_roles, request, user)
    return page(request, "renovations.html", user, office.calendar, status=status,
                title=_("Renovations"), ops=allowed((APPLY,), user.role), error=error,
                failed=failed, values=values or {}, roles=roles, action_base="/renovations",
                flash=_("Recorded.") if request.query_params.get("done") and not error
                else None, **found)


async def show_one(request: Request, number: str, error: FormError | None = None,
                   failed: str | None = None, values: dict[str, Any] | None = None,
                   status: int = 200) -> Response:
    user = await page_user(request)
    office = page_office(request, user)

    def model() -> dict[str, Any]:
        return {"r": office.read.renovation(number),
                "history": office.read.renovation_history(number)}

    try:
        found = await call(model)
    except PropsvcError as err:
        raise PageError(err) from None
    mine = allowed(STEPS, user.role)
    ops = {c: mine[c] for c in NEXT.get(found["r"]["status"], ()) if c in mine}
    roles = await call(held_roles, request, user)
    return page(request, "renovation.html", user, office.calendar, status=status,
                title=found["r"]["number"], ops=ops, error=error, failed=failed,
                values=values or {}, roles=roles,
                action_base=f"/renovations/{found['r']['number']}",
                flash=_("Recorded.") if request.query_params.get("done") and not error
                else None, **found)


@router.get("/renovations", response_class=HTMLResponse)
async def renovations(request: Request) -> Response:
    return await show_list(request)


@router.post("/renovations/apply")
async def apply(request: Request) -> Response:
    user = await page_user(request)
    return await post(request, page_office(request, user), (APPLY,), "apply", "/renovations",
                      show_list)


@router.get("/renovations/{number}", response_class=HTMLResponse)
async def renovation(request: Request, number: str) -> Response:
    return await show_one(request, number)


@router.post("/renovations/{number}/{code}")
async def step(request: Request, number: str, code: str) -> Response:
    user = await page_user(request)

    async def again(req: Request, error: FormError | None, failed: str | None,
                    values: dict[str, Any], status: int) -> Response:
        return await show_one(req, number, error, failed, values, status)

    return await post(request, page_office(request, user), STEPS, code,
                      f"/renovations/{number}", again)
