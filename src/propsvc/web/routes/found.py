"""Lost-property pages (拾遗, Q3): the items still held with their deadlines (a valuable
to administration the same day, the weekly notice, disposal after the keeping period),
the forms that record an item and post the week's notice, and each item's steps — to
administration, claimed by its owner, to the company."""

from __future__ import annotations

from fastapi import APIRouter

from propsvc.i18n import N_
from propsvc.web.forms import Field
from propsvc.web.ops import Op
from propsvc.web.routes.service_pages import Col, Row, ServicePages, install

router = APIRouter()

NEW = (
    Op("record", N_("Record a found item"), "found.record", (
        Field("item", N_("What was found"), required=True),
        Field("place", N_("Where"), required=True), Field("finder", N_("Found by"), required=True),
        Field("valuable", N_("Valuable (to administration today)"), "checkbox")),
       lambda o, p: o.found.record(item=p.need("item"), place=p.need("place"),
                                   finder=p.need("finder"), valuable=p.flag("valuable")), "Q3"),
    Op("notice", N_("Post the week's notice"), "found.notice",
       (Field("week", N_("Week (YYYY-Www)"), required=True, pattern=r"\d{4}-[Ww]\d{2}"),),
       lambda o, p: o.found.notice(week=p.need("week")), "Q3"),
)
STEPS = (
    Op("to-admin", N_("Handed to administration"), "found.to_admin",
       (Field("received_by", N_("Received by (administration)"), required=True),),
       lambda o, p: o.found.to_admin(p.need("number"), received_by=p.need("received_by")),
       "Q3"),
    Op("claim", N_("Claimed by its owner"), "found.claim", (
        Field("claimant", N_("Claimant"), required=True),
        Field("id_last4", N_("ID card, last 4"), required=True, pattern=r"[0-9Xx]{4}",
              aliases=("id", "id-last4", "--id-last4")),
        Field("description", N_("The claimant's description"), "textarea", True)),
       lambda o, p: o.found.claim(p.need("number"), claimant=p.need("claimant"),
                                  id_last4_=p.need("id_last4"),
                                  description=p.need("description")), "Q3"),
    Op("dispose", N_("To the company (unclaimed)"), "found.dispose", (),
       lambda o, p: o.found.dispose(p.need("number")), "Q3"),
)


def offers(r: Row) -> tuple[str, ...]:
    if r.get("status") != "held":
        return ()
    admin = r.get("valuable") and not r.get("admin")
    return ("to-admin", "claim", "dispose") if admin else ("claim", "dispose")


SPEC = ServicePages(
    "found", "/found", N_("Lost property"), ("found",),
    (Col("number", N_("Number"), "link"), Col("found_at", N_("Found"), "time"),
     Col("item", N_("Item")), Col("place", N_("Where")),
     Col("valuable", N_("Valuable"), "bool"), Col("finder", N_("Found by")),
     Col("noticed", N_("In notices (weeks)"))),
    NEW, STEPS,
    (Col("item", N_("Item")), Col("place", N_("Where")), Col("found_at", N_("Found"), "time"),
     Col("finder", N_("Found by")), Col("valuable", N_("Valuable"), "bool"),
     Col("admin.received_by", N_("Received by (administration)")),
     Col("noticed", N_("In notices (weeks)"), "list"), Col("claim.claimant", N_("Claimant")),
     Col("claim.id_last4", N_("ID card, last 4")), Col("claim.at", N_("Claimed"), "time"),
     Col("disposed.at", N_("To the company"), "time")),
    offers, lambda read, n, at: read.found_record(n, at),
    lambda read, n, at: read.found_history(n, at),
    rule="Q3")
install(router, SPEC)
