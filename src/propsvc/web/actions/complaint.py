"""The complaint steps a ticket page offers (C2–C10), as ``propsvc complaint`` has them."""

from __future__ import annotations

from propsvc.i18n import N_
from propsvc.vocabulary import COMPLAINT_CLASSES, WARRANTY_PARTIES
from propsvc.web.actions.base import (
    DONE,
    NOTE,
    SIGNED,
    TEXT,
    Action,
    View,
    desk,
    events,
    last_of,
    missing,
    status_in,
)
from propsvc.web.forms import Field

COMPLAINT = ("complaint",)
OPEN = ("received", "classified", "dispatched", "replied", "agreed")


def _remedy_pending(v: View) -> bool:
    return last_of(v, "RemedyAgreed", "RemedyCarriedOut") == "RemedyAgreed"


def _before_the_head(v: View) -> bool:
    """C6: sent up to the department head, who has not given an opinion yet."""
    sent = any(e["rule"] == "C6" and e["to"] == "department-head"
               for e in v.get("escalations") or [])
    return sent and "HeadOpinionGiven" not in events(v)


def _unclassified(v: View) -> bool:
    return v["status"] == "received" and not (desk(v).get("complaint") or {}).get("class")


COMPLAINT_ACTIONS: tuple[Action, ...] = (
    Action("classify", N_("Classify"), "complaint.classify", COMPLAINT, _unclassified,
           lambda o, n, p: o.complaints.classify(n, p.number("complaint_class"),
                                                 p.flag("important")),
           (Field("complaint_class", N_("Class"), "select", True, COMPLAINT_CLASSES,
                  aliases=("class",)),
            Field("important", N_("Important"), "checkbox")), "C2"),
    Action("notify_superior", N_("Tell the superior"), "complaint.notify_superior",
           COMPLAINT, lambda v: v["status"] in OPEN and
           not (desk(v).get("complaint") or {}).get("superior_notified_at"),
           lambda o, n, p: o.complaints.notify_superior(n, p.text("note")), (NOTE,), "C3"),
    Action("dispatch", N_("Issue contact slip"), "complaint.dispatch", COMPLAINT,
           status_in("classified"), lambda o, n, p: o.complaints.dispatch(n, p.need("to")),
           (Field("to", N_("Department"), required=True, aliases=("department",)),), "C4"),
    Action("respond", N_("Handler's reply"), "complaint.respond", COMPLAINT,
           status_in("dispatched"), lambda o, n, p: o.complaints.respond(n, p.need("text")),
           (TEXT,), "F2"),
    Action("head_opinion", N_("Department head's opinion"), "complaint.notify_superior",
           COMPLAINT, _before_the_head,
           lambda o, n, p: o.complaints.head_opinion(n, p.need("opinion")),
           (Field("opinion", N_("Opinion"), "textarea", True),), "C6"),
    Action("agree", N_("Agree a remedy"), "complaint.agree", COMPLAINT,
           status_in("classified", "dispatched", "replied"),
           lambda o, n, p: o.complaints.agree(
               n, p.need("remedy"), p.when("by", o.calendar) or missing(p, "by")),
           (Field("remedy", N_("Remedy"), required=True),
            Field("by", N_("Done by"), "datetime", True)), "C8"),
    Action("remedy_done", N_("Remedy carried out"), "complaint.agree", COMPLAINT,
           _remedy_pending, lambda o, n, p: o.complaints.remedy_done(n, p.text("note")),
           (NOTE,), "C8"),
    Action("resolve", N_("Resolve"), "complaint.resolve", COMPLAINT,
           status_in("classified", "dispatched", "replied", "agreed"),
           lambda o, n, p: o.complaints.resolve(n, p.text("note"),
                                                warranty=p.text("warranty")),
           (NOTE, Field("warranty", N_("Under warranty: repaired by"), "select", False,
                        WARRANTY_PARTIES)), "C7"),
    Action("confirm", N_("Owner confirms"), "complaint.confirm", COMPLAINT,
           lambda v: v["status"] in DONE and
           not (desk(v).get("complaint") or {}).get("confirmed_by"),
           lambda o, n, p: o.complaints.confirm(n, p.need("signed_by")), (SIGNED,), "C10"),
)
