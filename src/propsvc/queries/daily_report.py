"""物业日报表 — the day in numbers per category, and the day's major entries (S5, all)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, func, select

from propsvc.calendar import OfficeCalendar, iso
from propsvc.projections.tables.deadlines import deadlines
from propsvc.projections.tables.handover import entries, items
from propsvc.queries.handover import TICK, entered_between

COUNTS = ("opened", "completed", "overdue", "ok", "carried_over")


def daily_report(engine: Engine, office: str, cal: OfficeCalendar, day: date,
                 now: datetime | None = None) -> dict[str, Any]:
    """Per category: matters opened, completed, deadlines missed, OK'd and entering the
    carry-over file that day (voided and merged tickets not counted); categories are
    ticket kinds, note, patrol, renovation, key.
    With ``now`` inside the day, only what has entered the carry-over file by now counts
    (the day-end entries have not happened yet)."""
    start, end = cal.day_bounds(day)
    c, d, e = items.c, deadlines.c, entries.c
    table: dict[str, dict[str, int]] = {}

    def add(kind: str, column: str, n: int) -> None:
        table.setdefault(kind, dict.fromkeys(COUNTS, 0))[column] += n

    with engine.connect() as conn:
        for column, when in (("opened", c.raised_at), ("completed", c.done_at),
                             ("ok", c.ok_at)):
            for kind, n in conn.execute(
                    select(c.kind, func.count()).where(c.office == office, when >= start,
                                                       when < end, c.voided_at.is_(None))
                    .group_by(c.kind)):
                add(kind, column, n)
        missed = (select(func.coalesce(c.kind, d.subject), func.count(d.ticket_id.distinct()))
                  .select_from(deadlines.outerjoin(items, c.item_id == d.ticket_id))
                  .where(d.office == office, d.missed.is_(True), d.due_at >= start,
                         d.due_at < end, c.voided_at.is_(None))
                  .group_by(func.coalesce(c.kind, d.subject)))
        for kind, n in conn.execute(missed):
            add(kind, "overdue", n)
        major = conn.execute(select(e.at, e.number, e.detail, e.actor).where(
            e.office == office, e.major.is_(True), e.at >= start, e.at < end)
            .order_by(e.at)).mappings().all()
    # carried over = left open at the day's end (midnight) or triaged later during it
    until = end if now is None else min(end, now)
    for row, _when, _why in entered_between(engine, office, cal, start + TICK, until + TICK):
        add(row["kind"], "carried_over", 1)
    rows: list[dict[str, Any]] = [{"category": kind, **counts}
                                  for kind, counts in sorted(table.items())]
    totals = {k: sum(r[k] for r in rows) for k in COUNTS}
    return {"register": "物业日报表", "office": office, "date": day.isoformat(),
            "rows": rows, "totals": totals,
            "major_entries": [{"at": iso(m["at"]), "number": m["number"],
                               "text": m["detail"], "actor": m["actor"]} for m in major]}
