"""Human output (rich tables, office-local times) and the stable JSON shapes of writes.

Nothing here touches the database; functions take plain data and print it.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from propsvc.calendar import OfficeCalendar, iso

if TYPE_CHECKING:
    from rich.console import Console

    from propsvc.desks.service import Outcome

STATUS_ZH = {
    "received": "待派单", "ordered": "已派单", "on_site": "已到场", "assessing": "待评审",
    "working": "维修中", "deferred": "暂缓(临时措施)", "completed": "已完工",
    "closed": "已回访关闭", "classified": "已分类", "dispatched": "已发联系单",
    "replied": "已回复", "agreed": "已约定处理", "routed": "已转办", "answered": "已答复",
    "open": "处理中", "reported": "已书面报告",
}


def dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def console() -> Console:
    import shutil

    from rich.console import Console

    width = max(shutil.get_terminal_size((160, 40)).columns, 120)
    return Console(highlight=False, soft_wrap=False, width=width)


def local(cal: OfficeCalendar, value: str | datetime | None) -> str:
    if value is None:
        return "—"
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    return cal.local(when).strftime("%Y-%m-%d %H:%M")


def yes_no(value: bool | None) -> str:
    return "—" if value is None else ("是" if value else "否")


def outcome_view(outcome: Outcome) -> dict[str, Any]:
    t = outcome.ticket
    return {
        "number": t.number, "office": t.office, "kind": t.kind, "status": t.status,
        "version": t.version,
        "events": [{"event": type(e).__name__, "occurred_at": iso(e.occurred_at),
                    "recorded_at": iso(e.timestamp), "actor": e.actor, "role": e.role,
                    "data": e.data()} for e in outcome.events],
        "deadlines_opened": [{"key": d.key, "rule": d.rule, "label": d.label,
                              "due_at": iso(d.due_at), "limit_minutes": d.limit_minutes,
                              "basis": d.basis} for d in outcome.deadlines_opened],
        "rules": sorted({r for e in outcome.events for r in _rules_of(e)}, key=rule_order),
    }


def rule_order(rule: str) -> tuple[str, int]:
    """Catalogue order: R3 before R11."""
    digits = "".join(ch for ch in rule if ch.isdigit())
    return rule.rstrip("0123456789"), int(digits or 0)


def _rules_of(event: Any) -> list[str]:
    from propsvc.aggregates.ticket import CallReceived

    if isinstance(event, CallReceived):
        first = {"complaint": "C1", "help": "H1", "inquiry": "H4"}.get(event.kind)
        if first:
            return [first]
        return ["R1", "R14"] if event.channel in ("staff", "patrol") else ["R1"]
    rule = getattr(event, "rule", None)
    return [rule] if rule else []


def render_outcome(view: dict[str, Any], cal: OfficeCalendar) -> None:
    out = console()
    names = ", ".join(e["event"] for e in view["events"] if e["actor"] != "propsvc")
    out.print(f"[bold]{view['number']}[/bold] {STATUS_ZH.get(view['status'], view['status'])}"
              f" — recorded {names or 'nothing new'}")
    for e in view["events"]:
        if e["event"] in ("DeadlineMet",) and e["data"]["late_minutes"]:
            out.print(f"  [red]{e['data']['rule']} met {e['data']['late_minutes']} min late"
                      "[/red]")
    for d in view["deadlines_opened"]:
        out.print(f"  deadline {d['rule']}: {d['label']} by {local(cal, d['due_at'])}"
                  f" ({d['limit_minutes']} min after {d['basis']})")


def render_show(view: dict[str, Any], cal: OfficeCalendar) -> None:
    from rich.table import Table

    out = console()
    i = view["intake"]
    where = i["unit"] or i["location"] or "—"
    out.print(f"[bold]{view['number']}[/bold]  {STATUS_ZH.get(view['status'], view['status'])}"
              f"  {where}  {i['part'] or ''}  {i['summary']}")
    out.print(f"  caller {i['caller']} {i['phone'] or ''} · channel {i['channel']} · "
              f"urgent {yes_no(i['urgent'])} · home {yes_no(i['home'])} · spare key "
              f"{yes_no(i['spare_key'])} · appointment {local(cal, i['appointment'])}")
    out.print(f"  opened {local(cal, i['opened_at'])} · technician {view['technician'] or '—'}"
              f" · arrived {local(cal, view['arrived_at'])} · completed "
              f"{local(cal, view['completed_at'])}")
    if view["completion"]:
        c = view["completion"]
        out.print(f"  signed by {c['signed_by']} · rating {c['rating']}", markup=False)
    if view["fee"]:
        f = view["fee"]
        out.print(f"  fee {f['amount']} ({f['items']}) accepted {local(cal, f['accepted_at'])}"
                  f" collected {f['collected'] or '—'}")
    from propsvc.views.requests import desk_lines

    for line in desk_lines(view, cal):
        out.print(line, markup=False)
    if view["deferral"]:
        out.print(f"  deferred: {view['deferral']['measure']} — {view['deferral']['reason']}")
    table = Table(title="deadlines", show_lines=False)
    for col in ("rule", "what", "due", "state"):
        table.add_column(col)
    for d in view["deadlines"]:
        state = d["state"]
        if d["missed"]:
            state = f"[red]{state}, missed" + (f" by {d['late_minutes']} min" if
                                                d["late_minutes"] else "") + "[/red]"
        table.add_row(d["rule"], d["label"], local(cal, d["due_at"]), state)
    out.print(table)
    for c in view["chases"]:
        out.print(f"  chased {c['to']} (level {c['level']}) at {local(cal, c['at'])}")
    for e in view["escalations"]:
        out.print(f"  escalated to {e['to']} at {local(cal, e['at'])}: {e['reason']}")
    for v in view["visits"]:
        out.print(f"  visit {local(cal, v['at'])} {v['method']} {v['result']} {v['note'] or ''}")
    if view.get("actions"):
        out.print("  who did what:")
    for a in view.get("actions", []):
        out.print(f"    {local(cal, a['at'])} {a['event']} — {a['actor']} ({a['role']})",
                  markup=False)


def render_history(rows: list[dict[str, Any]], cal: OfficeCalendar) -> None:
    from rich.table import Table

    table = Table(title="history (business time · recorded time · who · what)")
    for col in ("#", "occurred", "recorded", "actor", "role", "event", "data"):
        table.add_column(col, overflow="fold")
    for r in rows:
        data = ", ".join(f"{k}={v}" for k, v in r["data"].items()
                         if v not in (None, [], "") and v is not False)
        table.add_row(str(r["version"]), local(cal, r["occurred_at"]),
                      local(cal, r["recorded_at"]), r["actor"], r["role"], r["event"], data)
    console().print(table)


def render_rows(title: str, rows: list[dict[str, Any]], columns: list[tuple[str, str]],
                cal: OfficeCalendar, count: str | None = None) -> None:
    from rich.table import Table

    table = Table(title=title)
    for _, header in columns:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*(_cell(row.get(key), cal) for key, _ in columns))
    console().print(table)
    console().print(count if count is not None else f"{len(rows)} rows")


def _cell(value: Any, cal: OfficeCalendar) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and "T" in value:
        return local(cal, value)
    if isinstance(value, str):
        return STATUS_ZH.get(value, value)
    return str(value)
