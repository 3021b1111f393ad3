"""物业日报表 — the day in numbers per category, and the day's major entries (S5, all)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from propsvc.calendar import OfficeCalendar, iso
from propsvc.projections._schema import deadlines, entries, items
from propsvc.queries.handover import TICK, entered_between
from propsvc.queries.sql import Reads, cols, table

COUNTS = ("opened", "completed", "overdue", "ok", "carried_over")


def daily_report(db: Reads, office: str, cal: OfficeCalendar, day: date,
                 now: datetime | None = None) -> dict[str, Any]:
    """Per category: matters opened, completed, deadlines missed, OK'd and entering the
    carry-over file that day (voided and merged tickets not counted); categories are
    ticket kinds, note, patrol, renovation, key.
    With ``now`` inside the day, only what has entered the carry-over file by now counts
    (the day-end entries have not happened yet)."""
    start, end = cal.day_bounds(day)
    table_: dict[str, dict[str, int]] = {}

    def add(kind: str, column: str, n: int) -> None:
        table_.setdefault(kind, dict.fromkeys(COUNTS, 0))[column] += n

    for column, when in (("opened", "raised_at"), ("completed", "done_at"), ("ok", "ok_at")):
        for kind, n in db.values(
                f"SELECT c.kind, count(*) FROM {table(items, 'c')} WHERE c.office = ? AND "
                f"c.{when} >= ? AND c.{when} < ? AND c.voided_at IS NULL GROUP BY c.kind",
                (office, start, end)):
            add(kind, column, n)
    for kind, n in db.values(
            "SELECT coalesce(c.kind, d.subject), count(DISTINCT d.ticket_id) "
            f"FROM {table(deadlines, 'd')} LEFT OUTER JOIN {table(items, 'c')} "
            "ON c.item_id = d.ticket_id WHERE d.office = ? AND d.missed = ? AND "
            "d.due_at >= ? AND d.due_at < ? AND c.voided_at IS NULL "
            "GROUP BY coalesce(c.kind, d.subject)", (office, True, start, end)):
        add(kind, "overdue", n)
    major = db.rows(cols(entries, "e", "at", "number", "detail", "actor"),
                    f"FROM {table(entries, 'e')} WHERE e.office = ? AND e.major = ? AND "
                    'e."at" >= ? AND e."at" < ? ORDER BY e."at"', (office, True, start, end))
    # carried over = left open at the day's end (midnight) or triaged later during it
    until = end if now is None else min(end, now)
    for row, _when, _why in entered_between(db, office, cal, start + TICK, until + TICK):
        add(row["kind"], "carried_over", 1)
    rows: list[dict[str, Any]] = [{"category": kind, **counts}
                                  for kind, counts in sorted(table_.items())]
    totals = {k: sum(r[k] for r in rows) for k in COUNTS}
    return {"register": "物业日报表", "office": office, "date": day.isoformat(),
            "rows": rows, "totals": totals,
            "major_entries": [{"at": iso(m["at"]), "number": m["number"],
                               "text": m["detail"], "actor": m["actor"]} for m in major]}
