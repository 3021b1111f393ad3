"""The actions a ticket page offers: each is a form (fields), the permission-matrix
action it needs, when it applies (the ticket's kind and state), and the facade call it
makes. A page offers an action only when the user's role holds it and the ticket's state
admits it; a post is checked again by the facade (matrix, SOP rules, two-person rules),
so an action not offered is refused if posted anyway."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from propsvc.desks.result import Result
from propsvc.i18n import N_
from propsvc.office.facade import Office
from propsvc.permissions import MATRIX
from propsvc.vocabulary import (
    COMPLAINT_CLASSES,
    ESCALATION_TARGETS,
    HELP_ROUTES,
    VISIT_METHODS,
    VISIT_RESULTS,
)
from propsvc.web.forms import Field, Posted

View = dict[str, Any]
REPAIR_WORK = ("on_site", "working", "deferred")
REPAIR_OPEN = ("ordered", "on_site", "working", "assessing", "deferred")
COMPLAINT_OPEN = ("received", "classified", "dispatched", "replied", "agreed")


@dataclass(frozen=True)
class Action:
    code: str
    label: str  # English msgid
    permission: str  # the MATRIX action
    kinds: tuple[str, ...]
    when: Callable[[View], bool]
    run: Callable[[Office, str, Posted], Result]
    fields: tuple[Field, ...] = ()
    rule: str = ""

    def allowed_for(self, role: str) -> bool:
        return role in MATRIX[self.permission]

    def applies(self, view: View) -> bool:
        return view["kind"] in self.kinds and view.get("correction") is None and \
            self.when(view)


def status_in(*statuses: str) -> Callable[[View], bool]:
    return lambda v: v["status"] in statuses


def _fee_pending(v: View) -> bool:
    return bool(v["fee"] and not v["fee"]["accepted_at"])


def _fee_to_collect(v: View) -> bool:
    return bool(v["status"] in ("completed", "closed") and v["fee"] and
                v["fee"]["accepted_at"] and not v["fee"]["collected"])


SIGNED = Field("signed_by", N_("Owner's signature"), required=True, aliases=("signature",))
NOTE = Field("note", N_("Note"), "textarea")
TEXT = Field("text", N_("Text"), "textarea", required=True, aliases=("answer", "reply"))
REASON = Field("reason", N_("Reason"), "textarea", required=True)


def _visit(o: Office, n: str, p: Posted) -> Result:
    return o.visits.record(n, p.need("method"), p.need("result"), p.text("note"),
                           p.text("resident_signed_by"))


VISIT_FIELDS = (Field("method", N_("Method"), "select", True, VISIT_METHODS),
                Field("result", N_("Result"), "select", True, VISIT_RESULTS), NOTE,
                Field("resident_signed_by", N_("Resident's signature (in person)")))

ACTIONS: tuple[Action, ...] = (
    # repairs (R2–R13)
    Action("order", N_("Issue work order"), "repair.order", ("repair",), status_in("received"),
           lambda o, n, p: o.repairs.order(n, p.need("technician")),
           (Field("technician", N_("Technician"), required=True),), "R3"),
    Action("arrive", N_("Arrived on site"), "repair.arrive", ("repair",), status_in("ordered"),
           lambda o, n, p: o.repairs.arrive(n), (), "R4"),
    Action("quote", N_("Quote fee"), "repair.quote", ("repair",),
           lambda v: v["status"] in ("received", "ordered", "on_site", "assessing")
           and not (v["fee"] and v["fee"]["accepted_at"]),
           lambda o, n, p: o.repairs.quote(n, p.need("amount"), p.need("items")),
           (Field("amount", N_("Amount (yuan)"), required=True),
            Field("items", N_("Fee items"), required=True)), "R2"),
    Action("accept_fee", N_("Owner accepts the fee"), "repair.accept_fee", ("repair",),
           _fee_pending, lambda o, n, p: o.repairs.accept_fee(n), (), "R2"),
    Action("assess", N_("Ask the team lead to assess"), "repair.assess", ("repair",),
           status_in("on_site", "working"), lambda o, n, p: o.repairs.assess(n), (), "R5"),
    Action("reassess", N_("Assessment done, back on site"), "repair.reassess", ("repair",),
           status_in("assessing"), lambda o, n, p: o.repairs.reassess_done(n), (), "R5"),
    Action("start", N_("Start work"), "repair.start", ("repair",), status_in("on_site"),
           lambda o, n, p: o.repairs.start(n), (), "R4"),
    Action("materials", N_("Materials used"), "repair.materials", ("repair",),
           status_in(*REPAIR_WORK), lambda o, n, p: o.repairs.materials(n, p.lines("items")),
           (Field("items", N_("Materials, one a line: name,spec,model,quantity,unit price"),
                  "textarea", True, aliases=("material", "quantity")),), "R6"),
    Action("defer", N_("Defer with a temporary measure"), "repair.defer", ("repair",),
           status_in("on_site", "working", "assessing"),
           lambda o, n, p: o.repairs.defer(n, p.need("measure"), p.need("reason")),
           (Field("measure", N_("Temporary measure"), required=True), REASON), "R8"),
    Action("complete", N_("Complete"), "repair.complete", ("repair",), status_in(*REPAIR_WORK),
           lambda o, n, p: o.repairs.complete(n, p.need("signed_by"), p.number("rating")),
           (SIGNED, Field("rating", N_("Rating (1–5)"), "number", True)), "R9"),
    Action("collect_fee", N_("Collect fee"), "repair.collect_fee", ("repair",),
           _fee_to_collect, lambda o, n, p: o.repairs.collect_fee(n, p.need("amount")),
           (Field("amount", N_("Amount (yuan)"), required=True),), "R10"),
    Action("chase", N_("Chase"), "repair.chase", ("repair",), status_in(*REPAIR_OPEN),
           lambda o, n, p: o.repairs.chase(n, p.text("note")), (NOTE,), "R11"),
    Action("escalate", N_("Escalate"), "repair.escalate", ("repair",),
           lambda v: v["status"] not in ("completed", "closed"),
           lambda o, n, p: o.repairs.escalate(n, p.need("to"), p.need("reason")),
           (Field("to", N_("To"), "select", True, ESCALATION_TARGETS), REASON), "R7"),
    Action("visit", N_("Return visit"), "repair.visit", ("repair", "complaint", "help"),
           status_in("completed"), _visit, VISIT_FIELDS, "V3"),
    Action("reopen", N_("Reopen"), "repair.reopen", ("repair",),
           status_in("completed", "closed"),
           lambda o, n, p: o.repairs.reopen(n, p.need("reason")), (REASON,), "R12"),
    # complaints (C2–C10)
    Action("classify", N_("Classify"), "complaint.classify", ("complaint",),
           status_in("received"),
           lambda o, n, p: o.complaints.classify(n, p.number("complaint_class"),
                                                 p.flag("important")),
           (Field("complaint_class", N_("Class"), "select", True, COMPLAINT_CLASSES,
                  aliases=("class",)),
            Field("important", N_("Important"), "checkbox")), "C2"),
    Action("notify_superior", N_("Tell the superior"), "complaint.notify_superior",
           ("complaint",), status_in(*COMPLAINT_OPEN),
           lambda o, n, p: o.complaints.notify_superior(n, p.text("note")), (NOTE,), "C3"),
    Action("dispatch", N_("Issue contact slip"), "complaint.dispatch", ("complaint",),
           status_in("classified"), lambda o, n, p: o.complaints.dispatch(n, p.need("to")),
           (Field("to", N_("Department"), required=True, aliases=("department",)),), "C4"),
    Action("respond", N_("Handler's reply"), "complaint.respond", ("complaint",),
           status_in("dispatched"), lambda o, n, p: o.complaints.respond(n, p.need("text")),
           (TEXT,), "F2"),
    Action("agree", N_("Agree a remedy"), "complaint.agree", ("complaint",),
           status_in("classified", "dispatched", "replied"),
           lambda o, n, p: o.complaints.agree(
               n, p.need("remedy"), p.when("by", o.calendar) or _missing(p, "by")),
           (Field("remedy", N_("Remedy"), required=True),
            Field("by", N_("Done by"), "datetime", True)), "C8"),
    Action("resolve", N_("Resolve"), "complaint.resolve", ("complaint",),
           status_in("classified", "dispatched", "replied", "agreed"),
           lambda o, n, p: o.complaints.resolve(n, p.text("note")), (NOTE,), "C7"),
    Action("confirm", N_("Owner confirms"), "complaint.confirm", ("complaint",),
           status_in("completed", "closed"),
           lambda o, n, p: o.complaints.confirm(n, p.need("signed_by")), (SIGNED,), "C10"),
    # help and inquiries (H2–H5)
    Action("help_answer", N_("Answer"), "help.answer", ("help",), status_in("received"),
           lambda o, n, p: o.help.answer(n, p.need("text"), cannot_help=p.flag("cannot_help")),
           (TEXT, Field("cannot_help", N_("Cannot help"), "checkbox")), "H2"),
    Action("route", N_("Route on"), "help.route", ("help",), status_in("received"),
           lambda o, n, p: o.help.route(n, p.need("to")),
           (Field("to", N_("To"), "select", True, HELP_ROUTES),), "H5"),
    Action("inquiry_answer", N_("Answer"), "inquiry.answer", ("inquiry",),
           status_in("received"),
           lambda o, n, p: o.inquiries.answer(n, p.need("text"), p.flag("asked_supervisor")),
           (TEXT, Field("asked_supervisor", N_("Asked the supervisor"), "checkbox")), "H4"),
    # corrections (作废, 重复来电)
    Action("void", N_("Void (entered by mistake)"), "ticket.void",
           ("repair", "complaint", "help", "inquiry"), lambda v: True,
           lambda o, n, p: o.tickets.void(n, p.need("reason")), (REASON,)),
    Action("merge", N_("Merge as a repeat call"), "ticket.merge",
           ("repair", "complaint", "help", "inquiry"),
           lambda v: v["status"] not in ("completed", "closed"),
           lambda o, n, p: o.tickets.merge(n, p.need("into"), p.text("reason")),
           (Field("into", N_("Into ticket number"), required=True), NOTE)),
)
BY_CODE = {a.code: a for a in ACTIONS}


def _missing(p: Posted, name: str) -> Any:
    p.need(name)  # raises: the field is required
    raise AssertionError(name)


def offered(view: View, role: str) -> list[Action]:
    """The actions this role may take on the ticket as it stands now."""
    if view.get("as_of"):
        return []  # a past state takes no action
    return [a for a in ACTIONS if a.applies(view) and a.allowed_for(role)]
