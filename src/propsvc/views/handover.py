"""Printing the handover log, the carry-over file, the patrol register and the daily
report: "OK" and reasons in red, as the paper books have them (S2, S4). Every text comes
from the catalogue (``propsvc.i18n``)."""

from __future__ import annotations

from typing import Any

from rich.markup import escape

from propsvc.calendar import OfficeCalendar
from propsvc.i18n import ok_detail, t, word
from propsvc.views.common import console, local, render_rows


def ok_mark(row: dict[str, Any]) -> str:
    if row["ok"]:
        return "[red]OK[/red]"
    if row.get("state") == "voided":
        return t("log.voided")
    return t("log.done_not_ok") if row["state"] == "done" else ""


def reason_mark(row: dict[str, Any]) -> str:
    return f"[red]{escape(row['reason'])}[/red]" if row.get("reason") else ""


def _items_table(title: str, rows: list[dict[str, Any]], cal: OfficeCalendar,
                 extra: tuple[str, ...] = ()) -> None:
    from rich.table import Table

    table = Table(title=title)
    columns = ["number", "kind", "summary", "raised_at", "triage", *extra, "reason", "done"]
    for key in columns:
        table.add_column(t(f"col.{key}"), overflow="fold")
    for r in rows:
        summary = escape(r["summary"]) + (f" [bold]({t('log.major')})[/bold]"
                                          if r.get("major") else "")
        table.add_row(r["number"], word("kind", r["kind"]), summary,
                      local(cal, r["raised_at"]), word("triage", r["triage"]),
                      *(_extra(k, r.get(k)) for k in extra), reason_mark(r), ok_mark(r))
    console().print(table)


def _extra(key: str, value: Any) -> str:
    if value is None:
        return "—"
    return word("why", value) if key == "why" else str(value)


def render_log(log: dict[str, Any], cal: OfficeCalendar) -> None:
    out = console()
    out.print(f"[bold]{t('log.title')} {log['shift']}[/bold]  "
              f"{local(cal, log['starts_at'])} – {local(cal, log['ends_at'])}")
    taken = (t("log.taken", who=log["taken_over_by"], at=local(cal, log["taken_over_at"]))
             if log["taken_over_by"] else t("log.not_taken"))
    handed = (t("log.handed", who=log["handed_over_by"],
                at=local(cal, log["handed_over_at"]))
              if log["handed_over_by"] else t("log.not_handed"))
    out.print(f"{taken} · {handed}")
    _items_table(t("log.carried_in"), log["carried_in"], cal)
    _items_table(t("log.raised"), log["raised"], cal)
    from rich.table import Table

    table = Table(title=t("log.entries"))
    for key in ("at", "action", "number", "detail", "actor"):
        table.add_column(t(f"col.{key}"), overflow="fold")
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
            detail = f"[bold]{t('log.major')}: {detail}[/bold]"
        table.add_row(local(cal, e["at"]), action, e["number"] or "—", detail, e["actor"])
    out.print(table)
    late = f" [red]{t('log.overdue')}[/red]"
    loans = ", ".join(f"{r['label']}→{r['borrower']}" + (late if r["overdue"] else "")
                      for r in log["key_loans_open"]) or "—"
    renos = ", ".join(f"{r['number']} {r['unit']}" for r in log["renovations_active"]) or "—"
    out.print(f"{t('log.keys')}: {loans}")
    out.print(f"{t('log.renos')}: {renos}")
    out.print(f"{t('log.passed_on')}: {', '.join(log['passed_on']) or '—'}")


def render_file(data: dict[str, Any], cal: OfficeCalendar) -> None:
    state = (t("file.archived", at=local(cal, data["closed_at"]), who=data["closed_by"])
             if data["archived"] else t("file.open"))
    _items_table(f"{t('file.title')} {data['month']} — {state}", data["rows"], cal,
                 ("why", "months_carried"))
    console().print(t("file.count", n=len(data["rows"]), open=data["open"]))


def render_patrol(data: dict[str, Any], cal: OfficeCalendar) -> None:
    _items_table(f"{t('patrol.title')} {data['month']}", data["rows"], cal,
                 ("department", "months_carried"))
    console().print(t("patrol.count", n=len(data["rows"]), open=data["open"]))


def render_daily(data: dict[str, Any], cal: OfficeCalendar) -> None:
    total = {"category": t("daily.total"), **data["totals"]}
    rows = [{**r, "category": word("kind", r["category"])} for r in data["rows"]] + [total]
    counts = ("category", "opened", "completed", "overdue", "ok", "carried_over")
    render_rows(f"{t('daily.title')} {data['date']}", rows,
                [(k, t(f"col.{k}")) for k in counts], cal,
                t("daily.count", n=len(data["rows"])))
    render_rows(t("daily.major"), data["major_entries"],
                [(k, t(f"col.{c}")) for k, c in (("at", "at"), ("number", "number"),
                                                 ("text", "detail"), ("actor", "actor"))],
                cal, t("daily.major_count", n=len(data["major_entries"])))
