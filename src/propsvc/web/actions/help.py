"""The help-request and inquiry steps a ticket page offers (H2–H5), as ``propsvc help``
and ``propsvc inquiry`` have them: an everyday request is answered, a medical emergency
takes one of the H3 branches (the hospital escort leaves, then returns), security and
disaster requests and chargeable help are routed on (H5)."""

from __future__ import annotations

from propsvc.i18n import N_
from propsvc.vocabulary import HELP_ROUTES, INCIDENT_CATEGORIES, MEDICAL_ACTIONS
from propsvc.web.actions.base import NOTE, TEXT, Action, View, desk, events, names
from propsvc.web.forms import Field

HELP = ("help",)
ROUTED_ONLY = ("medical", "security", "disaster")  # never closed with a plain answer


def _received(v: View) -> bool:
    return bool(v["status"] == "received")


def _answerable(v: View) -> bool:
    d = desk(v)
    return _received(v) and d.get("help_kind") not in ROUTED_ONLY and not d.get("paid")


def _medical(v: View) -> bool:
    return _received(v) and desk(v).get("help_kind") == "medical"


def _routable(v: View) -> bool:
    return _received(v) and desk(v).get("help_kind") != "medical"


def _escort_out(v: View) -> bool:
    """H3: the escort took the resident to hospital and is not back yet."""
    medical = (desk(v).get("help") or {}).get("medical") or {}
    return medical.get("action") == "hospital" and "EscortReturned" not in events(v)


HELP_ACTIONS: tuple[Action, ...] = (
    Action("help_answer", N_("Answer"), "help.answer", HELP, _answerable,
           lambda o, n, p: o.help.answer(n, p.need("text"), cannot_help=p.flag("cannot_help"),
                                         referred_to=p.text("referred_to"),
                                         asked_supervisor=p.flag("asked_supervisor")),
           (TEXT, Field("cannot_help", N_("Cannot help"), "checkbox"),
            Field("referred_to", N_("Who can help, when we cannot")),
            Field("asked_supervisor", N_("Asked the supervisor"), "checkbox")), "H2"),
    Action("medical", N_("Medical emergency: the branch taken"), "help.medical", HELP,
           _medical,
           lambda o, n, p: o.help.medical(n, p.need("action"), names(p, "staff"),
                                          p.text("vehicle"), p.flag("serious"),
                                          relative=p.text("relative")),
           (Field("action", N_("Branch"), "select", True, MEDICAL_ACTIONS),
            Field("staff", N_("Staff involved, one a line"), "textarea"),
            Field("vehicle", N_("Vehicle (to hospital)")),
            Field("relative", N_("Relative staying with the patient (nursing)")),
            Field("serious", N_("Serious: report to the supervisor at once"), "checkbox")),
           "H3"),
    Action("escort_returned", N_("The hospital escort is back"), "help.medical", HELP,
           _escort_out, lambda o, n, p: o.help.escort_returned(n, p.text("note")),
           (NOTE,), "H3"),
    Action("route", N_("Route on"), "help.route", HELP, _routable,
           lambda o, n, p: o.help.route(n, p.need("to"), category=p.text("category")),
           (Field("to", N_("To"), "select", True, HELP_ROUTES),
            Field("category", N_("Incident category (to an incident)"), "select", False,
                  INCIDENT_CATEGORIES)), "H5"),
    Action("inquiry_answer", N_("Answer"), "inquiry.answer", ("inquiry",), _received,
           lambda o, n, p: o.inquiries.answer(n, p.need("text"), p.flag("asked_supervisor")),
           (TEXT, Field("asked_supervisor", N_("Asked the supervisor"), "checkbox")), "H4"),
)
