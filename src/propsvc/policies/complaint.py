"""Complaint deadlines (C3–C9) and information-feedback deadlines (F2, F3) for any ticket.

C5 counts from registration: class 1 four hours, class 2 the end of the same office day,
class 3 three days; a miss goes to the superior (C6), and a handler silent two days after
the work-contact slip goes to senior management (C6).
"""

from __future__ import annotations

from datetime import timedelta
from functools import singledispatch

from propsvc.aggregates import complaint as c
from propsvc.aggregates import feedback as f
from propsvc.aggregates.base import Event
from propsvc.aggregates.ticket import CallReceived, Reopened, ReturnVisitRecorded, Ticket
from propsvc.i18n import N_
from propsvc.policies.base import Action, Cancel, Meet, Open, key, open_after
from propsvc.profile import Profile

HANDOFF = ("C3.superior", "C4.slip")


def meet_prefixes(t: Ticket, *prefixes: str) -> list[Action]:
    return [Meet(d.key) for d in t.open_deadlines() if d.key.split("#")[0] in prefixes]


def handling_deadline(t: Ticket, cls: int, p: Profile) -> Open:
    """C5 from registration; class 2 is the end of the registration's office day."""
    n, start = p.complaint, t.opened_at
    if cls == 1:
        return open_after("C5", "handling", t, N_("class-1 complaint handled"), start,
                     n.class1_hours * 60, N_("registered"), "escalate:superior")
    if cls == 2 and n.class2_same_day:
        due = p.office_calendar.end_of_day(start)
        minutes = int((due - start).total_seconds() // 60)
        return Open(key("C5", "handling", t), "C5", N_("class-2 complaint handled the same day"),
                    due, minutes, N_("registered (end of the same day)"), "escalate:superior")
    if cls == 2:
        return open_after("C5", "handling", t, N_("class-2 complaint handled"), start,
                     n.class2_hours * 60, N_("registered"), "escalate:superior")
    return open_after("C5", "handling", t, N_("class-3 complaint handled"), start,
                 n.class3_days * 24 * 60, N_("registered"), "escalate:superior")


@singledispatch
def react(event: Event, t: Ticket, p: Profile) -> list[Action]:
    return []


@react.register
def _(event: CallReceived, t: Ticket, p: Profile) -> list[Action]:
    n = p.complaint
    if event.channel == "in-person":
        return [open_after("C3", "superior", t, N_("settled on the spot or the superior told"),
                      event.occurred_at, n.in_person_superior_hours * 60, N_("registered"),
                      "escalate:superior")]
    return [open_after("C4", "slip", t, N_("passed to the desk and a work-contact slip issued"),
                  event.occurred_at, n.remote_handoff_hours * 60, N_("received"),
                  "escalate:superior")]


@react.register
def _(event: c.ComplaintClassified, t: Ticket, p: Profile) -> list[Action]:
    return [handling_deadline(t, event.complaint_class, p)]


@react.register
def _(event: c.SuperiorNotified, t: Ticket, p: Profile) -> list[Action]:
    return meet_prefixes(t, "C3.superior")


@react.register
def _(event: f.WorkContactSlipIssued, t: Ticket, p: Profile) -> list[Action]:
    return [*meet_prefixes(t, *HANDOFF),
            open_after("C6", "reply", t, N_("handler replied (else senior management)"),
                  event.occurred_at, p.complaint.no_reply_days * 24 * 60, N_("slip issued"),
                  "escalate:senior-management")]


@react.register
def _(event: f.HandlerReplied, t: Ticket, p: Profile) -> list[Action]:
    return meet_prefixes(t, "C6.reply")


@react.register
def _(event: c.RemedyAgreed, t: Ticket, p: Profile) -> list[Action]:
    minutes = int((event.due_by - event.occurred_at).total_seconds() // 60)
    return [*meet_prefixes(t, "F3.answer"),
            Open(key("C8", "remedy", t), "C8", N_("agreed remedy carried out"), event.due_by,
                 minutes, N_("remedy agreed"), "escalate:superior")]


@react.register
def _(event: c.ComplaintResolved, t: Ticket, p: Profile) -> list[Action]:
    return [*meet_prefixes(t, "C5.handling", "C8.remedy", "V3.fix", *HANDOFF),
            *[Cancel(d.key, "C7: resolved") for d in t.open_deadlines()
              if d.rule in ("C6", "F2")],
            open_after("C9", "visit", t, N_("return visit after resolution"), event.occurred_at,
                  p.complaint.visit_window_days * 24 * 60, N_("resolved"), "escalate:manager")]


@react.register
def _(event: ReturnVisitRecorded, t: Ticket, p: Profile) -> list[Action]:
    return meet_prefixes(t, "C9.visit")


@react.register
def _(event: Reopened, t: Ticket, p: Profile) -> list[Action]:
    return [open_after("V3", "fix", t, N_("complaint handled again after a failed visit"),
                  event.occurred_at, p.repair.reopen_fix_hours * 60, N_("reopened"),
                  "escalate:manager")]



# -- F2/F3 for every kind --------------------------------------------------------------
@singledispatch
def feedback(event: Event, t: Ticket, p: Profile) -> list[Action]:
    return []


@feedback.register
def _(event: f.WorkContactSlipIssued, t: Ticket, p: Profile) -> list[Action]:
    n = p.feedback
    reply_due = event.occurred_at + timedelta(hours=n.handler_reply_hours)
    sooner = [d for d in t.open_deadlines() if d.rule == "C5" and d.due_at <= reply_due]
    actions: list[Action] = []
    if not sooner:  # F2 applies when no other deadline comes first
        actions.append(open_after("F2", "reply", t, N_("handler answered the desk"),
                                  event.occurred_at, n.handler_reply_hours * 60, N_("slip issued"),
                                  "escalate:supervisor"))
    if event.needs_superior:
        actions.append(open_after("F2", "report_up", t, N_("handler reported to the superior"),
                             event.occurred_at, n.report_up_hours * 60, N_("slip issued"),
                             "escalate:supervisor"))
    return actions


@feedback.register
def _(event: f.ReportedToSuperior, t: Ticket, p: Profile) -> list[Action]:
    return meet_prefixes(t, "F2.report_up")


@feedback.register
def _(event: f.HandlerReplied, t: Ticket, p: Profile) -> list[Action]:
    n = p.feedback
    hours = n.major_customer_answer_hours if event.major else n.customer_answer_hours
    label = (N_("desk answered the customer (major matter)") if event.major
             else N_("desk answered the customer"))
    return [*meet_prefixes(t, "F2.reply", "F2.report_up"),
            open_after("F3", "answer", t, label, event.occurred_at, hours * 60,
                       N_("handler replied"), "escalate:supervisor")]


@feedback.register
def _(event: f.CustomerAnswered, t: Ticket, p: Profile) -> list[Action]:
    return meet_prefixes(t, "F3.answer")
