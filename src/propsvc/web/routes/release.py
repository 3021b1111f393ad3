"""Goods-release pages (物品放行, Q2): the releases whose goods have not gone out, the
application form, and each release's steps — the desk confirms the fees are settled
(refused while the cashier has arrears on record), the owner signs, security lets the
goods out."""

from __future__ import annotations

from fastapi import APIRouter

from propsvc.i18n import N_
from propsvc.web.forms import UNIT_PATTERN, Field
from propsvc.web.ops import Op
from propsvc.web.routes.service_pages import Col, Row, ServicePages, install

router = APIRouter()

APPLY = Op("apply", N_("Apply to take goods out"), "release.apply", (
    Field("unit", N_("Unit"), required=True, pattern=UNIT_PATTERN, aliases=("unit_",)),
    Field("owner", N_("Owner")), Field("goods", N_("Goods and how many"), "textarea", True),
    Field("plate", N_("Vehicle plate"), required=True, aliases=("plate_",)),
    Field("driver", N_("Driver"), required=True),
    Field("driver_id_last4", N_("Driver's ID, last 4"), required=True, pattern=r"[0-9Xx]{4}",
          aliases=("id", "id-last4", "--driver-id-last4"))),
    lambda o, p: o.release.apply(unit_=p.need("unit"), goods=p.need("goods"),
                                 plate_=p.need("plate"), driver=p.need("driver"),
                                 driver_id_last4=p.need("driver_id_last4"),
                                 owner=p.text("owner")), "Q2")
STEPS = (
    Op("confirm", N_("Fees confirmed settled"), "release.confirm", (),
       lambda o, p: o.release.confirm(p.need("number")), "Q2"),
    Op("sign", N_("Owner signs"), "release.sign",
       (Field("signed_by", N_("Signed by (owner)"), required=True),),
       lambda o, p: o.release.sign(p.need("number"), signed_by=p.need("signed_by")), "Q2"),
    Op("out", N_("Out through the gate"), "release.out", (),
       lambda o, p: o.release.out(p.need("number")), "Q2"),
)


def offers(r: Row) -> tuple[str, ...]:
    if r.get("status") == "out":
        return ()
    steps = [s for s, done in (("confirm", r.get("confirmed")),
                               ("sign", r.get("signed"))) if not done]
    if r.get("confirmed") and r.get("signed"):
        steps.append("out")
    return tuple(steps)


SPEC = ServicePages(
    "release", "/release", N_("Goods releases"), ("releases",),
    (Col("number", N_("Number"), "link"), Col("applied_at", N_("Registered"), "time"),
     Col("unit", N_("Unit")), Col("goods", N_("Goods")), Col("plate", N_("Vehicle plate")),
     Col("driver", N_("Driver")), Col("confirmed_by", N_("Fees confirmed by")),
     Col("signed_by", N_("Signed by (owner)")),
     Col("status", N_("Status"), "word", "release_status")),
    (APPLY,), STEPS,
    (Col("unit", N_("Unit")), Col("owner", N_("Owner")), Col("goods", N_("Goods")),
     Col("plate", N_("Vehicle plate")), Col("driver.name", N_("Driver")),
     Col("driver.id_last4", N_("Driver's ID, last 4")),
     Col("applied_at", N_("Registered"), "time"),
     Col("confirmed.by", N_("Fees confirmed by")), Col("confirmed.at", N_("Confirmed"), "time"),
     Col("signed.by", N_("Signed by (owner)")), Col("out_at", N_("Out"), "time")),
    offers, lambda read, n, at: read.release_record(n, at),
    lambda read, n, at: read.release_history(n, at),
    rule="Q2")
install(router, SPEC)
