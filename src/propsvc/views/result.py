"""What a write recorded, shown: the stable ``--json`` shapes of a ``Result`` and their
terminal rendering.

Every write returns one ``Result``; the shape printed depends on what was written, as
docs/cli.md fixes it: a ticket write (``number office kind status version events
deadlines_opened rules``), an incident write (the same and ``pending_steps``), and a key,
renovation or handover write (``subject ref status version events deadlines_opened
linked``, events with their ``topic``).
"""

from __future__ import annotations

from typing import Any

from propsvc.aggregates.base import Event
from propsvc.aggregates.deadlines import DeadlineSet
from propsvc.calendar import OfficeCalendar, iso
from propsvc.desks.result import Result
from propsvc.i18n import _
from propsvc.views.common import console, local, shift_words
from propsvc.vocabulary import (
    CUSTODY_STATUS_CHOICES,
    SUBJECT_STATUSES,
    say_any,
    say_status,
    word,
)


def result_view(result: Result) -> dict[str, Any]:
    """The ``--json`` shape of a write."""
    if result.subject == "ticket":
        return ticket_shape(result)
    if result.subject == "incident":
        return incident_shape(result)
    return recorded_shape(result)


def render_result(view: dict[str, Any], cal: OfficeCalendar) -> None:
    if "subject" in view:
        render_recorded(view, cal)
    else:
        render_numbered(view, cal)


def _event(e: Event, topic: bool = False) -> dict[str, Any]:
    head: dict[str, Any] = {"event": type(e).__name__}
    if topic:
        head["topic"] = e.topic
    return {**head, "occurred_at": iso(e.occurred_at), "recorded_at": iso(e.timestamp),
            "actor": e.actor, "role": e.role, "data": e.data()}


def _opened(deadlines: list[DeadlineSet]) -> list[dict[str, Any]]:
    return [{"key": d.key, "rule": d.rule, "label": d.label, "due_at": iso(d.due_at),
             "limit_minutes": d.limit_minutes, "basis": d.basis} for d in deadlines]


def ticket_shape(r: Result) -> dict[str, Any]:
    view = {"number": r.ref, "office": r.office, "kind": r.kind, "status": r.status,
            "version": r.version, "events": [_event(e) for e in r.events],
            "deadlines_opened": _opened(r.deadlines_opened), "rules": r.rules}
    if r.linked:  # saved in the same transaction (ticket merge: the first call)
        view["linked"] = [ticket_shape(o) if o.subject == "ticket" else _part(o)
                          for o in r.linked]
    return view


def incident_shape(r: Result) -> dict[str, Any]:
    view = ticket_shape(r)
    view["rules"] = sorted(view["rules"])
    view["pending_steps"] = r.aggregate.pending_steps()
    return view


def _part(r: Result) -> dict[str, Any]:
    return {"subject": r.subject, "ref": r.ref, "status": r.status, "version": r.version,
            "events": [_event(e, topic=True) for e in r.events],
            "deadlines_opened": _opened(r.deadlines_opened)}


def recorded_shape(r: Result) -> dict[str, Any]:
    return {**_part(r), "linked": [_part(other) for other in r.linked]}


def _late(out: Any, events: list[dict[str, Any]], cal: OfficeCalendar | None = None
          ) -> None:
    for e in events:
        data = e["data"]
        if e["event"] == "DeadlineMet" and data["late_minutes"]:
            out.print(_("  [red]{rule} met {late_minutes} min late[/red]",
                        rule=data['rule'], late_minutes=data['late_minutes']))
        elif e["event"] == "DeadlinePaused":
            out.print(_("  deadline {rule} paused ({left} min left)", rule=data["rule"],
                        left=data["remaining_minutes"]))
        elif e["event"] == "DeadlineResumed" and cal is not None:
            out.print(_("  deadline {rule} running again: due {due} (paused {minutes} min)",
                        rule=data["rule"], due=local(cal, iso_text(data["due_at"])),
                        minutes=data["paused_minutes"]))


def iso_text(value: Any) -> str:
    return value if isinstance(value, str) else str(iso(value))


def _names(events: list[dict[str, Any]]) -> str:
    return ", ".join(e["event"] for e in events if e["actor"] != "propsvc") or _("nothing new")


def render_numbered(view: dict[str, Any], cal: OfficeCalendar) -> None:
    """A ticket or incident write: its number, status, events and the deadlines opened."""
    out = console()
    status = say_status(view.get("kind"), view["status"])
    out.print(_("[bold]{number}[/bold] {status} — recorded {names}",
                number=view['number'], status=status, names=_names(view['events'])))
    _late(out, view["events"], cal)
    for d in view["deadlines_opened"]:
        out.print(_("  deadline {rule}: {label} by {local} ({limit_minutes} min after {basis})",
                    rule=d['rule'], label=_(d['label']), local=local(cal, d['due_at']),
                    limit_minutes=d['limit_minutes'], basis=_(d['basis'])))


def _missing(out: Any, events: list[dict[str, Any]]) -> None:
    """What a check found still missing (Q5's documents), in red."""
    for e in events:
        missing = e["data"].get("missing")
        if missing:
            names = ", ".join(word("movein_document", m) for m in missing)
            out.print("  [red]" + _("still missing: {names}", names=names) + "[/red]")


def render_recorded(view: dict[str, Any], cal: OfficeCalendar) -> None:
    """A key, renovation or handover write, and every aggregate saved with it."""
    out = console()
    for part in (view, *view["linked"]):
        own = SUBJECT_STATUSES.get(part["subject"])
        status = (own.say(part["status"]) if own is not None
                  else say_any(CUSTODY_STATUS_CHOICES, part["status"]))
        prefix = "" if part is view else _("  linked: ")
        out.print(_("{prefix}[bold]{subject} {ref}[/bold] {status} — recorded {names}",
                    prefix=prefix, subject=word('subject', part['subject']),
                    ref=shift_words(part['ref']), status=status,
                    names=_names(part['events'])))
        _late(out, part["events"])
        _missing(out, part["events"])
        for d in part["deadlines_opened"]:
            out.print(_("  deadline {rule}: {label} by {local}",
                        rule=d['rule'], label=_(d['label']), local=local(cal, d['due_at'])))
