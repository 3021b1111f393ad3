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
from propsvc.policies.base import Action, Cancel, Meet, Open, key, open_after, open_within
from propsvc.profile import Profile

HANDOFF = ("C3.superior", "C4.slip")


def meet_prefixes(t: Ticket, *prefixes: str) -> list[Action]:
    return [Meet(d.key) for d in t.open_deadlines() if d.key.split("#")[0] in prefixes]


def handling_deadline(t: Ticket, cls: int, p: Profile) -> Open:
    """C5 from registration; class 2 is the end of the registration's office day."""
    n, start = p.complaint, t.opened_at
    if cls == 1:
        return open_within(p, "C5.class1", "handling", t, "class-1 complaint handled", start,
                           n.class1_hours * 60, "registered", "escalate:superior")
    if cls == 2 and n.class2_same_day:
        due = p.office_calendar.end_of_day(start)
        minutes = int((due - start).total_seconds() // 60)
        return Open(key("C5", "handling", t), "C5", "class-2 complaint handled the same day",
                    due, minutes, "registered (end of the same day)", "escalate:superior")
    if cls == 2:
        return open_within(p, "C5.class2", "handling", t, "class-2 complaint handled", start,
                           n.class2_hours * 60, "registered", "escalate:superior")
    return open_within(p, "C5.class3", "handling", t, "class-3 complaint handled", start, 0,
                       "registered", "escalate:superior", days=n.class3_days)


@singledispatch
def react(event: Event, t: Ticket, p: Profile) -> list[Action]:
    return []


@react.register
def _(event: CallReceived, t: Ticket, p: Profile) -> list[Action]:
    n = p.complaint
    if event.channel == "in-person":
        return [open_after("C3", "superior", t, "settled on the spot or the superior told",
                      event.occurred_at, n.in_person_superior_hours * 60, "registered",
                      "escalate:superior")]
    return [open_after("C4", "slip", t, "passed to the desk and a work-contact slip issued",
                  event.occurred_at, n.remote_handoff_hours * 60, "received",
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
            open_within(p, "C6.reply", "reply", t, "handler replied (else senior management)",
                        event.occurred_at, 0, "slip issued", "escalate:senior-management",
                        days=p.complaint.no_reply_days)]


@react.register
def _(event: f.HandlerReplied, t: Ticket, p: Profile) -> list[Action]:
    return meet_prefixes(t, "C6.reply")


@react.register
def _(event: c.RemedyAgreed, t: Ticket, p: Profile) -> list[Action]:
    minutes = int((event.due_by - event.occurred_at).total_seconds() // 60)
    return [*meet_prefixes(t, "F3.answer"),
            Open(key("C8", "remedy", t), "C8", "agreed remedy carried out", event.due_by,
                 minutes, "remedy agreed", "escalate:superior")]


@react.register
def _(event: c.ComplaintResolved, t: Ticket, p: Profile) -> list[Action]:
    return [*meet_prefixes(t, "C5.handling", "C8.remedy", "V3.fix", *HANDOFF),
            *[Cancel(d.key, "C7: resolved") for d in t.open_deadlines()
              if d.rule in ("C6", "F2")],
            open_within(p, "C9.visit", "visit", t, "return visit after resolution",
                        event.occurred_at, 0, "resolved", "escalate:manager",
                        days=p.complaint.visit_window_days)]


@react.register
def _(event: ReturnVisitRecorded, t: Ticket, p: Profile) -> list[Action]:
    return meet_prefixes(t, "C9.visit")


@react.register
def _(event: Reopened, t: Ticket, p: Profile) -> list[Action]:
    return [open_after("V3", "fix", t, "complaint handled again after a failed visit",
                  event.occurred_at, p.repair.reopen_fix_hours * 60, "reopened",
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
        actions.append(open_within(p, "F2.reply", "reply", t, "handler answered the desk",
                                   event.occurred_at, n.handler_reply_hours * 60,
                                   "slip issued", "escalate:supervisor"))
    if event.needs_superior:
        actions.append(open_after("F2", "report_up", t, "handler reported to the superior",
                             event.occurred_at, n.report_up_hours * 60, "slip issued",
                             "escalate:supervisor"))
    return actions


@feedback.register
def _(event: f.ReportedToSuperior, t: Ticket, p: Profile) -> list[Action]:
    return meet_prefixes(t, "F2.report_up")


@feedback.register
def _(event: f.HandlerReplied, t: Ticket, p: Profile) -> list[Action]:
    n = p.feedback
    hours = n.major_customer_answer_hours if event.major else n.customer_answer_hours
    label = "desk answered the customer" + (" (major matter)" if event.major else "")
    return [*meet_prefixes(t, "F2.reply", "F2.report_up"),
            open_within(p, "F3.answer", "answer", t, label, event.occurred_at, hours * 60,
                        "handler replied", "escalate:supervisor")]


@feedback.register
def _(event: f.CustomerAnswered, t: Ticket, p: Profile) -> list[Action]:
    return meet_prefixes(t, "F3.answer")
