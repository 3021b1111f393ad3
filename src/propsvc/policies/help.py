"""Help and inquiry deadlines: answer within minutes (H2), written inquiries in two days
(H4), and the return visit after a medical emergency (H6) or other help (V1)."""

from __future__ import annotations

from functools import singledispatch

from propsvc.aggregates import help as h
from propsvc.aggregates.base import Event
from propsvc.aggregates.ticket import CallReceived, ReturnVisitRecorded, Ticket
from propsvc.i18n import N_
from propsvc.policies.base import Action, open_after
from propsvc.policies.complaint import meet_prefixes
from propsvc.profile import Profile


@singledispatch
def react_help(event: Event, t: Ticket, p: Profile) -> list[Action]:
    return []


@react_help.register
def _(event: CallReceived, t: Ticket, p: Profile) -> list[Action]:
    return [open_after("H2", "answer", t, N_("help answered"), event.occurred_at,
                  p.help.answer_minutes, N_("call received"), "escalate:supervisor")]


@react_help.register
def _(event: h.HelpAnswered, t: Ticket, p: Profile) -> list[Action]:
    return meet_prefixes(t, "H2.answer")


@react_help.register
def _(event: h.MedicalActionTaken, t: Ticket, p: Profile) -> list[Action]:
    return [*meet_prefixes(t, "H2.answer"),
            open_after("H6", "visit", t, N_("return visit after a medical emergency"),
                  event.occurred_at, p.help.medical_visit_days * 24 * 60, N_("medical action"),
                  "escalate:manager")]


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
        return [open_after("H4", "written", t, N_("written answer to a written inquiry"),
                      event.occurred_at, p.help.written_inquiry_days * 24 * 60, N_("registered"),
                      "escalate:supervisor")]
    return [open_after("H4", "oral", t, N_("oral inquiry answered (after asking the supervisor)"),
                  event.occurred_at, p.help.answer_minutes, N_("call received"),
                  "escalate:supervisor")]


@react_inquiry.register
def _(event: h.InquiryAnswered, t: Ticket, p: Profile) -> list[Action]:
    return meet_prefixes(t, "H4.written", "H4.oral")
