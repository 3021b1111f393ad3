"""Vacant-unit pages (空置房, Q4): the units vacant now with their inspection deadlines,
the application form, and each unit's page — the monthly inspection with its meter
readings (over a limit: occupied, the reduced rate stops), the end of the vacancy."""

from __future__ import annotations

from fastapi import APIRouter

from propsvc.i18n import N_
from propsvc.web.forms import UNIT_PATTERN, Field
from propsvc.web.ops import Op
from propsvc.web.routes.service_pages import Col, Row, ServicePages, install

router = APIRouter()
DAY = r"\d{4}-\d{2}-\d{2}"

APPLY = Op("apply", N_("Register a vacancy"), "vacancy.apply", (
    Field("unit", N_("Unit"), required=True, pattern=UNIT_PATTERN, aliases=("unit_",)),
    Field("owner", N_("Owner")),
    Field("from", N_("Vacant from (YYYY-MM-DD)"), required=True, pattern=DAY,
          aliases=("--from",)),
    Field("to", N_("Vacant to (YYYY-MM-DD)"), required=True, pattern=DAY, aliases=("--to",))),
    lambda o, p: o.vacancy.apply(unit_=p.need("unit"), starts=p.need("from"),
                                 ends=p.need("to"), owner=p.text("owner")), "Q4")
STEPS = (
    Op("inspect", N_("Monthly inspection"), "vacancy.inspect", (
        Field("water", N_("Water this month (t)"), required=True, aliases=("--water",)),
        Field("power", N_("Power this month (kWh)"), required=True, aliases=("--power",)),
        Field("note", N_("Note"))),
       lambda o, p: o.vacancy.inspect(unit_=p.need("number"), water=p.need("water"),
                                      power=p.need("power"), note=p.text("note")), "Q4"),
    Op("end", N_("End the vacancy"), "vacancy.end", (),
       lambda o, p: o.vacancy.end(unit_=p.need("number")), "Q4"),
)


def offers(r: Row) -> tuple[str, ...]:
    return ("inspect", "end") if r.get("status") == "vacant" else ()


SPEC = ServicePages(
    "vacancy", "/vacancy", N_("Vacant units"), ("vacancies", "vacancy-inspections"),
    (Col("unit", N_("Unit"), "link"), Col("owner", N_("Owner")),
     Col("starts_on", N_("Vacant from")), Col("ends_on", N_("Vacant to")),
     Col("fee_rate", N_("Fee rate")), Col("inspections", N_("Inspections")),
     Col("missed_inspections", N_("Inspections missed"))),
    (APPLY,), STEPS,
    (Col("unit", N_("Unit")), Col("periods.-1.owner", N_("Owner")),
     Col("periods.-1.from", N_("Vacant from")), Col("periods.-1.to", N_("Vacant to")),
     Col("periods.-1.fee_rate", N_("Fee rate")),
     Col("periods.-1.inspections.-1.at", N_("Last inspection"), "time"),
     Col("periods.-1.inspections.-1.water", N_("Water (t)")),
     Col("periods.-1.inspections.-1.power", N_("Power (kWh)")),
     Col("periods.-1.ended.on", N_("Ended")),
     Col("periods.-1.ended.reason", N_("Why it ended"), "word", "vacancy_end_reason")),
    offers, lambda read, n, at: read.vacancy_record(n, at),
    lambda read, n, at: read.vacancy_history(n, at),
    key="unit", rule="Q4")
install(router, SPEC)
