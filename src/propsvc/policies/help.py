"""Help and inquiry deadlines: answer within minutes (H2), written inquiries in two days
(H4), and the return visit after a medical emergency (H6) or other help (V1)."""

from __future__ import annotations

from functools import singledispatch

from propsvc.aggregates import help as h
from propsvc.aggregates.base import Event
from propsvc.aggregates.ticket import CallReceived, ReturnVisitRecorded, Ticket
from propsvc.policies.base import Action, open_after, open_within
from propsvc.policies.complaint import meet_prefixes
from propsvc.profile import Profile


@singledispatch
def react_help(event: Event, t: Ticket, p: Profile) -> list[Action]:
    return []


@react_help.register
def _(event: CallReceived, t: Ticket, p: Profile) -> list[Action]:
    return [open_after("H2", "answer", t, "help answered", event.occurred_at,
                  p.help.answer_minutes, "call received", "escalate:supervisor")]


@react_help.register
def _(event: h.HelpAnswered, t: Ticket, p: Profile) -> list[Action]:
    return meet_prefixes(t, "H2.answer")


@react_help.register
def _(event: h.MedicalActionTaken, t: Ticket, p: Profile) -> list[Action]:
    return [*meet_prefixes(t, "H2.answer"),
            open_within(p, "H6.visit", "visit", t, "return visit after a medical emergency",
                        event.occurred_at, 0, "medical action", "escalate:manager",
                        days=p.help.medical_visit_days)]


@react_help.register
def _(event: h.HelpRouted, t: Ticket, p: Profile) -> list[Action]:
    return meet_prefixes(t, "H2.answer")


@react_help.register
def _(event: ReturnVisitRecorded, t: Ticket, p: Profile) -> list[Action]:
    return meet_prefixes(t, "H6.visit")


@singledispatch
def react_inquiry(event: Event, t: Ticket, p: Profile) -> list[Action]:
    return []


@react_inquiry.register
def _(event: CallReceived, t: Ticket, p: Profile) -> list[Action]:
    if event.written:
        return [open_within(p, "H4.written", "written", t,
                            "written answer to a written inquiry", event.occurred_at, 0,
                            "registered", "escalate:supervisor",
                            days=p.help.written_inquiry_days)]
    return [open_after("H4", "oral", t, "oral inquiry answered (after asking the supervisor)",
                  event.occurred_at, p.help.answer_minutes, "call received",
                  "escalate:supervisor")]


@react_inquiry.register
def _(event: h.InquiryAnswered, t: Ticket, p: Profile) -> list[Action]:
    return meet_prefixes(t, "H4.written", "H4.oral")
