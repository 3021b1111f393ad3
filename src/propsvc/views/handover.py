"""Printing the handover log, the carry-over file, the patrol register and the daily
report: "OK" and reasons in red, as the paper books have them (S2, S4). Every text comes
from the catalogue (``propsvc.i18n``)."""

from __future__ import annotations

from typing import Any

from rich.markup import escape

from propsvc.calendar import OfficeCalendar
from propsvc.i18n import N_, _, ok_detail
from propsvc.views.common import console, local, no_wrap, print_table, render_rows, shift_words
from propsvc.vocabulary import word

# the books' column headings (msgids; translated where shown)
COLUMNS: dict[str, str] = {
    "number": N_("Number"),
    "kind": N_("Kind"),
    "summary": N_("Matter"),
    "raised_at": N_("Raised"),
    "triage": N_("Triage"),
    "reason": N_("Reason"),
    "done": N_("Done"),
    "why": N_("Why"),
    "months_carried": N_("Months carried"),
    "department": N_("Department"),
    "at": N_("Time"),
    "action": N_("Action"),
    "detail": N_("Detail"),
    "actor": N_("By"),
    "category": N_("Category"),
    "opened": N_("Opened"),
    "completed": N_("Completed"),
    "overdue": N_("Overdue"),
    "ok": N_("OK"),
    "carried_over": N_("Carried over"),
}


def ok_mark(row: dict[str, Any]) -> str:
    if row["ok"]:
        return "[red]OK[/red]"
    if row.get("state") == "voided":
        return _("voided or merged")
    return _("done, awaiting OK") if row["state"] == "done" else ""


def reason_mark(row: dict[str, Any]) -> str:
    return f"[red]{escape(row['reason'])}[/red]" if row.get("reason") else ""


def _items_table(title: str, rows: list[dict[str, Any]], cal: OfficeCalendar,
                 extra: tuple[str, ...] = ()) -> None:
    from rich.table import Table

    table = Table(title=title)
    columns = ["number", "kind", "summary", "raised_at", "triage", *extra, "reason", "done"]
    for key in columns:
        table.add_column(_(COLUMNS[key]), overflow="fold", no_wrap=no_wrap(key))
    cells = []
    for r in rows:
        summary = escape(r["summary"]) + (" [bold](" + _("major") + ")[/bold]"
                                          if r.get("major") else "")
        cells.append([r["number"], word("kind", r["kind"]), summary,
                      local(cal, r["raised_at"]), word("triage", r["triage"]),
                      *(_extra(k, r.get(k)) for k in extra), reason_mark(r), ok_mark(r)])
        table.add_row(*cells[-1])
    print_table(table, title, [_(COLUMNS[k]) for k in columns], cells, console())


def _extra(key: str, value: Any) -> str:
    if value is None:
        return "—"
    return word("why", value) if key == "why" else str(value)


def render_log(log: dict[str, Any], cal: OfficeCalendar) -> None:
    out = console()
    out.print("[bold]" + _("Handover log") + f" {shift_words(log['shift'])}[/bold]  "
              f"{local(cal, log['starts_at'])} – {local(cal, log['ends_at'])}")
    taken = (_("taken over by {who} at {at}",
               who=log["taken_over_by"], at=local(cal, log["taken_over_at"]))
             if log["taken_over_by"] else _("not taken over yet"))
    handed = (_("handed over by {who} at {at}", who=log["handed_over_by"],
                at=local(cal, log["handed_over_at"]))
              if log["handed_over_by"] else _("not handed over yet"))
    out.print(f"{taken} · {handed}")
    _items_table(_("Carried in"), log["carried_in"], cal)
    _items_table(_("Raised this shift"), log["raised"], cal)
    from rich.table import Table

    table = Table(title=_("Written this shift"))
    keys = ("at", "action", "number", "detail", "actor")
    for key in keys:
        table.add_column(_(COLUMNS[key]), overflow="fold", no_wrap=no_wrap(key))
    cells = []
    matters = {r["number"]: r for r in log["carried_in"] + log["raised"]}
    for e in log["entries"]:
        action = word("action", e["action"])
        detail = escape(e["detail"] or "")
        if e["action"] == "ok":
            action = "[red]OK[/red]"
            if e["number"] in matters:
                m = matters[e["number"]]
                detail = escape(ok_detail(m["ok_note"], m["instructed_by"]))
        elif e["action"] == "reason":
            detail = f"[red]{detail}[/red]"
        elif e["action"] == "triage":
            detail = word("triage", detail)
        elif e["major"]:
            detail = "[bold]" + _("major") + f": {detail}[/bold]"
        cells.append([local(cal, e["at"]), action, e["number"] or "—", detail, e["actor"]])
        table.add_row(*cells[-1])
    print_table(table, _("Written this shift"), [_(COLUMNS[k]) for k in keys], cells, out)
    late = " [red]" + _("overdue") + "[/red]"
    loans = ", ".join(f"{r['label']}→{r['borrower']}" + (late if r["overdue"] else "")
                      for r in log["key_loans_open"]) or "—"
    renos = ", ".join(f"{r['number']} {r['unit']}" for r in log["renovations_active"]) or "—"
    out.print(_("Keys out") + f": {loans}")
    out.print(_("Renovations in progress") + f": {renos}")
    out.print(_("Passed on") + ": " + (", ".join(log["passed_on"]) or "—"))


def render_file(data: dict[str, Any], cal: OfficeCalendar) -> None:
    state = (_("archived {at} by {who}", at=local(cal, data["closed_at"]), who=data["closed_by"])
             if data["archived"] else _("open (not yet archived)"))
    _items_table(_("Carry-over file") + f" {data['month']} — {state}", data["rows"], cal,
                 ("why", "months_carried"))
    console().print(_("{n} items, {open} still open", n=len(data["rows"]), open=data["open"]))


def render_patrol(data: dict[str, Any], cal: OfficeCalendar) -> None:
    _items_table(_("Patrol follow-up register") + f" {data['month']}", data["rows"], cal,
                 ("department", "months_carried"))
    console().print(_("{n} findings, {open} still open", n=len(data["rows"]), open=data["open"]))


def render_patrol_report(data: dict[str, Any], cal: OfficeCalendar) -> None:
    """P1 巡视日报: the day's findings, then whether the manager was told."""
    _items_table(_("Patrol report") + f" {data['date']}", data["rows"], cal, ("department",))
    out = console()
    out.print(_("{n} findings, {open} still open, {ok} OK", n=data["findings"],
                open=data["open"], ok=data["ok"]))
    for r in data["reports"]:
        out.print(_("reported to {to} by {by} at {at}: {n} findings, {still} still open",
                    to=escape(r["to"]), by=escape(r["reported_by"]),
                    at=local(cal, r["reported_at"]),
                    n=r["findings"], still=len(r["still_open"])))
    if not data["reports"] and not data["due_at"]:
        out.print(_("no finding recorded that day: report it anyway with --to NAME (P1)"))
    elif not data["reports"]:
        due = local(cal, data["due_at"]) if data["due_at"] else "—"
        late = _(" (missed)") if data["report_missed"] else ""
        out.print(_("[red]not yet reported to the manager[/red]: due {due}{late} (P1)",
                    due=due, late=late))


def render_daily(data: dict[str, Any], cal: OfficeCalendar) -> None:
    total = {"category": _("Total"), **data["totals"]}
    rows = [{**r, "category": word("kind", r["category"])} for r in data["rows"]] + [total]
    counts = ("category", "opened", "completed", "overdue", "ok", "carried_over")
    render_rows(_("Daily property report") + f" {data['date']}", rows,
                [(k, _(COLUMNS[k])) for k in counts], cal,
                _("categories: {n}", n=len(data["rows"])))
    render_rows(_("Major entries"), data["major_entries"],
                [(k, _(COLUMNS[c])) for k, c in (("at", "at"), ("number", "number"),
                                                 ("text", "detail"), ("actor", "actor"))],
                cal, _("entries: {n}", n=len(data["major_entries"])))
