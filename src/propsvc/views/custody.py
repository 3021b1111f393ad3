"""A key or a renovation as a user sees it, from its own events only (``show``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from propsvc.aggregates.deadlines import HasDeadlines
from propsvc.aggregates.keys import Key
from propsvc.aggregates.renovation import Renovation
from propsvc.calendar import OfficeCalendar, iso
from propsvc.views.common import console, local


def _deadlines(a: HasDeadlines, now: datetime) -> list[dict[str, Any]]:
    return [{"key": d.key, "rule": d.rule, "label": d.label, "due_at": iso(d.due_at),
             "state": d.state, "missed": d.missed or (d.state == "open" and now > d.due_at),
             "late_minutes": d.late_minutes}
            for d in sorted(a.deadlines.values(), key=lambda d: d.due_at)]


def _chases(a: HasDeadlines) -> list[dict[str, Any]]:
    return [{"at": iso(c.occurred_at), "rule": c.rule, "to": c.to, "level": c.level}
            for c in a.chases]


def key_view(k: Key, now: datetime) -> dict[str, Any]:
    loan = k.loan
    return {
        "label": k.label, "office": k.office, "class": k.key_class, "unit": k.unit,
        "area": k.area, "equipment": k.equipment, "status": k.status, "owner": k.owner,
        "loan": None if loan is None else {
            "loan": loan.loan, "borrower": loan.borrower, "borrower_type": loan.borrower_type,
            "purpose": loan.purpose, "lent_at": iso(loan.occurred_at),
            "due_at": iso(loan.due_at), "ticket": loan.ticket,
            "renovation": loan.renovation},
        "label_checked_at": iso(k.label_checked_at), "version": k.version,
        "deadlines": _deadlines(k, now), "chases": _chases(k),
    }


def reno_view(r: Renovation, now: datetime) -> dict[str, Any]:
    return {
        "number": r.number, "office": r.office, "unit": r.unit, "owner": r.owner,
        "contractor": r.contractor, "status": r.status, "phase": r.phase,
        "planned_to": r.planned_to.isoformat(), "permit_active": r.permit_active,
        "deposit": None if r.deposit is None else str(r.deposit),
        "passes": [{"number": n, "state": s} for n, s in r.passes.items()],
        "violations": [{"violation": n, "kind": v.kind, "note": v.note, "serious": v.serious,
                        "at": iso(v.occurred_at), "resolved": n in r.resolved}
                       for n, v in r.violations.items()],
        "keys_out": dict(r.keys_out), "inspections": r.inspections, "version": r.version,
        "deadlines": _deadlines(r, now), "chases": _chases(r),
    }


def render_view(title: str, view: dict[str, Any], cal: OfficeCalendar) -> None:
    out = console()
    out.print(f"[bold]{title}[/bold]")
    for name, value in view.items():
        if name in ("deadlines", "chases") or isinstance(value, list | dict):
            continue
        out.print(f"  {name}: {local(cal, value) if name.endswith('_at') else value}")
    if view.get("loan"):
        loan = view["loan"]
        out.print(f"  lent to {loan['borrower']} ({loan['borrower_type']}) for "
                  f"{loan['purpose']}, due {local(cal, loan['due_at'])}")
    for p in view.get("passes", []):
        out.print(f"  pass {p['number']}: {p['state']}")
    for v in view.get("violations", []):
        state = "resolved" if v["resolved"] else "[red]unresolved[/red]"
        out.print(f"  violation #{v['violation']} {v['kind']} {v['note']} — {state}")
    for d in view["deadlines"]:
        flag = " [red]missed[/red]" if d["missed"] else ""
        out.print(f"  {d['rule']} {d['label']} by {local(cal, d['due_at'])}: {d['state']}{flag}")
    for c in view["chases"]:
        out.print(f"  chased {c['to']} at {local(cal, c['at'])} ({c['rule']})")
