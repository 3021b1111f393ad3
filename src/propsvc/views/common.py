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

from propsvc.aggregates.deadlines import HasDeadlines
from propsvc.calendar import OfficeCalendar, iso
from propsvc.i18n import N_, _
from propsvc.queries.columns import Column
from propsvc.vocabulary import CUSTODY_STATUS_CHOICES, STATUS_CHOICES, say_any, say_status

if TYPE_CHECKING:
    from rich.console import Console


def dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def console() -> Console:
    import shutil

    from rich.console import Console

    width = shutil.get_terminal_size((160, 40)).columns  # the terminal's own width
    return Console(highlight=False, soft_wrap=False, width=width)


# what a clerk copies or reads across: never wrapped (a column of them keeps its width)
NO_WRAP_KINDS = ("ref", "time", "date")
NO_WRAP_KEYS = ("number", "ref", "renovation", "label", "rule", "due_at", "at", "shift")


NARROW = 100  # below this many columns a wide table prints as one block per row
WIDE_TABLE = 6  # columns


def narrow(columns: int) -> bool:
    """A terminal too narrow for a table of ``columns`` columns side by side."""
    import shutil

    return columns >= WIDE_TABLE and shutil.get_terminal_size((160, 40)).columns < NARROW


def print_facts(out: Console, text: str, indent: str = "  ") -> None:
    """A line of facts joined by `` · ``, broken only between facts when the terminal
    is narrow, so that no time or number is split over two lines."""
    from rich.cells import cell_len

    line = ""
    for fact in text.strip().split(" · "):
        candidate = f"{line} · {fact}" if line else fact
        if line and cell_len(indent + candidate) > out.width:
            out.print(indent + line, markup=False)
            line = fact
        else:
            line = candidate
    if line:
        out.print(indent + line, markup=False)


def print_table(table: Any, title: str, headers: Sequence[str],
                cells: Sequence[Sequence[str]]) -> None:
    """The table when it fits the terminal, else the narrow layout (one block per row)."""
    out = console()
    if narrow(len(headers)) or _needed(table, headers, cells) > out.width:
        render_cards(title, headers, cells)
    else:
        out.print(table)


SQUEEZED = 8  # the narrowest a wrapping column is worth printing


def _needed(table: Any, headers: Sequence[str], cells: Sequence[Sequence[str]]) -> int:
    """The width a table needs so that its no-wrap columns (numbers, times) print whole
    and every other column keeps a few characters."""
    from rich.cells import cell_len
    from rich.text import Text

    need = 1
    for i, (column, header) in enumerate(zip(table.columns, headers, strict=True)):
        widest = max([cell_len(header)] + [cell_len(Text.from_markup(str(row[i])).plain)
                                           for row in cells])
        need += 3 + (widest if column.no_wrap else min(widest, SQUEEZED))
    return need


def render_cards(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """The narrow layout: the title, then per row its first cell on a line of its own and
    each other cell as ``header: value`` below it — nothing a clerk copies is cut."""
    out = console()
    if title:
        out.print(f"[bold]{title}[/bold]")
    for row in rows:
        out.print(row[0], markup=True)
        for header, cell in zip(headers[1:], row[1:], strict=True):
            if cell not in ("", "—"):
                out.print(f"  {header}: {cell}", markup=True)


def no_wrap(key: str, kind: str = "") -> bool:
    """Ticket numbers and times never wrap: the number a clerk must copy stays whole."""
    return kind in NO_WRAP_KINDS or key in NO_WRAP_KEYS or key.endswith(("_at", "_on"))


def shift_words(ref: str) -> str:
    """A shift's key ``2026-11-30/day`` as the book heads it: ``2026-11-30 白班``; any other
    reference as it is."""
    day, _sep, which = ref.partition("/")
    if which not in ("day", "night"):
        return ref
    from propsvc.vocabulary import word

    return f"{day} {word('shift', which)}"


def local(cal: OfficeCalendar, value: str | datetime | None) -> str:
    if value is None:
        return "—"
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    return cal.local(when).strftime("%Y-%m-%d %H:%M")


def yes_no(value: bool | None) -> str:
    return "—" if value is None else ("是" if value else "否")


def _history_value(value: Any, cal: OfficeCalendar) -> str:
    """An event's stored value as the history shows it: a time in office time."""
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and "T" in value:
        try:
            return local(cal, value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if value is True:
        return yes_no(True)
    return str(value)


def render_history(rows: list[dict[str, Any]], cal: OfficeCalendar) -> None:
    from rich.table import Table

    table = Table(title=_("history (business time · recorded time · who · what)"))
    for col, whole in (("#", True), (_("occurred"), True), (_("recorded"), True),
                       (_("actor"), False), (_("role"), False), (_("event"), False),
                       (_("data"), False)):
        table.add_column(col, overflow="fold", no_wrap=whole)
    for r in rows:
        data = ", ".join(f"{k}={_history_value(v, cal)}" for k, v in r["data"].items()
                         if v not in (None, [], "") and v is not False)
        table.add_row(str(r["version"]), local(cal, r["occurred_at"]),
                      local(cal, r["recorded_at"]), r["actor"], r["role"], r["event"], data)
    console().print(table)


def render_rows(title: str, rows: list[dict[str, Any]],
                columns: Sequence[tuple[str, str] | Column], cal: OfficeCalendar,
                count: str | None = None,
                words: dict[str, dict[str, str]] | None = None) -> None:
    """A register as a table; ``words`` labels the codes of some columns (in the others
    a status code is shown as its label). ``columns`` are (field, header) pairs or the
    catalogue's ``Column``s (whose computed values are shown too)."""
    from rich.table import Table

    cols = [c if isinstance(c, Column) else Column(c[0], c[1]) for c in columns]
    cells = [[_cell(c.of(row), cal, (words or {}).get(c.key), c.key, row) for c in cols]
             for row in rows]
    table = Table(title=title)
    for col in cols:
        table.add_column(col.header, overflow="fold", no_wrap=no_wrap(col.key, col.kind))
    for line in cells:
        table.add_row(*line)
    print_table(table, title, [c.header for c in cols], cells)
    if count is None:
        count = _("1 row") if len(rows) == 1 else _("{n} rows", n=len(rows))
    console().print(count)


# columns whose codes are worded from a vocabulary list when the register names none
COLUMN_WORDS: dict[str, str] = {
    "method": "visit_method", "result": "visit_result", "channel": "channel",
    "borrower_type": "borrower_type", "triage": "triage", "why": "why", "action": "action",
    "help_kind": "help_kind", "category": "incident_category", "phase": "phase",
    "follow_up": "follow_up", "lodged_with": "lodged_with", "kind": "kind",
    "shift": "shift", "area_kind": "patrol_area"}


def _cell(value: Any, cal: OfficeCalendar, labels: dict[str, str] | None, key: str = "",
          row: dict[str, Any] | None = None) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and "T" in value:
        return local(cal, value)
    if isinstance(value, str) and labels is not None:
        return labels.get(value, value)
    if isinstance(value, str) and key == "status" and row is not None and "kind" in row:
        return say_status(row["kind"], value)
    if isinstance(value, str) and key in COLUMN_WORDS:
        from propsvc.vocabulary import word

        return word(COLUMN_WORDS[key], value)
    if isinstance(value, str) and key in ("label", "basis"):
        return _(value)  # a deadline's label, stored in English
    if isinstance(value, str) and key in ("status", "state"):
        return say_any((*STATUS_CHOICES, *CUSTODY_STATUS_CHOICES), value)
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


# the fields of ``key show`` and ``reno show`` (msgids), and the list that words each value
STATE_FIELDS: dict[str, str] = {
    "label": N_("label"), "number": N_("number"), "office": N_("office"),
    "class": N_("class"), "unit": N_("unit"), "area": N_("area"),
    "equipment": N_("equipment room"), "status": N_("status"), "owner": N_("owner"),
    "contractor": N_("contractor"), "phase": N_("phase"), "planned_to": N_("planned end"),
    "permit_active": N_("permit active"), "deposit": N_("deposit"),
    "inspections": N_("inspections"), "label_checked_at": N_("label last checked"),
    "version": N_("version")}
STATE_WORDS: dict[str, str] = {"class": "key_class", "phase": "phase"}


def _state_value(name: str, value: Any, cal: OfficeCalendar) -> str:
    from propsvc.vocabulary import word

    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return yes_no(value)
    if name.endswith("_at"):
        return local(cal, value)
    if name == "status":
        return say_any(CUSTODY_STATUS_CHOICES, str(value))
    if name in STATE_WORDS:
        return word(STATE_WORDS[name], str(value))
    return str(value)


def render_state(title: str, view: dict[str, Any], cal: OfficeCalendar) -> None:
    """A key or a renovation (``show``): its fields, then the loan, passes, violations,
    deadlines and chases, every label and coded value in words."""
    from propsvc.vocabulary import word

    out = console()
    out.print(f"[bold]{title}[/bold]")
    for name, value in view.items():
        if name in ("deadlines", "chases") or isinstance(value, list | dict):
            continue
        label = _(STATE_FIELDS[name]) if name in STATE_FIELDS else name.replace("_", " ")
        out.print(f"  {label}: {_state_value(name, value, cal)}", markup=False)
    if view.get("loan"):
        loan = view["loan"]
        out.print(_("  lent to {borrower} ({borrower_type}) for {purpose}, due {local}",
                    borrower=loan['borrower'],
                    borrower_type=word("borrower_type", loan['borrower_type']),
                    purpose=loan['purpose'], local=local(cal, loan['due_at'])))
    for p in view.get("passes", []):
        out.print(_("  pass {number}: {state}", number=p['number'],
                    state=word("pass_state", p['state'])))
    for v in view.get("violations", []):
        state = _("resolved") if v["resolved"] else "[red]" + _("unresolved") + "[/red]"
        out.print(_("  violation #{violation} {kind} {note} — {state}",
                    violation=v['violation'], kind=word("violation_kind", v['kind']),
                    note=v['note'], state=state))
    for d in view["deadlines"]:
        flag = " [red]" + _("missed") + "[/red]" if d["missed"] else ""
        out.print(_("  {rule} {label} by {local}: {state}{flag}",
                    rule=d['rule'], label=_(d['label']), local=local(cal, d['due_at']),
                    state=word("deadline_state", d['state']), flag=flag))
    for c in view["chases"]:
        out.print(_("  chased {to} at {local} ({rule})",
                    to=c['to'], local=local(cal, c['at']), rule=c['rule']))
