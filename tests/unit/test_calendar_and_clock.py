"""calendar.py: office-local days, months and time parsing (storage UTC); clock.py."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from propsvc.calendar import OfficeCalendar, iso, parse_date, parse_month
from propsvc.clock import SettableClock
from propsvc.errors import InvalidInput

SH = OfficeCalendar("Asia/Shanghai")
NOON_UTC = datetime(2026, 11, 22, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


# -- parse_time ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-22 09:03", utc(2026, 11, 22, 1, 3)),
        ("2026-11-22T09:03", utc(2026, 11, 22, 1, 3)),
        ("2026-11-22T09:03:30", utc(2026, 11, 22, 1, 3, 30)),
        ("  2026-11-22 09:03  ", utc(2026, 11, 22, 1, 3)),
        ("2026-11-22 07:30", utc(2026, 11, 21, 23, 30)),  # office-local morning, UTC day before
    ],
)
def test_a_naive_time_is_office_local(text: str, expected: datetime) -> None:
    assert SH.parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-22T09:03+08:00", utc(2026, 11, 22, 1, 3)),
        ("2026-11-22T01:03Z", utc(2026, 11, 22, 1, 3)),
        ("2026-11-22T01:03+00:00", utc(2026, 11, 22, 1, 3)),
        ("2026-11-22T03:03+02:00", utc(2026, 11, 22, 1, 3)),
    ],
)
def test_a_time_with_an_offset_keeps_its_offset(text: str, expected: datetime) -> None:
    assert SH.parse_time(text) == expected


def test_parsed_times_are_stored_in_utc() -> None:
    parsed = SH.parse_time("2026-11-22 09:03")
    assert parsed.utcoffset() == timedelta(0)


def test_a_bare_hh_mm_is_on_the_office_local_day_of_today() -> None:
    assert SH.parse_time("09:30", today=NOON_UTC) == utc(2026, 11, 22, 1, 30)


def test_a_bare_hh_mm_uses_the_local_day_even_when_utc_is_still_yesterday() -> None:
    late_utc = utc(2026, 11, 22, 17, 0)  # 01:00 on 23 Nov in Shanghai
    assert SH.parse_time("00:30", today=late_utc) == utc(2026, 11, 22, 16, 30)


def test_a_bare_time_with_seconds_or_a_one_digit_hour_is_read() -> None:
    assert SH.parse_time("09:30:15", today=NOON_UTC) == utc(2026, 11, 22, 1, 30, 15)
    assert SH.parse_time("9:30", today=NOON_UTC) == utc(2026, 11, 22, 1, 30)


def test_a_bare_hh_mm_without_a_day_to_put_it_on_is_refused() -> None:
    with pytest.raises(InvalidInput, match="cannot read time"):
        SH.parse_time("09:30")


@pytest.mark.parametrize("text", ["", "yesterday", "2026-13-01 09:00", "2026-11-22 25:00",
                                  "22/11/2026 09:00", "9.30"])
def test_an_unreadable_time_is_refused_with_the_expected_format(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        SH.parse_time(text, today=NOON_UTC)
    assert "YYYY-MM-DD HH:MM" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_bare_time_that_is_not_a_time_of_day_is_refused() -> None:
    with pytest.raises(InvalidInput):
        SH.parse_time("25:00", today=NOON_UTC)


def test_naive_times_follow_the_offices_zone() -> None:
    utc_office = OfficeCalendar("UTC")
    assert utc_office.parse_time("2026-11-22 09:03") == utc(2026, 11, 22, 9, 3)


# -- days ---------------------------------------------------------------------------------

def test_the_local_date_is_the_offices_date_not_utcs() -> None:
    assert SH.local_date(utc(2026, 11, 22, 16, 30)) == date(2026, 11, 23)
    assert SH.local_date(utc(2026, 11, 22, 15, 59)) == date(2026, 11, 22)


def test_an_office_day_runs_from_local_midnight_to_local_midnight() -> None:
    assert SH.day_bounds(date(2026, 11, 22)) == (utc(2026, 11, 21, 16, 0),
                                                 utc(2026, 11, 22, 16, 0))


def test_end_of_day_is_the_last_instant_of_the_office_day() -> None:
    assert SH.end_of_day(NOON_UTC) == utc(2026, 11, 22, 15, 59, 59, 999999)


def test_end_of_day_after_local_midnight_is_the_next_days_end() -> None:
    # 00:30 on 23 Nov in Shanghai is still 22 Nov in UTC
    when = utc(2026, 11, 22, 16, 30)
    assert SH.end_of_day(when) == utc(2026, 11, 23, 15, 59, 59, 999999)


def test_end_of_day_just_before_local_midnight_is_that_same_day() -> None:
    when = utc(2026, 11, 22, 15, 59, 59)
    assert SH.end_of_day(when) == utc(2026, 11, 22, 15, 59, 59, 999999)


def test_local_gives_the_office_wall_clock() -> None:
    local = SH.local(NOON_UTC)
    assert (local.hour, local.utcoffset()) == (12, timedelta(hours=8))


# -- months -------------------------------------------------------------------------------

def test_a_month_runs_between_office_local_first_days() -> None:
    assert SH.month_bounds("2026-11") == (utc(2026, 10, 31, 16, 0), utc(2026, 11, 30, 16, 0))


def test_december_ends_on_the_first_of_january_next_year() -> None:
    assert SH.month_bounds("2026-12") == (utc(2026, 11, 30, 16, 0), utc(2026, 12, 31, 16, 0))


def test_february_in_a_leap_year_has_29_days() -> None:
    start, end = SH.month_bounds("2028-02")
    assert end - start == timedelta(days=29)


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026-1", "26-11", "nov", "2026-11-01",
                                  ""])
def test_an_unreadable_month_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="YYYY-MM"):
        parse_month(text)


def test_a_month_reads_as_its_first_day() -> None:
    assert parse_month(" 2026-11 ") == date(2026, 11, 1)


@pytest.mark.parametrize("text", ["2026-11-31", "22/11/2026", "today", ""])
def test_an_unreadable_date_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        parse_date(text)


def test_a_date_reads_as_itself() -> None:
    assert parse_date("2026-11-22") == date(2026, 11, 22)


def test_iso_prints_utc_with_its_offset_and_none_as_none() -> None:
    shanghai = timezone(timedelta(hours=8))
    assert iso(datetime(2026, 11, 22, 9, 3, tzinfo=shanghai)) == "2026-11-22T01:03:00+00:00"
    assert iso(None) is None


# -- the settable clock -------------------------------------------------------------------

def test_the_settable_clock_stands_still_until_told() -> None:
    clock = SettableClock(NOON_UTC)
    assert clock.now() == clock.now() == NOON_UTC


def test_the_settable_clock_advances_and_can_be_set() -> None:
    clock = SettableClock(NOON_UTC)
    assert clock.advance(timedelta(minutes=5)) == NOON_UTC + timedelta(minutes=5)
    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=timezone(timedelta(hours=8))))
    assert clock.now() == utc(2026, 11, 23, 1, 0)
    assert clock.now().tzinfo == UTC


def test_the_settable_clock_refuses_naive_times() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        SettableClock(datetime(2026, 11, 22, 9, 0))
    clock = SettableClock(NOON_UTC)
    with pytest.raises(ValueError):
        clock.set(datetime(2026, 11, 22, 9, 0))


# -- working days (issue 14) ------------------------------------------------------------------
def _business(*holidays: str, workdays: tuple[str, ...] = ()) -> OfficeCalendar:
    from datetime import date

    from propsvc.calendar import OfficeCalendar

    return OfficeCalendar(holidays=frozenset(date.fromisoformat(h) for h in holidays),
                          workdays=frozenset(date.fromisoformat(w) for w in workdays))


def _local(cal: OfficeCalendar, text: str) -> datetime:
    return cal.parse_time(text)


def test_working_days_skip_weekends_and_holidays_minute_for_minute() -> None:
    cal = _business("2026-10-01", "2026-10-02")
    start = _local(cal, "2026-09-30 10:00")  # a Wednesday
    assert cal.local(cal.due(start, 3 * 24 * 60, "working-days")).isoformat() == (
        "2026-10-07T10:00:00+08:00")
    assert cal.due(start, 3 * 24 * 60, "calendar") == _local(cal, "2026-10-03 10:00")


def test_a_window_opened_on_a_holiday_starts_on_the_next_working_day() -> None:
    cal = _business("2026-10-01")
    start = _local(cal, "2026-10-03 15:00")  # a Saturday
    assert cal.due(start, 24 * 60, "working-days") == _local(cal, "2026-10-06 00:00")


def test_a_make_up_day_is_worked_and_weekdays_are_not_make_up_days() -> None:
    from datetime import date

    cal = _business("2026-10-01", workdays=("2026-10-10",))
    assert cal.is_working_day(date(2026, 10, 10)) and not cal.is_working_day(date(2026, 10, 1))
    start = _local(cal, "2026-10-09 12:00")  # Friday noon
    assert cal.due(start, 24 * 60, "working-days") == _local(cal, "2026-10-10 12:00")


def test_working_hours_count_only_business_hours() -> None:
    cal = _business()
    start = _local(cal, "2026-12-04 10:00")  # Friday, 7.5 h left of 08:30–17:30
    assert cal.minutes_per_day("working-hours") == 540
    assert cal.due(start, 2 * 540, "working-hours") == _local(cal, "2026-12-08 10:00")
    assert cal.due(_local(cal, "2026-12-04 20:00"), 60, "working-hours") == _local(
        cal, "2026-12-07 09:30")
