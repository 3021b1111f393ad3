"""The cashier's arrears page (Q2): every unit with fees owed, the form that records
arrears, and a settle button per unit — what a goods release's confirmation checks."""

from __future__ import annotations

from fastapi import APIRouter

from propsvc.i18n import N_
from propsvc.office.reader import Reader
from propsvc.web.forms import UNIT_PATTERN, Field
from propsvc.web.ops import Op
from propsvc.web.routes.service_pages import Col, Row, ServicePages, install

router = APIRouter()
UNIT = Field("unit", N_("Unit"), required=True, pattern=UNIT_PATTERN, aliases=("unit_",))
OPS = (
    Op("arrears", N_("Record arrears"), "fees.arrears",
       (UNIT, Field("amount", N_("Amount owed (yuan)"), required=True),
        Field("note", N_("Note"))),
       lambda o, p: o.fees.arrears(unit_=p.need("unit"), amount=p.need("amount"),
                                   note=p.text("note")), "Q2"),
    Op("settle", N_("Mark settled"), "fees.settle", (),
       lambda o, p: o.fees.settle(unit_=p.text("unit") or p.need("number")), "Q2", True),
)


def arrears(read: Reader) -> list[Row]:
    rows: list[Row] = read.arrears()["rows"]
    return rows


SPEC = ServicePages(
    "fees", "/fees", N_("Fee arrears"), (),
    (Col("unit", N_("Unit")), Col("owed", N_("Owed (yuan)"), "late"),
     Col("updated_at", N_("Updated"), "time"), Col("updated_by", N_("Recorded by"))),
    OPS, rows=arrears, key="unit", rule="Q2")
install(router, SPEC)
