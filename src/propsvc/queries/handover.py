"""Read side of the handover log, the carry-over file and the patrol register (S1–S7, P1).

Everything is answered from the indexed ``rm_hv_*``/``rm_co_*`` tables. An item is
settled when it is marked OK; a done but not yet OK'd item stays in the books, flagged.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Select, and_, or_, select

from propsvc.calendar import OfficeCalendar, iso, parse_month
from propsvc.projections.tables.handover import archive, entries, items, months, shifts
from propsvc.queries.common import jsonable, raw
from propsvc.queries.keys import open_loans
from propsvc.queries.renovation import renovation_register
from propsvc.queries.vacancy import vacancy_register
from propsvc.shifts import ShiftSpan

TICK = timedelta(microseconds=1)  # "as of now" includes what happened at now
ITEM_FIELDS = ("number", "kind", "summary", "unit", "area", "location", "department",
               "major", "raised_at", "raised_by", "done_at", "triage", "reason", "ok_at",
               "ok_by", "ok_note", "instructed_by", "voided_at")


def item_view(row: dict[str, Any], as_of: datetime | None = None) -> dict[str, Any]:
    """One item as the books print it; with ``as_of``, only what was known by then."""
    def known(when: datetime | None) -> datetime | None:
        return when if when is not None and (as_of is None or when < as_of) else None

    view = jsonable({k: row[k] for k in ITEM_FIELDS})
    view["done_at"] = iso(known(row["done_at"]))
    view["ok_at"] = iso(known(row["ok_at"]))
    if view["ok_at"] is None:
        view["ok_by"] = view["ok_note"] = view["instructed_by"] = None
    if known(row["reason_at"]) is None:
        view["reason"] = None
    if known(row["triaged_at"]) is None:
        view["triage"] = None
    view["voided_at"] = iso(known(row["voided_at"]))
    view["ok"] = view["ok_at"] is not None
    view["voided"] = view["voided_at"] is not None  # voided or merged: settled, no OK
    view["state"] = ("ok" if view["ok"] else "voided" if view["voided"]
                     else "done" if view["done_at"] else "open")
    return view


def settled(view: dict[str, Any]) -> bool:
    """Off the books: marked OK, or (a ticket) voided or merged into another."""
    return bool(view["ok"] or view.get("voided"))


def open_at(engine: Engine, office: str, when: datetime) -> list[dict[str, Any]]:
    """Every matter raised before ``when`` and not yet marked OK (nor voided) then,
    oldest first."""
    c = items.c
    return raw(engine, select(items).where(
        c.office == office, c.raised_at < when,
        or_(c.ok_at.is_(None), c.ok_at >= when),
        or_(c.voided_at.is_(None), c.voided_at >= when)).order_by(c.raised_at, c.number))


def open_numbers(engine: Engine, office: str, when: datetime) -> list[str]:
    return [r["number"] for r in open_at(engine, office, when)]


def urgent_first(views: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """S2: urgent items first, then normal, untriaged, and those that must wait."""
    order = {"urgent": 0, "normal": 1, None: 2, "later": 3}
    return sorted(views, key=lambda v: order.get(v["triage"], 2))  # stable: by time within


def handover_log(engine: Engine, office: str, span: ShiftSpan, now: datetime
                 ) -> dict[str, Any]:
    """交接班记录本 for one shift: carried in, raised during it, what was written in it,
    and what was handed on (S1–S5); open key loans and renovations alongside."""
    c, e, s = items.c, entries.c, shifts.c
    head = raw(engine, select(shifts).where(s.office == office, s.shift == span.key))
    shift = head[0] if head else None
    until = min(span.ends_at, now + TICK)
    raised = raw(engine, select(items).where(
        c.office == office, c.raised_at >= span.starts_at, c.raised_at < span.ends_at)
        .order_by(c.raised_at, c.number))
    written = raw(engine, select(entries).where(e.office == office, e.shift == span.key)
                    .order_by(e.at, e.source_id, e.version))
    return {
        "shift": span.key, "office": office, "starts_at": iso(span.starts_at),
        "ends_at": iso(span.ends_at),
        "taken_over_by": shift["taken_over_by"] if shift else None,
        "taken_over_at": iso(shift["taken_over_at"]) if shift else None,
        "handed_over_by": shift["handed_over_by"] if shift else None,
        "handed_over_at": iso(shift["handed_over_at"]) if shift else None,
        "passed_on": json.loads(shift["passed_on"]) if shift and shift["passed_on"] else [],
        "carried_in": urgent_first([item_view(r, until)
                                    for r in open_at(engine, office, span.starts_at)]),
        "raised": urgent_first([item_view(r, until) for r in raised]),
        "entries": [{**jsonable({k: r[k] for k in ("at", "action", "number", "detail",
                                                 "actor", "major")})} for r in written],
        **handover_items(engine, office, until),
    }


def handover_items(engine: Engine, office: str, now: datetime) -> dict[str, Any]:
    """What a shift hands over from keys, renovations and vacant units: every key still
    out (overdue ones flagged), every renovation in progress, every unit vacant (inspected
    monthly, Q4). The other desk services are matters of the log themselves."""
    return {"key_loans_open": open_loans(engine, office, now),
            "renovations_active": renovation_register(engine, office, "active"),
            "vacancies": vacancy_register(engine, office, "vacant")}


# -- the carry-over file ------------------------------------------------------------------
def month_of(when: date) -> str:
    return f"{when.year:04d}-{when.month:02d}"


def previous_month(month: str) -> str:
    return month_of(parse_month(month) - timedelta(days=1))


def closed_month(engine: Engine, office: str, month: str) -> dict[str, Any] | None:
    m = months.c
    found = raw(engine, select(months).where(m.office == office, m.month == month))
    return jsonable(found[0]) if found else None


def archived_rows(engine: Engine, office: str, month: str) -> list[dict[str, Any]]:
    a = archive.c
    rows = raw(engine, select(archive.c.row).where(a.office == office, a.month == month)
                 .order_by(a.position))
    return [json.loads(r["row"]) for r in rows]


def _entered(row: dict[str, Any], cal: OfficeCalendar) -> tuple[datetime, str] | None:
    """When and why a matter entered the carry-over file (S6), if it did."""
    day_end = cal.day_start(cal.local_date(row["raised_at"]) + timedelta(days=1))
    if row.get("voided_at") is not None and row["voided_at"] < day_end:
        return None  # voided or merged the day it came in: never carried over
    settled = [t for t in (row["done_at"], row["ok_at"], row.get("voided_at"))
               if t is not None]
    found: list[tuple[datetime, str]] = []
    if not settled or min(settled) >= day_end:
        found.append((day_end, "open_at_day_end"))
    if row["later_at"] is not None:
        found.append((row["later_at"], "later"))
    return min(found) if found else None


def entered_between(engine: Engine, office: str, cal: OfficeCalendar, start: datetime,
                    end: datetime) -> list[tuple[dict[str, Any], datetime, str]]:
    """Matters that entered the carry-over file in [start, end): row, when and why."""
    c = items.c
    candidates = raw(engine, select(items).where(c.office == office, or_(
        and_(c.later_at >= start, c.later_at < end),
        and_(c.raised_at >= start - timedelta(days=1), c.raised_at < end))))
    found: list[tuple[dict[str, Any], datetime, str]] = []
    for row in candidates:
        entered = _entered(row, cal)
        if entered is not None and start <= entered[0] < end:
            found.append((row, *entered))
    return found


def _late(engine: Engine, office: str, cal: OfficeCalendar, start: datetime,
          as_of: datetime) -> list[dict[str, Any]]:
    """Items recorded late (``--at``) into a month already archived: they were never in
    its file, which must not change, so they land in the first open month's file."""
    c, a = items.c, archive.c
    filed = select(a.number).where(a.office == office, a.number == c.number).exists()
    rows = raw(engine, select(items).where(
        c.office == office, c.raised_at < start, or_(c.ok_at.is_(None), c.ok_at >= start),
        ~filed).order_by(c.raised_at, c.number))
    closed = set(_rows_scalar(engine, select(months.c.month).where(months.c.office == office)))
    found = []
    for row in rows:
        entered = _entered(row, cal)
        if entered and entered[0] < start and month_of(cal.local_date(entered[0])) in closed:
            found.append({**item_view(row, as_of), "entered_at": iso(entered[0]),
                          "why": "late_entry", "months_carried": 0})
    return found


def _rows_scalar(engine: Engine, query: Select[Any]) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(query).scalars())


def carryover_live(engine: Engine, office: str, cal: OfficeCalendar, month: str,
                   now: datetime) -> list[dict[str, Any]]:
    """The month's file as it stands (as of the month's end, or now if sooner): items
    entered this month, then those copied from the archived previous month."""
    start, end = cal.month_bounds(month)
    as_of = min(end, now + TICK)
    c = items.c
    rows = [{**item_view(row, as_of), "entered_at": iso(when), "why": why,
             "months_carried": 0}
            for row, when, why in entered_between(engine, office, cal, start, as_of)]
    rows.sort(key=lambda r: (r["entered_at"], r["number"]))
    rows.extend(_late(engine, office, cal, start, as_of))
    carried = [r for r in archived_rows(engine, office, previous_month(month))
               if not settled(r)]
    if carried:
        now_rows = {r["number"]: r for r in raw(engine, select(items).where(
            c.office == office, c.number.in_([r["number"] for r in carried])))}
        for old in carried:
            rows.append({**item_view(now_rows[old["number"]], as_of),
                         "entered_at": old["entered_at"], "why": "carried",
                         "months_carried": old["months_carried"] + 1})
    return rows


def carryover_file(engine: Engine, office: str, cal: OfficeCalendar, month: str,
                   now: datetime) -> dict[str, Any]:
    """遗留问题档案 for a month: exactly as archived when closed, else as it stands."""
    closed = closed_month(engine, office, month)
    rows = (archived_rows(engine, office, month) if closed
            else carryover_live(engine, office, cal, month, now))
    return {"register": "遗留问题档案", "office": office, "month": month,
            "archived": closed is not None,
            "closed_at": closed["closed_at"] if closed else None,
            "closed_by": closed["closed_by"] if closed else None,
            "open": sum(1 for r in rows if not settled(r)), "rows": rows}


def patrol_register(engine: Engine, office: str, cal: OfficeCalendar, month: str,
                    now: datetime) -> dict[str, Any]:
    """巡视跟进登记表 (P1, S7): the month's findings, then earlier ones still not OK'd at
    the month's start, with the number of month ends each has been carried across."""
    start, end = cal.month_bounds(month)
    as_of, c = min(end, now + TICK), items.c
    mine = raw(engine, select(items).where(
        c.office == office, c.kind == "patrol", c.raised_at >= start, c.raised_at < end)
        .order_by(c.raised_at, c.number))
    older = raw(engine, select(items).where(
        c.office == office, c.kind == "patrol", c.raised_at < start,
        or_(c.ok_at.is_(None), c.ok_at >= start)).order_by(c.raised_at, c.number))
    first = parse_month(month)
    rows = [{**item_view(r, as_of), "months_carried": 0} for r in mine]
    for r in older:
        raised = cal.local_date(r["raised_at"])
        moved = (first.year - raised.year) * 12 + first.month - raised.month
        rows.append({**item_view(r, as_of), "months_carried": moved})
    return {"register": "巡视跟进登记表", "office": office, "month": month,
            "open": sum(1 for r in rows if not r["ok"]), "rows": rows}


def log_entries(engine: Engine, office: str, start: datetime, end: datetime
                ) -> list[dict[str, Any]]:
    """Every entry written into the log in [start, end), in order; an OK entry carries
    its matter's note and the manager's instruction (S2, S3)."""
    e = entries.c
    rows = raw(engine, select(entries).where(e.office == office, e.at >= start, e.at < end)
               .order_by(e.at, e.source_id, e.version))
    oks = [r["number"] for r in rows if r["action"] == "ok"]
    done = {m["number"]: m for m in raw(engine, select(
        items.c.number, items.c.ok_note, items.c.instructed_by)
        .where(items.c.office == office, items.c.number.in_(oks)))} if oks else {}
    out = [jsonable(r) for r in rows]
    for row in out:
        if row["action"] == "ok" and row["number"] in done:
            m = done[row["number"]]
            row["ok_note"], row["instructed_by"] = m["ok_note"], m["instructed_by"]
    return out
