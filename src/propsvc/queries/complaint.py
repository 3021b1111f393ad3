"""The complaint registers: 业主投诉登记表 and the month's 住户投诉汇总表 (C1, C11)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from propsvc.calendar import OfficeCalendar
from propsvc.queries.common import desk_register
from propsvc.queries.sql import Reads
from propsvc.vocabulary import STRUCK


def complaint_register(db: Reads, office: str, start: datetime, end: datetime
                       ) -> list[dict[str, Any]]:
    """业主投诉登记表: complaints registered in [start, end) (C1)."""
    return desk_register(db, office, "complaint", start, end)


def complaint_summary(db: Reads, office: str, cal: OfficeCalendar, month: str
                      ) -> dict[str, Any]:
    """住户投诉汇总表 (C11): the month's complaints by class and channel, and how they went."""
    start, end = cal.month_bounds(month)
    listed = complaint_register(db, office, start, end)
    rows = [r for r in listed if r["status"] not in STRUCK]  # voided, merged: not counted
    by_class: dict[str, int] = {"1": 0, "2": 0, "3": 0, "unclassified": 0}
    by_channel: dict[str, int] = {}
    for r in rows:
        key = str(r["complaint_class"]) if r["complaint_class"] else "unclassified"
        by_class[key] += 1
        by_channel[r["channel"]] = by_channel.get(r["channel"], 0) + 1
    resolved = [r for r in rows if r["resolved_at"]]
    visited = [r for r in rows if r["visits"]]
    return {
        "register": "住户投诉汇总表", "month": month, "office": office, "rule": "C11",
        "received": len(rows), "by_class": by_class, "by_channel": by_channel,
        "voided": sum(1 for r in listed if r["status"] == "voided"),
        "merged": sum(1 for r in listed if r["status"] == "merged"),
        "resolved": len(resolved), "open": len(rows) - len(resolved),
        "handled_late": sum(1 for r in rows if r["handled_late"]),
        "escalated": sum(1 for r in rows if r["escalated_to"]),
        "lodged_outside": sum(1 for r in rows if r["lodged_with"]),
        "visited": len(visited),
        "visit_rate": round(len(visited) / len(resolved), 4) if resolved else None,
        "satisfied": sum(1 for r in visited if r["visit_result"] == "satisfied"),
        "confirmed": sum(1 for r in rows if r["confirmed_by"]),
        "case_studies": [r["number"] for r in rows if r["follow_up"] == "case-study"],
        "defect_repairs": [r["linked_number"] for r in rows
                           if r["follow_up"] == "defect-repair"],
    }
