"""A special incident as a user sees it (``incident show``): who was told, the playbook
checklist, the deadlines and the written report (I1–I4)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from propsvc.aggregates.incident import Incident
from propsvc.calendar import OfficeCalendar, iso
from propsvc.i18n import _
from propsvc.views.common import console, local


def incident_view(i: Incident, now: datetime) -> dict[str, Any]:
    """An incident as a user sees it: who was told, the checklist, the written report."""
    r = i.report
    return {
        "number": i.number, "office": i.office, "status": i.status,
        "category": r.category, "class": r.incident_class, "place": r.place,
        "description": r.description, "happened_at": iso(r.happened_at),
        "reported_at": iso(r.occurred_at), "phoned_at": iso(r.phoned_at),
        "linked_from": r.linked_from,
        "told": [{"to": e.to, "rule": e.rule, "at": iso(e.occurred_at)}
                 for e in i.escalations],
        "playbook": i.playbook,
        "steps": [{"step": s.step, "text": s.text, "at": iso(s.occurred_at),
                   "by": s.actor, "note": s.note} for s in i.steps],
        "pending_steps": i.pending_steps(),
        "deadlines": [{"rule": d.rule, "label": d.label, "due_at": iso(d.due_at),
                       "state": d.state,
                       "missed": d.missed or (d.state == "open" and now > d.due_at)}
                      for d in i.deadlines.values()],
        "written_report": None if i.written is None else {
            "at": iso(i.written.occurred_at), "course": i.written.course,
            "outcome": i.written.outcome, "hours_after_event": i.written.hours_after_event},
    }


def render_incident(v: dict[str, Any], cal: OfficeCalendar) -> None:
    out = console()
    out.print(_("[bold]{number}[/bold] {category} ({class_}) at {place}, happened {local}",
                number=v['number'], category=v['category'], class_=v['class'], place=v['place'],
                local=local(cal, v['happened_at'])), markup=True)
    out.print("  told: " + ", ".join(t["to"] for t in v["told"]), markup=False)
    for s in v["steps"]:
        out.print(_("  ✔ {step} {local} by {by}",
                    step=s['step'], local=local(cal, s['at']), by=s['by']), markup=False)
    for s in v["pending_steps"]:
        out.print(f"  ☐ {s}", markup=False)
    for d in v["deadlines"]:
        flag = " MISSED" if d["missed"] else ""
        out.print(_("  {rule} {label} by {local}: {state}{flag}",
                    rule=d['rule'], label=_(d['label']), local=local(cal, d['due_at']),
                    state=d['state'], flag=flag), markup=False)
