"""What a key or renovation write recorded: the stable JSON shape and its rich rendering."""

from __future__ import annotations

from typing import Any

from propsvc.calendar import OfficeCalendar, iso
from propsvc.desks.common import Recorded
from propsvc.views.common import console, local

STATUS_ZH = {
    "in_custody": "在柜", "lent": "借出", "retrieved": "业主已取回",
    "applied": "已申请", "rejected": "已驳回", "approved": "工程部已批准",
    "signed": "经理已签批", "agreed": "已签协议", "paid": "已交押金", "active": "施工中",
    "initial_accepted": "已初验", "accepted": "已复验", "refunded": "押金已退",
}


def _part(rec: Recorded) -> dict[str, Any]:
    return {
        "subject": rec.subject, "ref": rec.ref, "status": rec.status, "version": rec.version,
        "events": [{"event": type(e).__name__, "topic": e.topic,
                    "occurred_at": iso(e.occurred_at), "recorded_at": iso(e.timestamp),
                    "actor": e.actor, "role": e.role, "data": e.data()} for e in rec.events],
        "deadlines_opened": [{"key": d.key, "rule": d.rule, "label": d.label,
                              "due_at": iso(d.due_at), "limit_minutes": d.limit_minutes,
                              "basis": d.basis} for d in rec.deadlines_opened],
    }


def recorded_view(rec: Recorded) -> dict[str, Any]:
    view = _part(rec)
    view["linked"] = [_part(other) for other in rec.linked]
    return view


def render_recorded(view: dict[str, Any], cal: OfficeCalendar) -> None:
    out = console()
    for part in (view, *view["linked"]):
        names = ", ".join(e["event"] for e in part["events"] if e["actor"] != "propsvc")
        status = STATUS_ZH.get(part["status"], part["status"])
        prefix = "" if part is view else "  linked: "
        out.print(f"{prefix}[bold]{part['subject']} {part['ref']}[/bold] {status} — "
                  f"recorded {names or 'nothing new'}")
        for e in part["events"]:
            if e["event"] == "DeadlineMet" and e["data"]["late_minutes"]:
                out.print(f"  [red]{e['data']['rule']} met {e['data']['late_minutes']} min "
                          "late[/red]")
        for d in part["deadlines_opened"]:
            out.print(f"  deadline {d['rule']}: {d['label']} by {local(cal, d['due_at'])}")
