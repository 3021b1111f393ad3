"""Paid-service pages (有偿服务, Q1; V1, V2): the requests not yet visited with their
deadlines, the request form and the rate table, and each request's steps — decide and
quote, the owner accepts, dispatch, complete, collect the fee, the return visit."""

from __future__ import annotations

from fastapi import APIRouter

from propsvc.desks.result import Result
from propsvc.i18n import N_
from propsvc.office.facade import Office
from propsvc.vocabulary import PAID_DEPARTMENTS
from propsvc.web.forms import PHONE_PATTERN, UNIT_PATTERN, Field, Posted
from propsvc.web.ops import Op
from propsvc.web.routes.service_pages import VISIT_FIELDS, Col, Row, ServicePages, install

router = APIRouter()


def _decide(o: Office, p: Posted) -> Result:
    quantity = p.number("quantity") if p.text("quantity") else 1
    return o.paid.decide(p.need("number"), rate=p.text("rate"), quantity=quantity,
                         free=p.flag("free"), reason=p.text("reason"),
                         department=p.text("department"))


REQUEST = Op("request", N_("Request a paid service"), "paid.request", (
    Field("unit", N_("Unit"), required=True, pattern=UNIT_PATTERN, aliases=("unit_",)),
    Field("service", N_("Service asked for"), required=True),
    Field("caller", N_("Caller")), Field("phone", N_("Phone"), pattern=PHONE_PATTERN)),
    lambda o, p: o.paid.request(unit_=p.need("unit"), service=p.need("service"),
                                caller=p.text("caller"), phone=p.text("phone")), "Q1")
STEPS = (
    Op("decide", N_("Chargeable or free, and the quote"), "paid.decide", (
        Field("rate", N_("Rate (code of the rate table)"), aliases=("--rate",)),
        Field("quantity", N_("Quantity"), pattern=r"\d{1,4}"),
        Field("free", N_("Free of charge"), "checkbox", aliases=("--free",)),
        Field("reason", N_("Why it is free"), aliases=("--reason",)),
        Field("department", N_("Department"), "select", choices=PAID_DEPARTMENTS)),
       _decide, "Q1"),
    Op("accept", N_("Owner accepts the quote"), "paid.accept",
       (Field("signed_by", N_("Signed by (owner)"), required=True),),
       lambda o, p: o.paid.accept(p.need("number"), signed_by=p.need("signed_by")), "Q1"),
    Op("dispatch", N_("Dispatch"), "paid.dispatch",
       (Field("to", N_("Who does the work"), required=True, aliases=("--to",)),),
       lambda o, p: o.paid.dispatch(p.need("number"), to=p.need("to")), "Q1"),
    Op("complete", N_("Service done"), "paid.complete", (),
       lambda o, p: o.paid.complete(p.need("number")), "Q1"),
    Op("collect", N_("Fee collected"), "paid.collect", (
        Field("amount", N_("Amount (yuan)"), required=True),
        Field("cashier", N_("Handed to cashier"), required=True)),
       lambda o, p: o.paid.collect(p.need("number"), amount=p.need("amount"),
                                   cashier=p.need("cashier")), "Q1"),
    Op("visit", N_("Return visit"), "paid.visit", VISIT_FIELDS,
       lambda o, p: o.paid.visit(p.need("number"), method=p.need("method"),
                                 result=p.need("result"), note=p.text("note")), "V1"),
)
NEXT: dict[str, tuple[str, ...]] = {
    "requested": ("decide",), "quoted": ("accept", "decide"), "accepted": ("dispatch",),
    "dispatched": ("complete",), "completed": ("collect", "visit"), "visited": ()}


def offers(r: Row) -> tuple[str, ...]:
    steps = NEXT.get(str(r.get("status")), ())
    if not (r.get("decision") or {}).get("chargeable") or r.get("fee"):
        steps = tuple(s for s in steps if s != "collect")
    return steps


SPEC = ServicePages(
    "paid", "/paid", N_("Paid services"), ("paid",),
    (Col("number", N_("Number"), "link"), Col("requested_at", N_("Requested"), "time"),
     Col("unit", N_("Unit")), Col("service", N_("Service")), Col("caller", N_("Caller")),
     Col("amount", N_("Quote (yuan)")), Col("status", N_("Status"), "word", "paid_status")),
    (REQUEST,), STEPS,
    (Col("unit", N_("Unit")), Col("service", N_("Service")), Col("caller", N_("Caller")),
     Col("phone", N_("Phone")), Col("requested_at", N_("Requested"), "time"),
     Col("decision.chargeable", N_("Chargeable"), "bool"), Col("decision.rate", N_("Rate")),
     Col("decision.amount", N_("Quote (yuan)")), Col("decision.reason", N_("Why it is free")),
     Col("accepted.signed_by", N_("Accepted by")),
     Col("decision.department", N_("Department"), "word", "paid_department"),
     Col("dispatch.to", N_("Dispatched to")), Col("dispatch.order", N_("Order"), "ticket"),
     Col("completed_at", N_("Completed"), "time"), Col("fee.amount", N_("Collected (yuan)")),
     Col("fee.cashier", N_("Cashier")), Col("visit.at", N_("Visited"), "time"),
     Col("visit.result", N_("Visit result"), "word", "visit_result")),
    offers, lambda read, n, at: read.paid_record(n, at),
    lambda read, n, at: read.paid_history(n, at),
    rule="Q1")
install(router, SPEC)
