"""Printing the handover log, the carry-over file and the patrol register: "OK" and
reasons in red, as the paper books have them (S2, S4)."""

from __future__ import annotations

from typing import Any

from rich.markup import escape

from propsvc.calendar import OfficeCalendar
from propsvc.rendering import console, local

TRIAGE_ZH = {"urgent": "紧急", "normal": "一般", "later": "暂不能解决"}
KIND_ZH = {"repair": "报修", "note": "记事", "patrol": "巡视", "renovation": "装修",
           "key": "钥匙"}
WHY_ZH = {"later": "暂不能解决", "open_at_day_end": "当日未结", "carried": "上月转入",
          "late_entry": "补录(原月已归档)"}
ACTION_ZH = {"take_over": "接班", "triage": "分类", "ok": "OK", "reason": "原因",
             "note": "记事", "patrol": "巡视", "hand_over": "交班"}


def ok_mark(row: dict[str, Any]) -> str:
    if row["ok"]:
        return "[red]OK[/red]"
    return "已完成 待OK" if row["state"] == "done" else ""


def reason_mark(row: dict[str, Any]) -> str:
    return f"[red]{escape(row['reason'])}[/red]" if row.get("reason") else ""


def _items_table(title: str, rows: list[dict[str, Any]], cal: OfficeCalendar,
                 extra: list[tuple[str, str]] | None = None) -> None:
    from rich.table import Table

    table = Table(title=title)
    columns = ["编号", "类别", "事项", "登记时间", "分类", *(h for _, h in extra or []),
               "原因", "完成"]
    for header in columns:
        table.add_column(header, overflow="fold")
    for r in rows:
        summary = escape(r["summary"]) + (" [bold](重大)[/bold]" if r.get("major") else "")
        table.add_row(r["number"], KIND_ZH.get(r["kind"], r["kind"]), summary,
                      local(cal, r["raised_at"]), TRIAGE_ZH.get(r["triage"] or "", "—"),
                      *(str(r.get(k, "—")) for k, _ in extra or []),
                      reason_mark(r), ok_mark(r))
    console().print(table)


def render_log(log: dict[str, Any], cal: OfficeCalendar) -> None:
    out = console()
    out.print(f"[bold]交接班记录本 {log['shift']}[/bold]  {local(cal, log['starts_at'])} – "
              f"{local(cal, log['ends_at'])}")
    taken = (f"接班 {log['taken_over_by']} {local(cal, log['taken_over_at'])}"
             if log["taken_over_by"] else "尚未接班")
    handed = (f"交班 {log['handed_over_by']} {local(cal, log['handed_over_at'])}"
              if log["handed_over_by"] else "尚未交班")
    out.print(f"{taken} · {handed}")
    _items_table("上班移交事项 (carried in)", log["carried_in"], cal)
    _items_table("本班新增事项 (raised this shift)", log["raised"], cal)
    from rich.table import Table

    table = Table(title="本班记录 (written this shift)")
    for header in ("时间", "动作", "编号", "内容", "记录人"):
        table.add_column(header, overflow="fold")
    for e in log["entries"]:
        action = ACTION_ZH.get(e["action"], e["action"])
        detail = escape(e["detail"] or "")
        if e["action"] == "ok":
            action = "[red]OK[/red]"
        elif e["action"] == "reason":
            detail = f"[red]{detail}[/red]"
        elif e["action"] == "triage":
            detail = TRIAGE_ZH.get(detail, detail)
        elif e["major"]:
            detail = f"[bold]重大: {detail}[/bold]"
        table.add_row(local(cal, e["at"]), action, e["number"] or "—", detail, e["actor"])
    out.print(table)
    loans = ", ".join(f"{r['label']}→{r['borrower']}" + (" [red]逾期[/red]" if r["overdue"]
                                                         else "")
                      for r in log["key_loans_open"]) or "—"
    renos = ", ".join(f"{r['number']} {r['unit']}" for r in log["renovations_active"]) or "—"
    out.print(f"借出钥匙: {loans}")
    out.print(f"在施装修: {renos}")
    out.print(f"移交下班: {', '.join(log['passed_on']) or '—'}")


def render_file(data: dict[str, Any], cal: OfficeCalendar) -> None:
    state = (f"archived {local(cal, data['closed_at'])} by {data['closed_by']}"
             if data["archived"] else "open (not yet archived)")
    rows = [{**r, "why": WHY_ZH.get(r["why"], r["why"])} for r in data["rows"]]
    _items_table(f"{data['register']} {data['month']} — {state}", rows, cal,
                 [("why", "转入原因"), ("months_carried", "已转月数")])
    console().print(f"{len(data['rows'])} items, {data['open']} still open")


def render_patrol(data: dict[str, Any], cal: OfficeCalendar) -> None:
    _items_table(f"{data['register']} {data['month']}", data["rows"], cal,
                 [("department", "责任部门"), ("months_carried", "已转月数")])
    console().print(f"{len(data['rows'])} findings, {data['open']} still open")


def render_daily(data: dict[str, Any], cal: OfficeCalendar) -> None:
    from propsvc.rendering import render_rows

    rows = [{**r, "category": KIND_ZH.get(r["category"], r["category"])}
            for r in [*data["rows"], {"category": "合计", **data["totals"]}]]
    render_rows(f"{data['register']} {data['date']}", rows, [
        ("category", "类别"), ("opened", "新增"), ("completed", "完成"), ("overdue", "超时"),
        ("ok", "OK"), ("carried_over", "转入遗留")], cal)
    render_rows("重大事项 (major entries)", data["major_entries"], [
        ("at", "时间"), ("number", "编号"), ("text", "内容"), ("actor", "记录人")], cal)
