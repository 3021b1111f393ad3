"""The repair steps a ticket page offers (R2–R12), as ``propsvc repair`` has them. While a
job waits (paused, R8) only what goes on while it waits is offered: quotes, chases,
escalation and resuming."""

from __future__ import annotations

from collections.abc import Callable

from propsvc.i18n import N_
from propsvc.vocabulary import ESCALATION_TARGETS
from propsvc.web.actions.base import DONE, NOTE, REASON, SIGNED, Action, View, last_of
from propsvc.web.forms import Field

REPAIR = ("repair",)
WORK = ("on_site", "working", "deferred")
OPEN = ("ordered", "on_site", "working", "assessing", "deferred")
PAUSABLE = ("received", *OPEN)


def paused(v: View) -> bool:
    return last_of(v, "RepairPaused", "RepairResumed") == "RepairPaused"


def moving(*statuses: str) -> Callable[[View], bool]:
    """In one of ``statuses`` and not waiting (a paused job does not move on, R8)."""
    return lambda v: v["status"] in statuses and not paused(v)


def _fee_pending(v: View) -> bool:
    return bool(v["fee"] and not v["fee"]["accepted_at"])


def _fee_to_collect(v: View) -> bool:
    return bool(v["status"] in DONE and v["fee"] and v["fee"]["accepted_at"] and
                not v["fee"]["collected"])


def _quotable(v: View) -> bool:
    return v["status"] in ("received", "ordered", "on_site", "assessing") and \
        not (v["fee"] and v["fee"]["accepted_at"])


AMOUNT = Field("amount", N_("Amount (yuan)"), required=True)

REPAIR_ACTIONS: tuple[Action, ...] = (
    Action("order", N_("Issue work order"), "repair.order", REPAIR, moving("received"),
           lambda o, n, p: o.repairs.order(n, p.need("technician")),
           (Field("technician", N_("Technician"), required=True),), "R3"),
    Action("arrive", N_("Arrived on site"), "repair.arrive", REPAIR,
           moving("ordered", "deferred"),
           lambda o, n, p: o.repairs.arrive(n, p.text("technician")),
           (Field("technician", N_("Technician, if someone else came")),), "R4"),
    Action("quote", N_("Quote fee"), "repair.quote", REPAIR, _quotable,
           lambda o, n, p: o.repairs.quote(n, p.need("amount"), p.need("items")),
           (AMOUNT, Field("items", N_("Fee items"), required=True)), "R2"),
    Action("accept_fee", N_("Owner accepts the fee"), "repair.accept_fee", REPAIR,
           _fee_pending, lambda o, n, p: o.repairs.accept_fee(n), (), "R2"),
    Action("assess", N_("Ask the team lead to assess"), "repair.assess", REPAIR,
           moving("on_site", "working"), lambda o, n, p: o.repairs.assess(n), (), "R5"),
    Action("reassess", N_("Assessment done, back on site"), "repair.reassess", REPAIR,
           moving("assessing"), lambda o, n, p: o.repairs.reassess_done(n), (), "R5"),
    Action("start", N_("Start work"), "repair.start", REPAIR, moving("on_site"),
           lambda o, n, p: o.repairs.start(n), (), "R4"),
    Action("materials", N_("Materials used"), "repair.materials", REPAIR, moving(*WORK),
           lambda o, n, p: o.repairs.materials(n, p.lines("items")),
           (Field("items", N_("Materials, one a line: name,spec,model,quantity,unit price"),
                  "textarea", True, aliases=("material", "quantity")),), "R6"),
    Action("defer", N_("Defer with a temporary measure"), "repair.defer", REPAIR,
           moving("on_site", "working", "assessing"),
           lambda o, n, p: o.repairs.defer(n, p.need("measure"), p.need("reason"),
                                           until=p.when("until", o.calendar)),
           (Field("measure", N_("Temporary measure"), required=True), REASON,
            Field("until", N_("New date for the fix"), "datetime")), "R8"),
    Action("pause", N_("Wait on the owner or on parts"), "repair.pause", REPAIR,
           lambda v: v["status"] in PAUSABLE and not paused(v),
           lambda o, n, p: o.repairs.pause(n, p.need("reason")), (REASON,), "R8"),
    Action("resume", N_("The wait is over: resume"), "repair.resume", REPAIR, paused,
           lambda o, n, p: o.repairs.resume(n), (), "R8"),
    Action("complete", N_("Complete"), "repair.complete", REPAIR, moving(*WORK),
           lambda o, n, p: o.repairs.complete(n, p.need("signed_by"), p.number("rating")),
           (SIGNED, Field("rating", N_("Rating (1–5)"), "number", True)), "R9"),
    Action("collect_fee", N_("Collect fee"), "repair.collect_fee", REPAIR, _fee_to_collect,
           lambda o, n, p: o.repairs.collect_fee(n, p.need("amount")), (AMOUNT,), "R10"),
    Action("chase", N_("Chase"), "repair.chase", REPAIR, lambda v: v["status"] in OPEN,
           lambda o, n, p: o.repairs.chase(n, p.text("note")), (NOTE,), "R11"),
    Action("escalate", N_("Escalate"), "repair.escalate", REPAIR,
           lambda v: v["status"] not in DONE,
           lambda o, n, p: o.repairs.escalate(n, p.need("to"), p.need("reason")),
           (Field("to", N_("To"), "select", True, ESCALATION_TARGETS), REASON), "R7"),
    Action("reopen", N_("Reopen"), "repair.reopen", REPAIR, lambda v: v["status"] in DONE,
           lambda o, n, p: o.repairs.reopen(n, p.need("reason"),
                                            p.when("appointment", o.calendar),
                                            urgent=p.flag("urgent")),
           (REASON, Field("appointment", N_("New visit booked for"), "datetime"),
            Field("urgent", N_("Urgent"), "checkbox")), "R12"),
)
