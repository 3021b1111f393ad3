"""Shifts from the profile, the Matter and Shift rules, and when an item enters the
carry-over file (S1–S7), without a database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest

from propsvc.aggregates import handover as h
from propsvc.aggregates.base import Context
from propsvc.calendar import OfficeCalendar
from propsvc.errors import InvalidInput, RuleViolation
from propsvc.office import Office
from propsvc.profile import Profile
from propsvc.queries.handover import _entered, open_numbers, previous_month
from propsvc.shifts import Shifts

CAL = OfficeCalendar("Asia/Shanghai")
T0 = datetime(2026, 11, 22, 1, 0, tzinfo=UTC)  # 09:00 office time


def ctx(when: datetime = T0, actor: str = "小李") -> Context:
    return Context(when, when, actor, "desk", "main")


def local(text: str) -> datetime:
    return CAL.parse_time(text)


def test_day_and_night_shifts_follow_the_profile() -> None:
    shifts = Shifts(Profile())
    assert shifts.of(local("2026-11-22 08:00")).key == "2026-11-22/day"
    assert shifts.of(local("2026-11-22 19:59")).key == "2026-11-22/day"
    assert shifts.of(local("2026-11-22 20:00")).key == "2026-11-22/night"
    assert shifts.of(local("2026-11-23 03:00")).key == "2026-11-22/night"
    assert shifts.of(local("2026-11-23 07:59")).key == "2026-11-22/night"
    night = shifts.parse("2026-11-22/night")
    assert (night.starts_at, night.ends_at) == (local("2026-11-22 20:00"),
                                                local("2026-11-23 08:00"))


def test_an_office_may_change_its_shift_times() -> None:
    shifts = Shifts(Profile.from_dict(
        {"calendar": {"day_shift_start": "07:30", "night_shift_start": "19:30"}}))
    assert shifts.of(local("2026-11-22 07:45")).key == "2026-11-22/day"
    assert shifts.of(local("2026-11-22 19:45")).key == "2026-11-22/night"


def test_a_shift_name_must_be_day_or_night() -> None:
    with pytest.raises(InvalidInput, match="day or night"):
        Shifts(Profile()).span(date(2026, 11, 22), "evening")


def note(major: bool = False) -> h.Matter:
    return h.start_matter(h.EntryWritten, ctx(), "JB-20261122-001", str(uuid4()),
                          shift="2026-11-22/day", kind="note", summary="大堂灯", major=major)


def test_a_matter_is_marked_ok_once_and_then_closed() -> None:
    m = note()
    m.triage_as(ctx(), "2026-11-22/day", "urgent")
    m.mark_ok(ctx(), "2026-11-22/day", "换了灯管", None)
    assert m.status == "ok"
    with pytest.raises(RuleViolation, match="already marked OK") as err:
        m.mark_ok(ctx(), "2026-11-22/day", None, None)
    assert err.value.rule == "S2"
    for act in (lambda: m.triage_as(ctx(), "x", "later"),
                lambda: m.note_reason(ctx(), "x", "y")):
        with pytest.raises(RuleViolation, match="already marked OK"):
            act()
    assert [type(e).__name__ for e in m.collect_events()] == [
        "EntryWritten", "ItemTriaged", "MarkedOk"]


def test_a_shift_is_handed_over_once() -> None:
    shift = h.Shift.start(h.ShiftTakenOver, h.shift_id("main", "2026-11-22/day"), ctx(),
                          shift="2026-11-22/day", starts_at=T0, ends_at=T0)
    shift.require_on_duty()
    shift.hand_over(ctx(T0 + timedelta(hours=10)), ["BX-20261122-001"])
    assert shift.status == "handed_over"
    with pytest.raises(RuleViolation, match="already handed over"):
        shift.require_on_duty()


def row(raised: str, done: str | None = None, ok: str | None = None,
        later: str | None = None) -> dict[str, datetime | None]:
    return {"raised_at": local(raised), "done_at": local(done) if done else None,
            "ok_at": local(ok) if ok else None, "later_at": local(later) if later else None}


def test_an_item_open_at_the_end_of_its_day_enters_the_file_at_midnight() -> None:
    assert _entered(row("2026-11-22 09:00"), CAL) == (local("2026-11-23 00:00"),
                                                     "open_at_day_end")
    assert _entered(row("2026-11-22 09:00", done="2026-11-23 10:00"), CAL) == (
        local("2026-11-23 00:00"), "open_at_day_end")


def test_an_item_settled_the_same_day_stays_out_unless_triaged_later() -> None:
    assert _entered(row("2026-11-22 09:00", done="2026-11-22 15:00"), CAL) is None
    assert _entered(row("2026-11-22 09:00", ok="2026-11-22 15:00"), CAL) is None
    assert _entered(row("2026-11-22 09:00", later="2026-11-22 09:30"), CAL) == (
        local("2026-11-22 09:30"), "later")


def test_the_month_before() -> None:
    assert previous_month("2027-01") == "2026-12"
    assert previous_month("2026-11") == "2026-10"


def test_urgent_items_come_first_in_the_log() -> None:
    from propsvc.queries.handover import urgent_first

    views = [{"number": n, "triage": t} for n, t in
             (("A", "later"), ("B", None), ("C", "urgent"), ("D", "normal"), ("E", "urgent"))]
    assert [v["number"] for v in urgent_first(views)] == ["C", "E", "D", "B", "A"]


def test_a_renovation_is_ok_only_after_final_acceptance(rt: Office) -> None:
    number = rt.renovations.apply(unit_="3-2-1201", contractor="好家装饰", scope="全屋",
                           start=date(2026, 11, 23), end=date(2026, 12, 31),
                           documents=["certificate", "contract", "licence",
                                      "worker-ids"]).ref
    rt.handover.take_over()
    rt.handover.triage(number, "normal")
    with pytest.raises(RuleViolation, match="final acceptance") as err:
        rt.handover.ok(number)
    assert err.value.rule == "S2"
    rt.backend.catch_up()
    assert open_numbers(rt.backend.read_db, rt.code, rt.clock.now() + timedelta(seconds=1)) \
        == [number]
