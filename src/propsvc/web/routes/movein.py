"""Move-in pages (入住, Q5; K6, V1): the move-ins not yet visited with their deadlines, the
form that starts one, and each move-in's steps — documents, agreements, the owner file,
payment, keys, the joint inspection, completion, the return visit."""

from __future__ import annotations

from fastapi import APIRouter

from propsvc.desks.result import Result
from propsvc.i18n import N_
from propsvc.office.facade import Office
from propsvc.vocabulary import (
    MOVEIN_AGREEMENTS,
    MOVEIN_DOCUMENTS,
    MOVEIN_INSPECTION_RESULTS,
    SECOND_INSPECTION_CHECKS,
    Choices,
)
from propsvc.web.forms import PHONE_PATTERN, UNIT_PATTERN, Field, Posted
from propsvc.web.ops import Op
from propsvc.web.routes.service_pages import VISIT_FIELDS, Col, Row, ServicePages, install

router = APIRouter()


def boxes(prefix: str, choices: Choices, alias: str) -> tuple[Field, ...]:
    """One checkbox per code (the CLI's repeated ``--doc``/``--agreement``/``--check``)."""
    return tuple(Field(f"{prefix}_{t.code}", t.en, "checkbox", term=t, aliases=(alias,))
                 for t in choices.terms)


def ticked(p: Posted, prefix: str, choices: Choices) -> list[str]:
    return [c for c in choices.codes if p.flag(f"{prefix}_{c}")]


def _inspect(o: Office, p: Posted) -> Result:
    return o.movein.inspect(p.need("number"), result=p.need("result"),
                            defects=p.lines("defects"),
                            checks=ticked(p, "check", SECOND_INSPECTION_CHECKS))


def _file(o: Office, p: Posted) -> Result:
    return o.movein.file(p.need("number"), members=p.lines("members"),
                         vehicles=p.lines("vehicles"),
                         emergency_contact=p.text("emergency_contact"))


START = Op("start", N_("Start a move-in"), "movein.start", (
    Field("unit", N_("Unit"), required=True, pattern=UNIT_PATTERN, aliases=("unit_",)),
    Field("owner", N_("Owner"), required=True),
    Field("phone", N_("Phone"), required=True, pattern=PHONE_PATTERN)),
    lambda o, p: o.movein.start(unit_=p.need("unit"), owner=p.need("owner"),
                                phone=p.need("phone")), "Q5")
STEPS = (
    Op("verify", N_("Documents seen"), "movein.verify", boxes("doc", MOVEIN_DOCUMENTS, "--doc"),
       lambda o, p: o.movein.verify(p.need("number"),
                                    documents=ticked(p, "doc", MOVEIN_DOCUMENTS)), "Q5"),
    Op("sign", N_("Agreements signed"), "movein.sign",
       boxes("agreement", MOVEIN_AGREEMENTS, "--agreement"),
       lambda o, p: o.movein.sign(p.need("number"),
                                  agreements=ticked(p, "agreement", MOVEIN_AGREEMENTS)), "Q5"),
    Op("file", N_("Owner file"), "movein.file", (
        Field("members", N_("Household members, one a line"), "textarea",
              aliases=("--member",)),
        Field("vehicles", N_("Vehicle plates, one a line"), "textarea", aliases=("--vehicle",)),
        Field("emergency_contact", N_("Emergency contact"))), _file, "Q5"),
    Op("pay", N_("Fees paid"), "movein.pay",
       (Field("amount", N_("Amount (yuan)"), required=True),),
       lambda o, p: o.movein.pay(p.need("number"), amount=p.need("amount")), "Q5"),
    Op("keys", N_("Keys handed over"), "movein.keys",
       (Field("count", N_("How many keys"), required=True, pattern=r"\d{1,2}"),),
       lambda o, p: o.movein.keys(p.need("number"), count=p.number("count")), "K6"),
    Op("inspect", N_("Joint inspection"), "movein.inspect", (
        Field("result", N_("Result"), "select", True, MOVEIN_INSPECTION_RESULTS),
        Field("defects", N_("Defects, one a line (each opens a repair)"), "textarea",
              aliases=("--defect", "defect")),
        *boxes("check", SECOND_INSPECTION_CHECKS, "--check")), _inspect, "Q5"),
    Op("complete", N_("Move-in complete"), "movein.complete", (),
       lambda o, p: o.movein.complete(p.need("number")), "Q5"),
    Op("visit", N_("Return visit"), "movein.visit", VISIT_FIELDS,
       lambda o, p: o.movein.visit(p.need("number"), method=p.need("method"),
                                   result=p.need("result"), note=p.text("note")), "V1"),
)


def offers(r: Row) -> tuple[str, ...]:
    """The steps a move-in's state admits: each until it is done, signing once every
    document is seen, the inspection once the keys are handed over, completion once
    everything is recorded (Q5), the visit after completion (V1)."""
    status = r.get("status")
    if status == "completed":
        return ("visit",)
    if status not in ("started", "inspecting"):
        return ()
    seen = not r.get("missing")
    signed = seen and set(MOVEIN_AGREEMENTS.codes) <= set(r.get("agreements") or ())
    keys, passed = bool(r.get("keys")), bool(r.get("passed"))
    ready = signed and r.get("owner_file") and r.get("paid") and keys and passed
    steps = {"verify": not seen, "sign": seen and not signed, "file": True,
             "pay": not r.get("paid"), "keys": not keys, "inspect": keys and not passed,
             "complete": bool(ready)}
    return tuple(code for code, now in steps.items() if now)


SPEC = ServicePages(
    "movein", "/movein", N_("Move-ins"), ("moveins",),
    (Col("number", N_("Number"), "link"), Col("started_at", N_("Started"), "time"),
     Col("unit", N_("Unit")), Col("owner", N_("Owner")), Col("phone", N_("Phone")),
     Col("missing", N_("Documents missing"), "list", "movein_document"),
     Col("status", N_("Status"), "word", "movein_status")),
    (START,), STEPS,
    (Col("unit", N_("Unit")), Col("owner", N_("Owner")), Col("phone", N_("Phone")),
     Col("started_at", N_("Started"), "time"),
     Col("documents", N_("Documents seen"), "list", "movein_document"),
     Col("missing", N_("Documents missing"), "list", "movein_document"),
     Col("agreements", N_("Agreements signed"), "list", "movein_agreement"),
     Col("owner_file.members", N_("Household members"), "list"),
     Col("owner_file.vehicles", N_("Vehicles"), "list"),
     Col("owner_file.emergency_contact", N_("Emergency contact")),
     Col("paid", N_("Paid (yuan)")), Col("keys", N_("Keys handed over")),
     Col("inspections.-1.result", N_("Inspection result"), "word",
         "movein_inspection_result"),
     Col("inspections.-1.tickets", N_("Defect repairs"), "ticket"),
     Col("completed_at", N_("Moved in"), "time"), Col("visit.at", N_("Visited"), "time"),
     Col("visit.result", N_("Visit result"), "word", "visit_result")),
    offers, lambda read, n, at: read.movein_record(n, at),
    lambda read, n, at: read.movein_history(n, at),
    rule="Q5")
install(router, SPEC)
