"""Keys (K1–K5): every key in custody or out, the overdue ones, and the forms to register,
deposit, lend, take back and hand back (retrieve) a key."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from propsvc.errors import PropsvcError
from propsvc.i18n import N_, _
from propsvc.office.facade import Office
from propsvc.vocabulary import BORROWER_TYPES, KEY_CLASSES
from propsvc.web.forms import UNIT_PATTERN, Field, FormError, Posted
from propsvc.web.ops import Op, allowed, post
from propsvc.web.render import page
from propsvc.web.routes.common import call, held_roles
from propsvc.web.session import PageError, page_office, page_user

router = APIRouter()
ID4 = Field("id_last4", N_("ID card, last 4"), required=True, pattern=r"[0-9Xx]{4}",
            aliases=("id", "id_last4_", "id-last4"))
UNIT = Field("unit", N_("Unit"), pattern=UNIT_PATTERN, aliases=("unit_",))


def _lend(o: Office, p: Posted) -> Any:
    return o.keys.lend(p.need("number"), to=p.need("to"), id_last4_=p.need("id_last4"),
                       purpose=p.need("purpose"), borrower_type=p.need("borrower_type"),
                       due=p.when("due", o.calendar), approved_by=p.text("approved_by"),
                       ticket=p.text("ticket"), renovation=p.text("renovation"))


OPS = (
    Op("register", N_("Register a key"), "key.register",
       (Field("label", N_("Label")), Field("key_class", N_("Class"), "select", True,
                                           KEY_CLASSES), UNIT,
        Field("area", N_("Area")), Field("equipment", N_("Equipment room"))),
       lambda o, p: o.keys.register(label=p.text("label"), key_class=p.need("key_class"),
                                    unit_=p.text("unit"), area=p.text("area"),
                                    equipment=p.text("equipment")), "K1"),
    Op("deposit", N_("Owner deposits a key"), "key.deposit",
       (Field("unit", N_("Unit"), required=True, pattern=UNIT_PATTERN, aliases=("unit_",)),
        Field("owner", N_("Owner"), required=True), ID4, Field("label", N_("Label"))),
       lambda o, p: o.keys.deposit(unit_=p.need("unit"), owner=p.need("owner"),
                                   id_last4_=p.need("id_last4"), label=p.text("label")), "K2"),
    Op("lend", N_("Lend"), "key.lend",
       (Field("to", N_("Borrower"), required=True),
        Field("borrower_type", N_("Borrower is"), "select", True, BORROWER_TYPES), ID4,
        Field("purpose", N_("Purpose"), required=True), Field("due", N_("Due back"),
                                                             "datetime"),
        Field("approved_by", N_("Approved by")), Field("ticket", N_("For ticket")),
        Field("renovation", N_("For renovation"))), _lend, "K3", True),
    Op("give_back", N_("Returned"), "key.give_back", (),
       lambda o, p: o.keys.give_back(p.need("number")), "K5", True),
    Op("retrieve", N_("Owner takes the key back"), "key.retrieve",
       (ID4, Field("signed_by", N_("Signed by"))),
       lambda o, p: o.keys.retrieve(p.need("number"), id_last4_=p.need("id_last4"),
                                    signed_by=p.text("signed_by")), "K4", True),
)


async def show(request: Request, error: FormError | None = None, failed: str | None = None,
               values: dict[str, Any] | None = None, status: int = 200) -> Response:
    user = await page_user(request)
    office = page_office(request, user)

    def model() -> dict[str, Any]:
        return {"keys": office.read.keys(), "overdue": office.read.key_overdue()}

    try:
        found = await call(model)
    except PropsvcError as err:
        raise PageError(err) from None
    roles = await call(held_roles, request, user)
    done = request.query_params.get("done")
    return page(request, "keys.html", user, office.calendar, status=status, title=_("Keys"),
                ops=allowed(OPS, user.role), error=error, failed=failed,
                values=values or {}, roles=roles, action_base="/keys",
                flash=_("Recorded.") if done and not error else None, **found)


@router.get("/keys", response_class=HTMLResponse)
async def keys(request: Request) -> Response:
    return await show(request)


@router.post("/keys/{code}")
async def keys_post(request: Request, code: str) -> Response:
    user = await page_user(request)
    return await post(request, page_office(request, user), OPS, code, "/keys", show)
