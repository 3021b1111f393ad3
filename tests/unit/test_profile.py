"""profile.py: every SOP number has a default, a rule ID, and can be overridden per file
and per office; bad values are refused with one line."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, fields
from decimal import Decimal
from pathlib import Path

import pytest

from propsvc.errors import InvalidInput
from propsvc.profile import WINDOWS, Profile, ProfileError, entries, load_profile


def write(tmp_path: Path, text: str, name: str = "estate.toml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# -- defaults -----------------------------------------------------------------------------

def test_the_default_profile_carries_the_catalogue_defaults() -> None:
    p = Profile()
    r = p.repair
    assert (r.work_order_minutes, r.urgent_arrival_minutes, r.appointment_grace_minutes,
            r.unscheduled_arrival_minutes, r.reassessment_minutes) == (5, 15, 15, 120, 30)
    assert (r.chase_after_hours, r.escalate_after_hours, r.reopen_fix_hours) == (4, 24, 48)
    assert (r.daily_visit_floor, r.visit_window_days) == (0.5, 7)
    v = p.visits
    assert (v.repair_target, v.complaint_target, v.help_target, v.move_in_target,
            v.community_target, v.filing_hours) == (0.6, 1.0, 0.6, 1.0, 0.3, 24)
    c = p.calendar
    assert (c.timezone, c.day_shift_start, c.night_shift_start) == ("Asia/Shanghai",
                                                                    "08:00", "20:00")
    assert p.name == "default"


def test_the_default_office_calendar_is_shanghai() -> None:
    assert Profile().office_calendar.timezone == "Asia/Shanghai"


def test_a_profile_is_frozen() -> None:
    p = Profile()
    with pytest.raises(FrozenInstanceError):
        p.repair.work_order_minutes = 10  # type: ignore[misc]


# -- entries() ----------------------------------------------------------------------------

def test_entries_list_every_number_with_its_rule() -> None:
    rows = {e.key: e for e in entries(Profile())}
    expected_rules = {
        "repair.work_order_minutes": "R3",
        "repair.urgent_arrival_minutes": "R4",
        "repair.appointment_grace_minutes": "R4",
        "repair.unscheduled_arrival_minutes": "R4",
        "repair.reassessment_minutes": "R5",
        "repair.chase_after_hours": "R11",
        "repair.escalate_after_hours": "R11",
        "repair.daily_visit_floor": "R13",
        "repair.visit_window_days": "R13",
        "repair.reopen_fix_hours": "V3",
        "visits.repair_target": "V2",
        "visits.complaint_target": "V2",
        "visits.help_target": "V2",
        "visits.move_in_target": "V2",
        "visits.community_target": "V2",
        "visits.filing_hours": "V4",
        "complaint.in_person_superior_hours": "C3",
        "complaint.remote_handoff_hours": "C4",
        "complaint.class1_hours": "C5",
        "complaint.class2_same_day": "C5",
        "complaint.class2_hours": "C5",
        "complaint.class3_days": "C5",
        "complaint.no_reply_days": "C6",
        "complaint.visit_window_days": "C9",
        "help.answer_minutes": "H2",
        "help.hospital_escorts": "H3",
        "help.nursing_staff": "H3",
        "help.written_inquiry_days": "H4",
        "help.medical_visit_days": "H6",
        "help.other_visit_days": "V1",
        "help.register_keep_years": "H6",
        "feedback.handler_reply_hours": "F2",
        "feedback.report_up_hours": "F2",
        "feedback.customer_answer_hours": "F3",
        "feedback.major_customer_answer_hours": "F3",
        "incident.written_report_hours": "I3",
        "incident.phoned_written_report_hours": "I3",
        "keys.same_day_borrowers": "K3",
        "keys.label_check_days": "K5",
        "renovation.plumbing_electrical_hours": "N5",
        "renovation.carpentry_plaster_hours": "N5",
        "renovation.tiling_flooring_hours": "N5",
        "renovation.installation_grace_minutes": "N5",
        "services.valuables_same_day": "Q3",
        "services.found_notice_days": "Q3",
        "services.found_keep_months": "Q3",
        "services.vacancy_min_months": "Q4",
        "services.vacancy_fee_rate": "Q4",
        "services.vacancy_water_tonnes": "Q4",
        "services.vacancy_power_kwh": "Q4",
        "services.vacancy_inspection_months": "Q4",
        "services.movein_visit_months": "V1",
        "paid.rates": "Q1",
        "paid.housekeeping": "Q1",
        "paid.visit_days": "V1",
        "paid.visit_target": "V2",
        "calendar.timezone": "S1",
        "calendar.day_shift_start": "S1",
        "calendar.night_shift_start": "S1",
        "calendar.go_live": "—",
        "calendar.business_hours_start": "—",
        "calendar.business_hours_end": "—",
        "calendar.holidays": "—",
        "calendar.workdays": "—",
        **{f"calendar.windows.{w}": w.split(".")[0] for w in WINDOWS},
    }
    assert {k: e.rule for k, e in rows.items()} == expected_rules
    assert all(e.text for e in rows.values())


def test_entries_cover_every_field_of_every_section() -> None:
    p = Profile()
    keys = {e.key for e in entries(p)}
    for section in ("repair", "complaint", "help", "feedback", "visits", "incident",
                    "services", "paid", "calendar"):
        for field in fields(getattr(p, section)):
            if (section, field.name) == ("calendar", "windows"):  # one row per window
                assert {f"calendar.windows.{w}" for w in WINDOWS} <= keys
                continue
            assert f"{section}.{field.name}" in keys


def test_entries_show_the_values_in_force_not_the_defaults() -> None:
    p = Profile.from_dict({"repair": {"work_order_minutes": 10}})
    rows = {e.key: e.value for e in entries(p)}
    assert rows["repair.work_order_minutes"] == 10
    assert rows["repair.urgent_arrival_minutes"] == 15


def test_entries_keep_catalogue_order_by_sop_family_then_calendar() -> None:
    order = ["repair", "complaint", "help", "feedback", "visits", "incident", "keys",
             "renovation", "services", "paid", "calendar"]
    sections = [e.key.split(".")[0] for e in entries(Profile())]
    assert sections == sorted(sections, key=order.index)


# -- loading from TOML --------------------------------------------------------------------

def test_no_profile_file_means_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROPSVC_PROFILE", raising=False)
    assert load_profile() == Profile()


def test_a_profile_file_overrides_only_the_numbers_it_names(tmp_path: Path) -> None:
    path = write(tmp_path, "[repair]\nurgent_arrival_minutes = 30\n")
    p = load_profile(path)
    assert p.repair.urgent_arrival_minutes == 30
    assert p.repair.work_order_minutes == 5
    assert p.name == "estate"


def test_a_rate_table_reads_as_amounts_in_yuan_and_fen(tmp_path: Path) -> None:
    path = write(tmp_path, '[paid.rates]\nlock-change = 90\n"deep-clean" = 180.5\n')
    rates = load_profile(path).paid.rates
    assert rates == {"lock-change": Decimal("90.00"), "deep-clean": Decimal("180.50")}
    assert str(rates["deep-clean"]) == "180.50"  # as the quote prints it
    assert Profile().paid.rates["lock-change"] == Decimal("80.00")


def test_a_profile_file_may_name_itself(tmp_path: Path) -> None:
    path = write(tmp_path, 'name = "sop-003"\n[repair]\nurgent_arrival_minutes = 30\n')
    assert load_profile(path).name == "sop-003"


def test_the_profile_path_may_come_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROPSVC_PROFILE", write(tmp_path, "[visits]\nrepair_target = 0.5\n"))
    assert load_profile().visits.repair_target == 0.5


def test_an_explicit_path_wins_over_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROPSVC_PROFILE", write(tmp_path, "[visits]\nrepair_target = 0.5\n",
                                                "env.toml"))
    path = write(tmp_path, "[visits]\nrepair_target = 0.7\n", "arg.toml")
    assert load_profile(path).visits.repair_target == 0.7


OFFICES = """
[repair]
urgent_arrival_minutes = 30
chase_after_hours = 6

[offices.east.repair]
urgent_arrival_minutes = 20

[offices.east.calendar]
timezone = "Asia/Urumqi"
"""


def test_an_office_table_overrides_the_file_for_that_office_only(tmp_path: Path) -> None:
    path = write(tmp_path, OFFICES)
    east = load_profile(path, office="east")
    assert east.repair.urgent_arrival_minutes == 20
    assert east.repair.chase_after_hours == 6  # file-wide value still applies
    assert east.calendar.timezone == "Asia/Urumqi"
    assert east.calendar.day_shift_start == "08:00"


def test_other_offices_get_the_file_wide_values(tmp_path: Path) -> None:
    path = write(tmp_path, OFFICES)
    for office in ("main", None):
        p = load_profile(path, office=office)
        assert p.repair.urgent_arrival_minutes == 30
        assert p.calendar.timezone == "Asia/Shanghai"


# -- refusals: InvalidInput, one line -----------------------------------------------------

def refused(path: str, office: str | None = None) -> str:
    with pytest.raises(InvalidInput) as caught:
        load_profile(path, office=office)
    text = str(caught.value)
    assert "\n" not in text
    assert caught.value.exit_code == 2
    return text


def test_a_missing_profile_file_is_refused(tmp_path: Path) -> None:
    text = refused(str(tmp_path / "nope.toml"))
    assert "not found" in text and "nope.toml" in text


def test_a_profile_that_is_not_toml_is_refused(tmp_path: Path) -> None:
    text = refused(write(tmp_path, "[repair\nurgent = \n"))
    assert "not valid TOML" in text


BAD_VALUES = [
    ("[repair]\nwork_order_minutes = 0\n", "repair.work_order_minutes"),
    ("[repair]\nurgent_arrival_minutes = -5\n", "repair.urgent_arrival_minutes"),
    ('[repair]\nurgent_arrival_minutes = "soon"\n', "repair.urgent_arrival_minutes"),
    ("[repair]\ndaily_visit_floor = 1.5\n", "repair.daily_visit_floor"),
    ("[visits]\ncomplaint_target = -0.1\n", "visits.complaint_target"),
    ("[repair]\nurgent_minutes = 30\n", "repair.urgent_minutes"),
    ('[calendar]\nday_shift_start = "8am"\n', "calendar.day_shift_start"),
    ('[calendar]\nnight_shift_start = "25:00"\n', "calendar.night_shift_start"),
    ('[calendar]\ntimezone = "Mars/Olympus"\n', "calendar.timezone"),
    ("[bogus]\nx = 1\n", "bogus"),
    ("[paid.rates]\nlock-change = -80\n", "paid.rates"),
    ("[paid.rates]\nlock-change = 80.125\n", "paid.rates"),
    ('[paid.rates]\nlock-change = "a lot"\n', "paid.rates"),
    ("[paid]\nrates = 80\n", "paid.rates"),
    ("[services]\nvacancy_fee_rate = 1.5\n", "services.vacancy_fee_rate"),
]


@pytest.mark.parametrize(("toml", "where"), BAD_VALUES, ids=[w for _, w in BAD_VALUES])
def test_a_bad_number_is_refused_naming_where_it_is(tmp_path: Path, toml: str,
                                                    where: str) -> None:
    text = refused(write(tmp_path, toml))
    assert f": {where}: " in text
    assert "estate.toml" in text


def test_a_bad_value_in_an_office_table_is_refused_for_that_office(tmp_path: Path) -> None:
    path = write(tmp_path, "[offices.east.repair]\nwork_order_minutes = 0\n")
    assert "repair.work_order_minutes" in refused(path, office="east")
    assert load_profile(path, office="main").repair.work_order_minutes == 5


def test_an_unknown_time_zone_is_refused_before_any_date_is_computed() -> None:
    with pytest.raises(ProfileError, match="unknown time zone"):
        Profile.from_dict({"calendar": {"timezone": "Asia/Nowhere"}})
