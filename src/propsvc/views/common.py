"""What every view shares: JSON output, the console, office-local times, yes/no, a
register as a rich table, an event history, and the deadlines and chases of an aggregate.

Nothing here touches the database; functions take plain data and print it. rich is
imported only when something is printed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from propsvc.calendar import OfficeCalendar, iso
from propsvc.queries.columns import Column
from propsvc.vocabulary import STATUS_LABELS

if TYPE_CHECKING:
    from rich.console import Console

    from propsvc.aggregates.deadlines import HasDeadlines


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


WHOLE = ("ref", "time", "date")  # column kinds a terminal table never folds


def render_rows(title: str, rows: list[dict[str, Any]],
                columns: Sequence[tuple[str, str] | Column], cal: OfficeCalendar,
                count: str | None = None,
                words: dict[str, dict[str, str]] | None = None) -> None:
    """A register as a table; ``words`` labels the codes of some columns (in the others
    a status code is shown as its label). ``columns`` are (field, header) pairs or the
    catalogue's ``Column``s (whose computed values are shown too)."""
    import shutil

    import click

    from propsvc.views.grid import draw

    cols = [c if isinstance(c, Column) else Column(c[0], c[1]) for c in columns]
    labels = [(c, (words or {}).get(c.key, STATUS_LABELS)) for c in cols]
    cells = [[_cell(c.of(row), cal, words_of) for c, words_of in labels] for row in rows]
    width = max(shutil.get_terminal_size((160, 40)).columns, 120)  # as console() does
    whole = [c.kind in WHOLE for c in cols]
    click.echo(draw(title, [c.header for c in cols], cells, width, whole))
    click.echo(count if count is not None else f"{len(rows)} rows")


def _cell(value: Any, cal: OfficeCalendar, labels: dict[str, str]) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and "T" in value:
        return local(cal, value)
    if isinstance(value, str):
        return labels.get(value, value)
    return str(value)


def deadlines_view(a: HasDeadlines, now: datetime) -> list[dict[str, Any]]:
    """An aggregate's deadlines, soonest first; ``missed`` also when open and past due."""
    return [{"key": d.key, "rule": d.rule, "label": d.label, "due_at": iso(d.due_at),
             "state": d.state, "missed": d.missed or (d.state == "open" and now > d.due_at),
             "late_minutes": d.late_minutes}
            for d in sorted(a.deadlines.values(), key=lambda d: d.due_at)]


def chases_view(a: HasDeadlines) -> list[dict[str, Any]]:
    return [{"at": iso(c.occurred_at), "rule": c.rule, "to": c.to, "level": c.level}
            for c in a.chases]


def render_state(title: str, view: dict[str, Any], cal: OfficeCalendar) -> None:
    """A key or a renovation (``show``): its fields, then the loan, passes, violations,
    deadlines and chases."""
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
