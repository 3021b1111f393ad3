"""The return visit after completion and the manager's review of it (R13, V3, C9, C10),
as ``propsvc visit`` has them."""

from __future__ import annotations

from propsvc.desks.result import Result
from propsvc.i18n import N_
from propsvc.office.facade import Office
from propsvc.vocabulary import VISIT_METHODS, VISIT_RATINGS, VISIT_RESULTS
from propsvc.web.actions.base import NOTE, Action, View, last_of, status_in
from propsvc.web.forms import Field, Posted

VISITED = ("repair", "complaint", "help")


def _visit(o: Office, n: str, p: Posted) -> Result:
    return o.visits.record(n, p.need("method"), p.need("result"), p.text("note"),
                           p.text("resident_signed_by"), quality=p.text("quality"),
                           effect=p.text("effect"), shortcomings=p.text("shortcomings"),
                           suggestions=p.text("suggestions"))


def _to_review(v: View) -> bool:
    """V3: the latest visit is not reviewed yet, and not by the one who made it."""
    visits = v.get("visits") or []
    if not visits or last_of(v, "ReturnVisitRecorded", "VisitReviewed") != "ReturnVisitRecorded":
        return False
    return bool(visits[-1]["visitor"] != v.get("viewer"))


VISIT_FIELDS = (Field("method", N_("Method"), "select", True, VISIT_METHODS),
                Field("result", N_("Result"), "select", True, VISIT_RESULTS), NOTE,
                Field("quality", N_("Quality of the service"), "select", False, VISIT_RATINGS),
                Field("effect", N_("Effect of the service"), "select", False, VISIT_RATINGS),
                Field("shortcomings", N_("What fell short")),
                Field("suggestions", N_("The resident's suggestions")),
                Field("resident_signed_by", N_("Resident's signature (in person)")))

VISIT_ACTIONS: tuple[Action, ...] = (
    Action("visit", N_("Return visit"), "repair.visit", VISITED, status_in("completed"),
           _visit, VISIT_FIELDS, "V3"),
    Action("visit_review", N_("Review the return visit"), "repair.visit_review", VISITED,
           _to_review, lambda o, n, p: o.visits.review(n, p.text("note")), (NOTE,), "V3"),
)
