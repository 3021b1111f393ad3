"""Sealed months (issue 9): what the registers of a closed month were, and what came later.

Closing a month (``carryover close-month``) records every register of the month as it was
built at that moment, in the ``MonthClosed`` seal with the log position and chain link it
was built from. A closed month's registers are read from the seal, so they print exactly
as at closing. An entry recorded later with a business time inside the closed month is
kept (both times are on its events); the closed month lists it apart, "recorded after
closing", and the first month still open lists it as a late entry (补录) with its
business date.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from propsvc.calendar import parse_month
from propsvc.queries.common import Source
from propsvc.queries.registers import EXPORTED, REGISTERS, Register, days_of

Pages = list[list[Any]]  # [[sheet label, data], ...]
NOT_SEALED = ("carryover",)  # the carry-over file has its own archive (S7: items)
SEALED_FORMS: tuple[str, ...] = tuple(
    n for n in EXPORTED if REGISTERS[n].period in ("month", "either") and n not in NOT_SEALED)


def _complaint_summary(src: Source, month: str) -> dict[str, Any]:
    from propsvc.queries.complaint import complaint_summary

    return complaint_summary(src.db, src.office, src.calendar, month)


def _patrol(src: Source, month: str) -> dict[str, Any]:
    from propsvc.queries.handover import patrol_register

    return patrol_register(src.db, src.office, src.calendar, month, src.now)


# Reads of a month that print more than their form's data: sealed as they print.
VIEWS: dict[str, Callable[[Source, str], dict[str, Any]]] = {
    "view:complaint-summary": _complaint_summary, "view:patrol": _patrol}
SEALED: tuple[str, ...] = (*SEALED_FORMS, *VIEWS)


def normalised(data: Any) -> Any:
    """The data exactly as ``--json`` prints it (times and amounts as their text)."""
    return json.loads(json.dumps(data, ensure_ascii=False, default=str))


def form_pages(src: Source, form: Register, month: str) -> Pages:
    """One month of ``form`` as built now: one sheet, or one a day (维修日报表)."""
    cal = src.calendar
    start, end = cal.month_bounds(month)
    if not form.per_day:
        return [[month, normalised(form.data(src, start, end, month))]]
    return [[d.isoformat(), normalised(form.data(src, *cal.day_bounds(d), d.isoformat()))]
            for d in days_of(start, end, cal)]


def month_registers(src: Source, month: str) -> dict[str, Pages]:
    """Every register of ``month`` as built now: what a seal records."""
    parse_month(month)
    return {name: month_pages(src, name, month, {}) for name in SEALED}


def sealed_text(registers: Mapping[str, Pages]) -> tuple[str, str]:
    """The registers as the seal stores them (compact JSON), and that text's SHA-256."""
    text = json.dumps(registers, ensure_ascii=False, separators=(",", ":"))  # keys in order
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


def ref_key(form: Register) -> str | None:
    """The column naming each record of the form's main list (its number), if any."""
    if form.per_day or form.parts[0].rows != "rows":
        return None
    return next((c.key for c in form.parts[0].columns if c.kind == "ref"), None)


def late_rows(form: Register, live: dict[str, Any], sealed: dict[str, Any]
              ) -> list[dict[str, Any]]:
    """The records of ``live`` a seal of the same month did not hold: entered after
    closing, with a business time inside the month."""
    key = ref_key(form)
    if key is None:
        return []
    known = {row.get(key) for row in form.parts[0].take(sealed)}
    return [row for row in form.parts[0].take(live) if row.get(key) not in known]


def business_date(form: Register, row: dict[str, Any], src: Source) -> str | None:
    """A late row's business date: its first time column, in office time."""
    for column in form.parts[0].columns:
        value = row.get(column.key)
        if column.kind == "time" and isinstance(value, str):
            return src.calendar.local_date(datetime.fromisoformat(value)).isoformat()
    return None


LOOK_BACK = 12  # closed months whose late entries an open month lists (a year)
Seals = Mapping[str, Mapping[str, Pages]]  # closed month → its sealed registers


def closed_months(src: Source) -> list[str]:
    """The office's closed months, oldest first (the carry-over file's archive)."""
    from propsvc.projections._schema import months
    from propsvc.queries.sql import table

    found = src.db.values(f'SELECT m."month" FROM {table(months, "m")} WHERE m.office = ? '
                          'ORDER BY m."month"', (src.office,))
    return [str(m) for (m,) in found]


def month_pages(src: Source, name: str, month: str, seals: Seals) -> Pages:
    """One register of ``month``: as sealed when the month is closed; else built now,
    with the late entries (补录) of the closed months before it that no month after
    them has listed yet."""
    sealed = seals.get(month, {}).get(name)
    if sealed is not None:
        return sealed
    if name in VIEWS:
        return [[month, normalised(VIEWS[name](src, month))]]
    form = REGISTERS[name]
    pages = form_pages(src, form, month)
    late = late_entries(src, name, month, seals)
    if late:
        pages[0][1] = {**pages[0][1], "late_entries": late}
    return pages


def closing_times(src: Source) -> dict[str, datetime]:
    """When each closed month of the office was closed (its seal's business time)."""
    from propsvc.projections._schema import months
    from propsvc.queries.sql import cols, table

    found = src.db.rows(cols(months, "m", "month", "closed_at"),
                        f"FROM {table(months, 'm')} WHERE m.office = ?", (src.office,))
    return {str(r["month"]): r["closed_at"] for r in found}


def late_entries(src: Source, name: str, month: str, seals: Seals) -> list[dict[str, Any]]:
    form = REGISTERS[name]
    key = ref_key(form)
    if key is None:
        return []
    earlier = sorted(m for m in seals if m < month)[-LOOK_BACK:]
    if form.late is not None and earlier:
        return _late_by_recorded_time(src, form, name, key, earlier, seals)
    found: list[dict[str, Any]] = []
    for closed in earlier:
        sealed = seals[closed].get(name)
        if not sealed:
            continue  # sealed before this register was kept
        listed = {row.get(key) for later in earlier if later > closed
                  for row in _pages_data(seals[later].get(name)).get("late_entries", [])}
        live = normalised(form.data(src, *src.calendar.month_bounds(closed), closed))
        for row in late_rows(form, live, sealed[0][1]):
            if row.get(key) not in listed:
                found.append({**row, "late_entry": "补录", "business_month": closed,
                              "business_date": business_date(form, row, src)})
    return found


def _late_by_recorded_time(src: Source, form: Register, name: str, key: str,
                           earlier: list[str], seals: Seals) -> list[dict[str, Any]]:
    """The same 补录 as rebuilding each closed month would find, in one indexed query:
    a late entry was recorded after the seal of the last month closed before it (months
    close in order), so only rows recorded since the latest of those closings can be one;
    each is then checked against its month's seal and the 补录 of the seals after it."""
    closed_at = closing_times(src)
    since = max(closed_at[m] for m in earlier if m in closed_at)
    start = src.calendar.month_bounds(earlier[0])[0]
    end = src.calendar.month_bounds(earlier[-1])[1]
    assert form.late is not None
    found: list[dict[str, Any]] = []
    for row in normalised(form.late(src, since, start, end)):
        when = business_date(form, row, src)
        closed = when[:7] if when else None
        sealed = seals.get(closed, {}).get(name) if closed else None
        if not sealed:
            continue  # not a closed month (or sealed before this register was kept)
        held = {r.get(key) for r in form.parts[0].take(sealed[0][1])}
        listed = {r.get(key) for later in earlier if later > str(closed)
                  for r in _pages_data(seals[later].get(name)).get("late_entries", [])}
        if row.get(key) in held or row.get(key) in listed:
            continue
        found.append({**row, "late_entry": "补录", "business_month": closed,
                      "business_date": when})
    return found


def _pages_data(pages: Pages | None) -> dict[str, Any]:
    return pages[0][1] if pages else {}


def after_closing(src: Source, month: str, sealed: Mapping[str, Pages]
                  ) -> list[dict[str, Any]]:
    """What was entered into the closed ``month`` after its seal, register by register
    (each record once, with its business date)."""
    rows: list[dict[str, Any]] = []
    for name, pages in sealed.items():
        form = REGISTERS.get(name)
        if form is None or ref_key(form) is None:
            continue
        live = normalised(form.data(src, *src.calendar.month_bounds(month), month))
        for row in late_rows(form, live, pages[0][1]):
            rows.append({"register": name, "title": form.title, "business_date":
                         business_date(form, row, src), "row": row})
    return rows
