"""Repair deadlines: which event opens, meets or cancels which (R3, R4, R5, R11, V3)."""

from __future__ import annotations

from datetime import datetime
from functools import singledispatch

from propsvc.aggregates import repair as r
from propsvc.aggregates.base import Event
from propsvc.aggregates.ticket import CallReceived, Reopened, Ticket
from propsvc.policies.base import Action, Cancel, Meet, Open, Pause, Resume, key, open_after
from propsvc.profile import Profile


@singledispatch
def react(event: Event, ticket: Ticket, profile: Profile) -> list[Action]:
    return []


def _arrival(ticket: Ticket, start: datetime, urgent: bool, appointment: datetime | None,
             p: Profile, basis: str = "call received") -> Open:
    n = p.repair
    if urgent:
        return open_after("R4", "arrival", ticket, "technician on site (urgent)", start,
                     n.urgent_arrival_minutes, basis, "escalate:supervisor")
    if appointment is not None:
        return open_after("R4", "arrival", ticket, "technician on site (appointment)",
                     appointment, n.appointment_grace_minutes, "appointment time",
                     "escalate:supervisor")
    return open_after("R4", "arrival", ticket, "technician on site (no appointment)", start,
                 n.unscheduled_arrival_minutes, basis, "escalate:supervisor")


@react.register
def _(event: CallReceived, ticket: Ticket, p: Profile) -> list[Action]:
    if event.kind != "repair":
        return []
    actions: list[Action] = [_arrival(ticket, event.occurred_at, event.urgent,
                                      event.appointment, p)]
    if event.channel not in ("staff", "patrol"):
        actions.insert(0, open_after("R3", "work_order", ticket, "work order issued",
                                event.occurred_at, p.repair.work_order_minutes,
                                "call received", "escalate:supervisor"))
    return actions


@react.register
def _(event: r.WorkOrderIssued, ticket: Ticket, p: Profile) -> list[Action]:
    n = p.repair
    start, basis = event.occurred_at, "work order issued"
    if ticket.appointment is not None and ticket.appointment > start:
        start, basis = ticket.appointment, "appointment time"
    return [
        Meet(key("R3", "work_order", ticket)),
        open_after("R11", "chase", ticket, "repair completed (else chase maintenance)",
              start, n.chase_after_hours * 60, basis, "chase:maintenance"),
        open_after("R11", "escalate", ticket, "repair completed (else chase the head)",
              start, n.escalate_after_hours * 60, basis, "chase:maintenance-head"),
    ]


@react.register
def _(event: r.TechnicianArrived, ticket: Ticket, p: Profile) -> list[Action]:
    return [Meet(key("R4", "arrival", ticket))]


@react.register
def _(event: r.AssessmentRequested, ticket: Ticket, p: Profile) -> list[Action]:
    name = f"assessment{1 + sum(1 for d in ticket.deadlines.values() if d.rule == 'R5')}"
    return [open_after("R5", name, ticket, "back on site after assessment", event.occurred_at,
                  p.repair.reassessment_minutes, "assessment requested",
                  "escalate:supervisor")]


@react.register
def _(event: r.BackOnSite, ticket: Ticket, p: Profile) -> list[Action]:
    return [Meet(d.key) for d in ticket.open_deadlines() if d.rule == "R5"]


@react.register
def _(event: r.RepairDeferred, ticket: Ticket, p: Profile) -> list[Action]:
    return [Cancel(d.key, "R8: deferred with a temporary measure")
            for d in ticket.open_deadlines() if d.rule in ("R5", "R11")]


@react.register
def _(event: r.RepairCompleted, ticket: Ticket, p: Profile) -> list[Action]:
    return [Meet(d.key) for d in ticket.open_deadlines() if d.rule in ("R11", "V3")]


@react.register
def _(event: Reopened, ticket: Ticket, p: Profile) -> list[Action]:
    at = event.occurred_at
    actions: list[Action] = [
        open_after("R3", "work_order", ticket, "new work order after reopening", at,
              p.repair.work_order_minutes, "reopened", "escalate:supervisor"),
        _arrival(ticket, at, ticket.intake.urgent, event.appointment, p, "reopened"),
    ]
    if event.rule == "V3":  # a failed return visit obliges a fix by a deadline
        actions.append(open_after("V3", "fix", ticket, "fixed after a failed return visit", at,
                             p.repair.reopen_fix_hours * 60, "reopened", "escalate:manager"))
    return actions


@react.register
def _(event: r.RepairPaused, ticket: Ticket, p: Profile) -> list[Action]:
    """Running deadlines stop; one already past due stays a miss (it is not paused)."""
    return [Pause(d.key) for d in ticket.open_deadlines()
            if d.state == "open" and d.due_at > event.occurred_at and not d.missed]


@react.register
def _(event: r.RepairResumed, ticket: Ticket, p: Profile) -> list[Action]:
    return [Resume(d.key) for d in ticket.open_deadlines() if d.state == "paused"]
