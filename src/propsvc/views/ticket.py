"""A ticket as a user sees it, from its own events only (show, --as-of, history)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from propsvc.aggregates.base import SYSTEM_ROLES, Event
from propsvc.aggregates.ticket import Ticket
from propsvc.calendar import iso
from propsvc.views.requests import desk_view


def replay(events: Iterable[Event]) -> Ticket | None:
    ticket: Ticket | None = None
    for event in events:
        ticket = event.mutate(ticket)
    return ticket


def upto(events: list[Event], when: datetime, *, known: bool = False) -> list[Event]:
    """The events that had happened by ``when`` (business time), or were known (recorded)."""
    if known:
        return [e for e in events if e.timestamp <= when]
    return [e for e in events if e.occurred_at <= when]


def as_of(events: list[Event], when: datetime, *, known: bool = False) -> Ticket | None:
    """What had happened by ``when`` (business time), or what was known (recorded time)."""
    return replay(upto(events, when, known=known))


def actions_view(events: Iterable[Event]) -> list[dict[str, Any]]:
    """Who did what: every action a person recorded (policy and clock events left out)."""
    return [
        {"version": e.originator_version, "at": iso(e.occurred_at), "event": type(e).__name__,
         "actor": e.actor, "role": e.role}
        for e in events if e.role not in SYSTEM_ROLES
    ]


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def ticket_view(t: Ticket, now: datetime) -> dict[str, Any]:
    i = t.intake
    return {
        "number": t.number, "office": t.office, "kind": t.kind, "status": t.status,
        "cycle": t.cycle, "version": t.version,
        "intake": {
            "unit": i.unit, "location": i.location, "part": i.part, "caller": i.caller,
            "phone": i.phone, "summary": i.summary, "channel": i.channel, "urgent": i.urgent,
            "home": i.home, "spare_key": i.spare_key, "appointment": iso(i.appointment),
            "public_area": i.public_area, "opened_at": iso(i.occurred_at),
            "recorded_by": i.actor,
        },
        "technician": t.technician, "ordered_at": iso(t.ordered_at),
        "arrived_at": iso(t.arrived_at), "completed_at": iso(t.completed_at),
        "fee": None if t.quote is None else {
            "amount": _money(t.quote.amount), "items": t.quote.items,
            "accepted_at": iso(t.fee_accepted_at),
            "collected": _money(t.fee_collected.amount) if t.fee_collected else None,
        },
        "materials": [m.model_dump(mode="json") for m in t.materials],
        "deferral": None if t.deferral is None else {
            "measure": t.deferral.measure, "reason": t.deferral.reason,
            "at": iso(t.deferral.occurred_at)},
        "completion": None if t.completion is None else {
            "signed_by": t.completion.signed_by, "rating": t.completion.rating,
            "minutes_on_site": t.completion.minutes_on_site},
        "deadlines": [
            {"key": d.key, "rule": d.rule, "label": d.label, "due_at": iso(d.due_at),
             "limit_minutes": d.limit_minutes, "basis": d.basis, "state": d.state,
             "missed": d.missed or (d.state == "open" and now > d.due_at),
             "met_at": iso(d.met_at), "late_minutes": d.late_minutes}
            for d in sorted(t.deadlines.values(), key=lambda d: d.due_at)
        ],
        "chases": [{"at": iso(c.occurred_at), "rule": c.rule, "level": c.level, "to": c.to,
                    "manual": c.manual, "by": c.actor} for c in t.chases],
        "escalations": [{"at": iso(e.occurred_at), "rule": e.rule, "to": e.to,
                         "reason": e.reason, "automatic": e.automatic, "by": e.actor}
                        for e in t.escalations],
        "visits": [{"at": iso(v.occurred_at), "method": v.method, "result": v.result,
                    "note": v.note, "visitor": v.visitor, "within_window": v.within_window,
                    "resident_signed_by": v.resident_signed_by} for v in t.visits],
        "reopens": [{"at": iso(r.occurred_at), "rule": r.rule, "reason": r.reason}
                    for r in t.reopens],
        "last_event_at": iso(t.last_occurred_at),
        "desk": None if t.kind == "repair" else desk_view(t),
    }


def history_view(events: list[Event]) -> list[dict[str, Any]]:
    return [
        {"version": e.originator_version, "event": type(e).__name__, "topic": e.topic,
         "occurred_at": iso(e.occurred_at), "recorded_at": iso(e.timestamp),
         "actor": e.actor, "role": e.role, "office": e.office, "data": e.data()}
        for e in events
    ]
