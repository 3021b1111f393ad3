"""A ticket as a user sees it, from its own events only (show, --as-of, history), and
its rendering; the kind-specific parts come from the complaint, help, inquiry and
feedback views."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from propsvc.aggregates.base import SYSTEM_ROLES, Event
from propsvc.aggregates.corrections import TicketMerged, TicketVoided
from propsvc.aggregates.ticket import Ticket
from propsvc.calendar import OfficeCalendar, iso
from propsvc.i18n import _
from propsvc.views.common import console, local, print_facts, yes_no
from propsvc.views.complaint import complaint_lines, complaint_view
from propsvc.views.feedback import feedback_lines, feedback_view
from propsvc.views.help import help_lines, help_view
from propsvc.views.inquiry import inquiry_lines, inquiry_view
from propsvc.vocabulary import say_status, word


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
        "correction": correction_view(t),
        "duplicates": list(t.duplicates),
    }


def correction_view(t: Ticket) -> dict[str, Any] | None:
    """Voided (作废) or merged as a repeat call (重复来电): when, by whom, why, and the
    status it had; None for a ticket that stands."""
    e: TicketVoided | TicketMerged
    if t.voiding is not None:
        e, what = t.voiding, {"state": "voided", "reason": t.voiding.reason, "into": None,
                              "text": f"作废：{t.voiding.reason}"}
    elif t.merging is not None:
        e, what = t.merging, {"state": "merged", "reason": t.merging.reason,
                              "into": t.merging.into,
                              "text": f"重复来电，并入 {t.merging.into}"}
    else:
        return None
    return {**what, "rule": e.rule, "at": iso(e.occurred_at), "by": e.actor,
            "status_before": t.status_before_void}


def history_view(events: list[Event]) -> list[dict[str, Any]]:
    return [
        {"version": e.originator_version, "event": type(e).__name__, "topic": e.topic,
         "occurred_at": iso(e.occurred_at), "recorded_at": iso(e.timestamp),
         "actor": e.actor, "role": e.role, "office": e.office,
         "authenticated": e.authenticated, "data": e.data()}
        for e in events
    ]


def desk_view(t: Ticket) -> dict[str, Any]:
    """Kind-specific facts for ``ticket show`` (C1–C10, H1–H5, F1–F3, Q1)."""
    i = t.intake
    view: dict[str, Any] = {
        "lodged_with": i.lodged_with, "help_kind": i.help_kind, "written": i.written,
        "paid": i.paid, "linked_from": i.linked_from, **feedback_view(t)}
    if t.kind == "complaint":
        view["complaint"] = complaint_view(t)
    if t.kind == "help":
        view["help"] = help_view(t)
    if t.kind == "inquiry":
        view["inquiry"] = inquiry_view(t)
    return view


def desk_lines(view: dict[str, Any], cal: OfficeCalendar) -> list[str]:
    """Plain lines for the terminal (no markup that depends on the data)."""
    d = view.get("desk") or {}
    return [*feedback_lines(d), *complaint_lines(d, cal), *help_lines(d), *inquiry_lines(d)]


def render_show(view: dict[str, Any], cal: OfficeCalendar) -> None:
    from rich.table import Table

    out = console()
    i = view["intake"]
    where = i["unit"] or i["location"] or "—"
    out.print(f"[bold]{view['number']}[/bold]  {say_status(view['kind'], view['status'])}"
              f"  {where}  {i['part'] or ''}  {i['summary']}")
    print_facts(out, _("  caller {caller} {value} · channel {channel} · urgent {yes_no} · home "
                "{yes_no2} · spare key {yes_no3} · appointment {local}",
                caller=i['caller'], value=i['phone'] or '', channel=word('channel', i['channel']),
                yes_no=yes_no(i['urgent']), yes_no2=yes_no(i['home']),
                yes_no3=yes_no(i['spare_key']), local=local(cal, i['appointment'])))
    print_facts(out, _("  opened {local} · technician {value} · arrived {local2} · "
                       "completed {local3}",
                local=local(cal, i['opened_at']), value=view['technician'] or '—',
                local2=local(cal, view['arrived_at']), local3=local(cal, view['completed_at'])))
    if view["completion"]:
        c = view["completion"]
        out.print(_("  signed by {signed_by} · rating {rating}",
                    signed_by=c['signed_by'], rating=c['rating']), markup=False)
    if view["fee"]:
        f = view["fee"]
        out.print(_("  fee {amount} ({items}) accepted {local} collected {value}",
                    amount=f['amount'], items=f['items'], local=local(cal, f['accepted_at']),
                    value=f['collected'] or '—'))
    for line in desk_lines(view, cal):
        out.print(line, markup=False)
    fix = view.get("correction")
    if fix:
        out.print(f"  [red]{fix['text']}[/red] · {local(cal, fix['at'])} {fix['by']}"
                  f" ({fix['rule']})")
    if view.get("duplicates"):
        out.print(_("  repeat calls merged into it: {value}", value=', '.join(view['duplicates'])),
                  markup=False)
    if view["deferral"]:
        out.print(_("  deferred: {measure} — {reason}",
                    measure=view['deferral']['measure'], reason=view['deferral']['reason']))
    table = Table(title=_("deadlines"), show_lines=False)
    for col, whole in ((_("rule"), True), (_("what"), False), (_("due"), True),
                       (_("state"), False)):
        table.add_column(col, no_wrap=whole)
    for d in view["deadlines"]:
        state = word("deadline_state", d["state"])
        if d["missed"]:
            late = (_("missed by {minutes} min", minutes=d["late_minutes"])
                    if d["late_minutes"] else _("missed"))
            state = f"[red]{state}, {late}[/red]"
        table.add_row(d["rule"], _(d["label"]), local(cal, d["due_at"]), state)
    out.print(table)
    for c in view["chases"]:
        out.print(_("  chased {to} (level {level}) at {local}",
                    to=c['to'], level=c['level'], local=local(cal, c['at'])))
    for e in view["escalations"]:
        out.print(_("  escalated to {to} at {local}: {reason}",
                    to=e['to'], local=local(cal, e['at']), reason=e['reason']))
    for v in view["visits"]:
        out.print(_("  visit {local} {method} {result} {value}",
                    local=local(cal, v['at']), method=word('visit_method', v['method']),
                    result=word('visit_result', v['result']),
                    value=v['note'] or ''))
    if view.get("actions"):
        out.print(_("  who did what:"))
    for a in view.get("actions", []):
        out.print(f"    {local(cal, a['at'])} {a['event']} — {a['actor']} ({a['role']})",
                  markup=False)


FOUND_COLUMNS = [("number", "编号"), ("kind", "类别"), ("status", "状态"), ("unit", "房号"),
                 ("caller", "来电人"), ("phone", "电话"), ("summary", "内容"),
                 ("opened_at", "登记时间")]


def render_found(found: dict[str, Any], cal: OfficeCalendar) -> None:
    """A page of ``ticket find`` / ``ticket list``: the tickets and where the page stands."""
    from propsvc.views.common import render_rows
    from propsvc.vocabulary import TICKET_KINDS

    rows = [{**r, "unit": r["unit"] or r["location"]} for r in found["rows"]]
    first = found["offset"] + 1 if rows else 0
    last = found["offset"] + len(rows)
    render_rows("查找结果", rows, FOUND_COLUMNS, cal,
                count=f"第 {first}–{last} 条, 共 {found['total']} 条",
                words={"kind": TICKET_KINDS.zh()})
