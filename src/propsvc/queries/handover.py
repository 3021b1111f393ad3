"""Read side of the handover log, the carry-over file and the patrol register (S1–S7, P1).

Everything is answered from the indexed ``rm_hv_*``/``rm_co_*`` tables. An item is
settled when it is marked OK; a done but not yet OK'd item stays in the books, flagged.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from propsvc.calendar import OfficeCalendar, iso, parse_month
from propsvc.projections._schema import archive, entries, items, months, shifts
from propsvc.queries.common import jsonable
from propsvc.queries.keys import open_loans
from propsvc.queries.renovation import renovation_register
from propsvc.queries.sql import Col, Reads, cols, marks, table
from propsvc.queries.vacancy import vacancy_register
from propsvc.shifts import ShiftSpan

TICK = timedelta(microseconds=1)  # "as of now" includes what happened at now
ITEM = cols(items, "c")
FROM_ITEMS = f"FROM {table(items, 'c')}"
BY_RAISED = "ORDER BY c.raised_at, c.number"
# what deciding when a matter entered the carry-over file, and whether it is settled, needs
ENTRY = cols(items, "c", "number", "raised_at", "done_at", "ok_at", "voided_at", "later_at")
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


def open_at(db: Reads, office: str, when: datetime) -> list[dict[str, Any]]:
    """Every matter raised before ``when`` and not yet marked OK (nor voided) then,
    oldest first."""
    return db.rows(ITEM, f"{FROM_ITEMS} WHERE c.office = ? AND c.raised_at < ? AND "
                   "(c.ok_at IS NULL OR c.ok_at >= ?) AND "
                   f"(c.voided_at IS NULL OR c.voided_at >= ?) {BY_RAISED}",
                   (office, when, when, when))


def open_page(db: Reads, office: str, when: datetime, until: datetime, limit: int,
              offset: int) -> tuple[int, list[dict[str, Any]]]:
    """How many matters were open at ``when``, and one page of them in the log's order
    (urgent first, then normal, untriaged, later; oldest first within each; triage as
    known by ``until``)."""
    where = ("WHERE c.office = ? AND c.raised_at < ? AND (c.ok_at IS NULL OR c.ok_at >= ?) "
             "AND (c.voided_at IS NULL OR c.voided_at >= ?)")
    params = (office, when, when, when)
    total = int(db.values(f"SELECT count(*) {FROM_ITEMS} {where}", params)[0][0])
    if not limit:
        return total, []
    order = ("ORDER BY CASE WHEN c.triaged_at < ? AND c.triage = 'urgent' THEN 0 "
             "WHEN c.triaged_at < ? AND c.triage = 'normal' THEN 1 "
             "WHEN c.triaged_at < ? AND c.triage = 'later' THEN 3 ELSE 2 END, "
             "c.raised_at, c.number")
    # the page's keys in order from the covering index rm_hv_items_open, then their rows
    page = f"SELECT c.item_id {FROM_ITEMS} {where} {order} LIMIT ? OFFSET ?"
    rows = db.rows(ITEM, f"{FROM_ITEMS} WHERE c.item_id IN ({page}) {order}",
                   (*params, until, until, until, limit, offset, until, until, until))
    return total, rows


def open_numbers(db: Reads, office: str, when: datetime) -> list[str]:
    return [r["number"] for r in open_at(db, office, when)]


def urgent_first(views: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """S2: urgent items first, then normal, untriaged, and those that must wait."""
    order = {"urgent": 0, "normal": 1, None: 2, "later": 3}
    return sorted(views, key=lambda v: order.get(v["triage"], 2))  # stable: by time within


def handover_log(db: Reads, office: str, span: ShiftSpan, now: datetime,
                 carried: tuple[int, int] | None = None) -> dict[str, Any]:
    """交接班记录本 for one shift: carried in, raised during it, what was written in it,
    and what was handed on (S1–S5); open key loans and renovations alongside.
    ``carried`` = (limit, offset) gives one page of the matters carried in (a page that
    shows the log; ``carried_in_total`` counts them all); default every one."""
    head = db.rows(cols(shifts, "s"), f'FROM {table(shifts, "s")} WHERE s.office = ? AND '
                   's."shift" = ?', (office, span.key))
    shift = head[0] if head else None
    until = min(span.ends_at, now + TICK)
    raised = db.rows(ITEM, f"{FROM_ITEMS} WHERE c.office = ? AND c.raised_at >= ? AND "
                     f"c.raised_at < ? {BY_RAISED}", (office, span.starts_at, span.ends_at))
    written = db.rows(cols(entries, "e"), f'FROM {table(entries, "e")} WHERE e.office = ? '
                      'AND e."shift" = ? ORDER BY e."at", e.source_id, e."version"',
                      (office, span.key))
    return {
        "shift": span.key, "office": office, "starts_at": iso(span.starts_at),
        "ends_at": iso(span.ends_at),
        "taken_over_by": shift["taken_over_by"] if shift else None,
        "taken_over_at": iso(shift["taken_over_at"]) if shift else None,
        "handed_over_by": shift["handed_over_by"] if shift else None,
        "handed_over_at": iso(shift["handed_over_at"]) if shift else None,
        "passed_on": json.loads(shift["passed_on"]) if shift and shift["passed_on"] else [],
        **_carried(db, office, span.starts_at, until, carried),
        "raised": urgent_first([item_view(r, until) for r in raised]),
        "entries": [{**jsonable({k: r[k] for k in ("at", "action", "number", "detail",
                                                 "actor", "major")})} for r in written],
        **handover_items(db, office, until),
    }


def _carried(db: Reads, office: str, when: datetime, until: datetime,
             page: tuple[int, int] | None) -> dict[str, Any]:
    if page is None:
        rows = urgent_first([item_view(r, until) for r in open_at(db, office, when)])
        return {"carried_in": rows}
    total, found = open_page(db, office, when, until, *page)
    return {"carried_in": [item_view(r, until) for r in found], "carried_in_total": total,
            "carried_in_offset": page[1]}


def handover_items(db: Reads, office: str, now: datetime) -> dict[str, Any]:
    """What a shift hands over from keys, renovations and vacant units: every key still
    out (overdue ones flagged), every renovation in progress, every unit vacant (inspected
    monthly, Q4). The other desk services are matters of the log themselves."""
    return {"key_loans_open": open_loans(db, office, now),
            "renovations_active": renovation_register(db, office, "active"),
            "vacancies": vacancy_register(db, office, "vacant")}


# -- the carry-over file ------------------------------------------------------------------
def month_of(when: date) -> str:
    return f"{when.year:04d}-{when.month:02d}"


def previous_month(month: str) -> str:
    return month_of(parse_month(month) - timedelta(days=1))


def closed_month(db: Reads, office: str, month: str) -> dict[str, Any] | None:
    found = db.rows(cols(months, "m"), f'FROM {table(months, "m")} WHERE m.office = ? AND '
                    'm."month" = ?', (office, month))
    return jsonable(found[0]) if found else None


def archived_rows(db: Reads, office: str, month: str) -> list[dict[str, Any]]:
    rows = db.values(f'SELECT a."row" FROM {table(archive, "a")} WHERE a.office = ? AND '
                     'a."month" = ? ORDER BY a."position"', (office, month))
    return [json.loads(r[0]) for r in rows]


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


def entered_between(db: Reads, office: str, cal: OfficeCalendar, start: datetime,
                    end: datetime, columns: Sequence[Col] = ITEM
                    ) -> list[tuple[dict[str, Any], datetime, str]]:
    """Matters that entered the carry-over file in [start, end): row (``columns`` of it:
    at least those of ``ENTRY``), when and why."""
    candidates = db.rows(columns, f"{FROM_ITEMS} WHERE c.office = ? AND "
                         "((c.later_at >= ? AND c.later_at < ?) OR "
                         "(c.raised_at >= ? AND c.raised_at < ?))",
                         (office, start, end, start - timedelta(days=1), end))
    found: list[tuple[dict[str, Any], datetime, str]] = []
    for row in candidates:
        entered = _entered(row, cal)
        if entered is not None and start <= entered[0] < end:
            found.append((row, *entered))
    return found


def _late(db: Reads, office: str, cal: OfficeCalendar, start: datetime,
          as_of: datetime) -> list[dict[str, Any]]:
    """Items recorded late (``--at``) into a month already archived: they were never in
    its file, which must not change, so they land in the first open month's file (none
    before any month is closed: then the open matters are not even read)."""
    closed = {m for (m,) in db.values(f'SELECT m."month" FROM {table(months, "m")} '
                                      "WHERE m.office = ?", (office,))}
    if not closed:
        return []
    rows = db.rows(ITEM, f"{FROM_ITEMS} WHERE c.office = ? AND c.raised_at < ? AND "
                   "(c.ok_at IS NULL OR c.ok_at >= ?) AND NOT (EXISTS (SELECT a.number "
                   f"FROM {table(archive, 'a')} WHERE a.office = ? AND a.number = c.number)) "
                   f"{BY_RAISED}", (office, start, start, office))
    found = []
    for row in rows:
        entered = _entered(row, cal)
        if entered and entered[0] < start and month_of(cal.local_date(entered[0])) in closed:
            found.append({**item_view(row, as_of), "entered_at": iso(entered[0]),
                          "why": "late_entry", "months_carried": 0})
    return found


def carryover_live(db: Reads, office: str, cal: OfficeCalendar, month: str,
                   now: datetime) -> list[dict[str, Any]]:
    """The month's file as it stands (as of the month's end, or now if sooner): items
    entered this month, then those copied from the archived previous month."""
    start, end = cal.month_bounds(month)
    as_of = min(end, now + TICK)
    rows = [{**item_view(row, as_of), "entered_at": iso(when), "why": why,
             "months_carried": 0}
            for row, when, why in entered_between(db, office, cal, start, as_of)]
    rows.sort(key=lambda r: (r["entered_at"], r["number"]))
    rows.extend(_late(db, office, cal, start, as_of))
    for old, now_row in _carried_in(db, office, month, ITEM):
        rows.append({**item_view(now_row, as_of), "entered_at": old["entered_at"],
                     "why": "carried", "months_carried": old["months_carried"] + 1})
    return rows


def _carried_in(db: Reads, office: str, month: str, columns: Any
                ) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """The previous month's archived items not settled there, each with its row today
    (``columns`` of it): what the month's file carries in (S7)."""
    carried = [r for r in archived_rows(db, office, previous_month(month)) if not settled(r)]
    if not carried:
        return []
    numbers = [r["number"] for r in carried]
    now_rows = {r["number"]: r for r in db.rows(
        columns, f"{FROM_ITEMS} WHERE c.office = ? AND c.number IN ({marks(numbers)})",
        (office, *numbers))}
    return [(old, now_rows[old["number"]]) for old in carried]


def _open_then(row: dict[str, Any], as_of: datetime) -> bool:
    """Not settled as known at ``as_of`` (``settled(item_view(row, as_of))``)."""
    return not any(t is not None and t < as_of for t in (row["ok_at"], row["voided_at"]))


def carryover_ages(db: Reads, office: str, cal: OfficeCalendar, month: str,
                   now: datetime) -> dict[int, int]:
    """The month's file's open items counted by months carried — what ``carryover_file``
    would list, counted from the few columns that decide it, no row built (S7)."""
    ages: dict[int, int] = {}

    def add(months: int) -> None:
        ages[months] = ages.get(months, 0) + 1

    if closed_month(db, office, month):
        for row in archived_rows(db, office, month):
            if not settled(row):
                add(int(row.get("months_carried") or 0))
        return ages
    start, end = cal.month_bounds(month)
    as_of = min(end, now + TICK)
    for row, _when, _why in entered_between(db, office, cal, start, as_of, ENTRY):
        if _open_then(row, as_of):
            add(0)
    for late in _late(db, office, cal, start, as_of):
        if not settled(late):
            add(0)
    for old, now_row in _carried_in(db, office, month, ENTRY):
        if _open_then(now_row, as_of):
            add(old["months_carried"] + 1)
    return ages


def carryover_file(db: Reads, office: str, cal: OfficeCalendar, month: str,
                   now: datetime) -> dict[str, Any]:
    """遗留问题档案 for a month: exactly as archived when closed, else as it stands."""
    closed = closed_month(db, office, month)
    rows = (archived_rows(db, office, month) if closed
            else carryover_live(db, office, cal, month, now))
    return {"register": "遗留问题档案", "office": office, "month": month,
            "archived": closed is not None,
            "closed_at": closed["closed_at"] if closed else None,
            "closed_by": closed["closed_by"] if closed else None,
            "open": sum(1 for r in rows if not settled(r)), "rows": rows}


def patrol_register(db: Reads, office: str, cal: OfficeCalendar, month: str,
                    now: datetime) -> dict[str, Any]:
    """巡视跟进登记表 (P1, S7): the month's findings, then earlier ones still not OK'd at
    the month's start, with the number of month ends each has been carried across."""
    start, end = cal.month_bounds(month)
    as_of = min(end, now + TICK)
    mine = db.rows(ITEM, f"{FROM_ITEMS} WHERE c.office = ? AND c.kind = 'patrol' AND "
                   f"c.raised_at >= ? AND c.raised_at < ? {BY_RAISED}", (office, start, end))
    older = db.rows(ITEM, f"{FROM_ITEMS} WHERE c.office = ? AND c.kind = 'patrol' AND "
                    f"c.raised_at < ? AND (c.ok_at IS NULL OR c.ok_at >= ?) {BY_RAISED}",
                    (office, start, start))
    first = parse_month(month)
    rows = [{**item_view(r, as_of), "months_carried": 0} for r in mine]
    for r in older:
        raised = cal.local_date(r["raised_at"])
        moved = (first.year - raised.year) * 12 + first.month - raised.month
        rows.append({**item_view(r, as_of), "months_carried": moved})
    return {"register": "巡视跟进登记表", "office": office, "month": month,
            "open": sum(1 for r in rows if not r["ok"]), "rows": rows}


def patrol_findings(db: Reads, office: str, start: datetime, end: datetime,
                    now: datetime) -> list[dict[str, Any]]:
    """P1: the findings of one patrol day [start, end), each as it stands now."""
    rows = db.rows(ITEM, f"{FROM_ITEMS} WHERE c.office = ? AND c.kind = 'patrol' AND "
                   f"c.raised_at >= ? AND c.raised_at < ? {BY_RAISED}", (office, start, end))
    return [item_view(r, now + TICK) for r in rows]


def log_entries(db: Reads, office: str, start: datetime, end: datetime
                ) -> list[dict[str, Any]]:
    """Every entry written into the log in [start, end), in order; an OK entry carries
    its matter's note and the manager's instruction (S2, S3)."""
    rows = db.rows(cols(entries, "e"), f'FROM {table(entries, "e")} WHERE e.office = ? AND '
                   'e."at" >= ? AND e."at" < ? ORDER BY e."at", e.source_id, e."version"',
                   (office, start, end))
    oks = [r["number"] for r in rows if r["action"] == "ok"]
    done = {m["number"]: m for m in db.rows(
        cols(items, "c", "number", "ok_note", "instructed_by"),
        f"{FROM_ITEMS} WHERE c.office = ? AND c.number IN ({marks(oks)})",
        (office, *oks))} if oks else {}
    out = [jsonable(r) for r in rows]
    for row in out:
        if row["action"] == "ok" and row["number"] in done:
            m = done[row["number"]]
            row["ok_note"], row["instructed_by"] = m["ok_note"], m["instructed_by"]
    return out
