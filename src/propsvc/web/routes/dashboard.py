"""The supervisor's dashboard: deadline compliance per rule per week, the overdue trend,
the return-visit rate achieved vs target per class (V2), complaints by class (C11) and
carry-over items by age (S7), as server-drawn SVG charts with their figures beside them;
``?scope=company`` adds up every office the user holds (company roles)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from propsvc.errors import Forbidden, PropsvcError
from propsvc.i18n import _, lang
from propsvc.permissions import COMPANY_READ, READS_EVERY_OFFICE
from propsvc.vocabulary import COMPLAINT_CLASSES, VISIT_CLASSES
from propsvc.web.charts import Series, bar_chart, line_chart
from propsvc.web.render import page
from propsvc.web.routes.common import call, held_roles
from propsvc.web.session import PageError, page_office, page_user

router = APIRouter()
COMPANY_ROLES = COMPANY_READ  # the company role, and a manager or auditor of several


def charts(d: dict[str, Any]) -> dict[str, Markup]:
    weeks = d["weeks"]
    short = [w[5:] for w in weeks]
    rules = list(dict.fromkeys(r["rule"] for r in d["compliance"]))
    rate = {(r["rule"], r["week"]): r["rate"] for r in d["compliance"]}
    compliance = line_chart(
        _("Deadlines met in time, per rule and week"), short,
        [Series(rule, [rate.get((rule, w)) for w in weeks]) for rule in rules], percent=True)
    overdue = line_chart(_("Overdue at each week's end"), short,
                         [Series(_("overdue"), [float(o["overdue"]) for o in d["overdue"]])])
    classes = [VISIT_CLASSES.label(v["class"], lang()) for v in d["visits"]]
    visits = bar_chart(_("Return visits: achieved vs target (V2)"), classes,
                       [Series(_("achieved"), [v["rate"] for v in d["visits"]]),
                        Series(_("target"), [v["target"] for v in d["visits"]])],
                       percent=True)
    keys = [*COMPLAINT_CLASSES.codes, "unclassified"]
    names = [COMPLAINT_CLASSES.label(k, lang()) if k in COMPLAINT_CLASSES
             else _("unclassified") for k in keys]
    complaints = bar_chart(_("Complaints by class (C11)"), names,
                           [Series(_("complaints"),
                                   [float(d["complaints"].get(k, 0)) for k in keys])])
    ages = bar_chart(_("Carry-over items by months carried (S7)"),
                     [a["months"] for a in d["carryover"]],
                     [Series(_("items"), [float(a["items"]) for a in d["carryover"]])])
    return {k: Markup(v) for k, v in (("compliance", compliance), ("overdue", overdue),
                                       ("visits", visits), ("complaints", complaints),
                                       ("ages", ages))}


@router.get("/dashboard", response_class=HTMLResponse)
async def dashboard(request: Request, month: str | None = None, scope: str = "office"
                    ) -> HTMLResponse:
    user = await page_user(request)
    office = page_office(request, user)
    held = await call(_offices, request, user)
    company = scope == "company"
    try:
        if company and user.role not in COMPANY_ROLES:
            raise Forbidden(f"the company-wide view is for the roles "
                            f"{', '.join(sorted(COMPANY_ROLES))}, not {user.role!r}")
        if company and user.role in READS_EVERY_OFFICE:  # every registered office
            held = await call(lambda: office.company().codes)
        data = await call(office.read.dashboard, month or None, 8,
                          held if company else None)
    except PropsvcError as err:
        raise PageError(err) from None
    roles = await call(held_roles, request, user)
    return page(request, "dashboard.html", user, office.calendar, title=_("Dashboard"),
                d=data, charts=charts(data), roles=roles, company=company,
                can_company=user.role in COMPANY_ROLES and (
                    len(held) > 1 or user.role in READS_EVERY_OFFICE))


def _offices(request: Request, user: Any) -> list[str]:
    from propsvc.server.routes.session import _held

    offices: list[str] = _held(request, user)["offices"]
    return offices
