"""The handover read model (log, carry-over file, patrol register): incremental catch-up
equals a full rebuild on SQLite and PostgreSQL, across shifts and three month ends."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from propsvc.clock import SettableClock
from propsvc.office import Office
from propsvc.projections.tables.handover import archive, entries, items, months, shifts
from propsvc.queries.handover import carryover_file, handover_log
from tests.office import close_month

TABLES = (items, entries, shifts, months, archive)


def snapshot(rt: Office) -> dict[str, list[tuple[Any, ...]]]:
    with rt.backend.read_engine.connect() as conn:
        return {t.name: sorted(tuple(r) for r in conn.execute(select(t))) for t in TABLES}


def at(rt: Office, clock: SettableClock, text: str) -> None:
    clock.set(rt.profile.office_calendar.parse_time(text))


def shifts_and_months(rt: Office, clock: SettableClock) -> None:
    """Two shifts of work, then three month ends with an item still open."""
    desk, hv = rt.repairs, rt.handover
    for unit, summary in (("3-2-1201", "厨房水管漏水"), ("3-2-1202", "外墙渗水"),
                          ("3-2-1203", "门铃坏了")):
        desk.open(unit=unit, caller="王女士", phone="13800001234", summary=summary)
    hv.take_over()
    hv.triage("BX-20261122-001", "urgent")
    hv.triage("BX-20261122-002", "later")
    hv.reason("BX-20261122-002", "外墙需搭架, 等天晴")
    hv.note("3栋电梯困人, 已报经理", major=True)
    rt.patrol.record("保安", "消防通道堆物", "5栋B1")
    desk.order("BX-20261122-001", "张师傅")
    desk.arrive("BX-20261122-001")
    desk.start("BX-20261122-001")
    desk.complete("BX-20261122-001", "王女士", 5)
    rt.backend.catch_up()
    hv.ok("BX-20261122-001", "已修好")
    hv.ok("JB-20261122-001", instructed_by="赵经理")
    clock.advance(timedelta(hours=10, minutes=50))
    rt.backend.catch_up()
    hv.hand_over()
    at(rt, clock, "2026-11-22 20:05")
    hv.take_over()
    hv.triage("XS-20261122-001", "normal")
    rt.backend.catch_up()
    for now, month in (("2026-12-01 09:00", "2026-11"), ("2027-01-01 09:00", "2026-12"),
                       ("2027-02-01 09:00", "2027-01")):
        at(rt, clock, now)
        close_month(rt, month)
        rt.backend.catch_up()
    hv.take_over()
    hv.ok("XS-20261122-001")
    rt.backend.catch_up()


def test_incremental_equals_rebuilt(make_runtime: Callable[..., Office], db_url: str,
                                    clock: SettableClock) -> None:
    rt = make_runtime(db_url)
    shifts_and_months(rt, clock)
    incremental = snapshot(rt)
    assert len(incremental["rm_co_months"]) == 3
    assert len(incremental["rm_hv_items"]) == 5
    rt.backend.runner.rebuild()
    assert snapshot(rt) == incremental
    cal = rt.profile.office_calendar
    feb = carryover_file(rt.backend.read_db, rt.code, cal, "2027-02", clock.now())
    carried = {r["number"]: (r["months_carried"], r["ok"]) for r in feb["rows"]}
    assert carried == {"BX-20261122-002": (3, False), "BX-20261122-003": (3, False),
                       "XS-20261122-001": (3, True)}
    day = handover_log(rt.backend.read_db, rt.code, rt.handover.shifts.parse("2026-11-22/day"),
                       clock.now())
    assert day["passed_on"] == ["BX-20261122-002", "BX-20261122-003", "XS-20261122-001"]
    night = handover_log(rt.backend.read_db, rt.code,
                         rt.handover.shifts.parse("2026-11-22/night"), clock.now())
    assert sorted(r["number"] for r in night["carried_in"]) == day["passed_on"]
    assert [r["triage"] for r in night["carried_in"]] == ["normal", None, "later"]  # S2
