"""The SOP profile: every number of the catalogue, validated, overridable per office.

A profile is loaded once per process. Deadlines copy the numbers they were computed with
into their events, so editing a profile never changes the replay of past events.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from propsvc.calendar import OfficeCalendar
from propsvc.errors import InvalidInput


def _rule(rule: str, default: Any, text: str, **kw: Any) -> Any:
    return Field(default, json_schema_extra={"rule": rule, "text": text}, **kw)


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class RepairNumbers(_Section):
    work_order_minutes: int = _rule("R3", 5, "work order issued after the call", ge=1)
    urgent_arrival_minutes: int = _rule("R4", 15, "urgent: technician on site after call", ge=1)
    appointment_grace_minutes: int = _rule("R4", 15, "on site after the appointment", ge=0)
    unscheduled_arrival_minutes: int = _rule(
        "R4", 120, "non-urgent, no appointment: on site after the call (office policy)", ge=1
    )
    reassessment_minutes: int = _rule("R5", 30, "team-lead assessment to back on site", ge=1)
    chase_after_hours: int = _rule("R11", 4, "chase maintenance when not completed", ge=1)
    escalate_after_hours: int = _rule("R11", 24, "chase the maintenance head", ge=1)
    daily_visit_floor: float = _rule("R13", 0.5, "share of a day's completed repairs visited",
                                     ge=0, le=1)
    visit_window_days: int = _rule("R13", 7, "return visit within days of completion", ge=1)
    reopen_fix_hours: int = _rule("V3", 48, "fix after a failed return visit", ge=1)


class VisitNumbers(_Section):
    repair_target: float = _rule("V2", 0.6, "repair return-visit target rate", ge=0, le=1)
    complaint_target: float = _rule("V2", 1.0, "complaint return-visit target rate", ge=0, le=1)
    help_target: float = _rule("V2", 0.6, "help return-visit target rate", ge=0, le=1)
    move_in_target: float = _rule("V2", 1.0, "move-in return-visit target rate", ge=0, le=1)
    community_target: float = _rule("V2", 0.3, "community activity visit target rate",
                                    ge=0, le=1)
    filing_hours: int = _rule("V4", 24, "visit record filed after the visit", ge=1)


class KeyNumbers(_Section):
    same_day_borrowers: tuple[str, ...] = _rule(
        "K3", ("contractor", "maintenance"), "borrower types who return keys the same day")
    label_check_days: int = _rule("K5", 30, "key labels checked at least every N days", ge=1)

    @field_validator("same_day_borrowers")
    @classmethod
    def _known_borrowers(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        known = ("owner", "contractor", "maintenance", "marketing", "developer", "staff")
        unknown = [v for v in value if v not in known]
        if unknown:
            raise ValueError(f"unknown borrower type {', '.join(unknown)} "
                             f"(use {', '.join(known)})")
        return value


class RenovationNumbers(_Section):
    plumbing_electrical_hours: int = _rule("N5", 24, "rough-in: inspect every N hours (SOP: daily)",
                                           ge=1)
    carpentry_plaster_hours: int = _rule("N5", 72, "carpentry/plaster: every N hours (SOP: 3 days)",
                                         ge=1)
    tiling_flooring_hours: int = _rule("N5", 24, "tiling/flooring: every N hours (SOP: daily)",
                                       ge=1)
    installation_grace_minutes: int = _rule(
        "N5", 120, "installation: inspected within N minutes of the installation time", ge=1)

    def interval_hours(self, phase: str | None) -> int | None:
        """Hours between inspections of a periodic phase; None for installation."""
        return {"plumbing-electrical": self.plumbing_electrical_hours,
                "carpentry-plaster": self.carpentry_plaster_hours,
                "tiling-flooring": self.tiling_flooring_hours}.get(phase or "")


class ComplaintNumbers(_Section):
    in_person_superior_hours: int = _rule("C3", 2, "in person, not settled: superior told",
                                          ge=1)
    remote_handoff_hours: int = _rule("C4", 1, "remote: passed to the desk, slip issued",
                                      ge=1)
    class1_hours: int = _rule("C5", 4, "class 1 handled after registration", ge=1)
    class2_same_day: bool = _rule("C5", True, "class 2 handled by the end of the same day")
    class2_hours: int = _rule("C5", 24, "class 2 handled after registration (when not "
                              "same-day)", ge=1)
    class3_days: int = _rule("C5", 3, "class 3 handled after registration", ge=1)
    no_reply_days: int = _rule("C6", 2, "no handler reply after dispatch: senior management",
                               ge=1)
    visit_window_days: int = _rule("C9", 3, "return visit after resolution", ge=1)


class FeedbackNumbers(_Section):
    handler_reply_hours: int = _rule("F2", 24, "handler answers the desk", ge=1)
    report_up_hours: int = _rule("F2", 2, "handler reports to the superior when needed", ge=1)
    customer_answer_hours: int = _rule("F3", 24, "desk answers the customer (ordinary)", ge=1)
    major_customer_answer_hours: int = _rule("F3", 48, "desk answers the customer (major)",
                                             ge=1)


class HelpNumbers(_Section):
    answer_minutes: int = _rule("H2", 5, "help answered (after asking the supervisor)", ge=1)
    hospital_escorts: int = _rule("H3", 2, "security staff escorting to hospital (with a "
                                  "vehicle)", ge=1)
    nursing_staff: int = _rule("H3", 2, "staff nursing together (never one alone)", ge=2)
    written_inquiry_days: int = _rule("H4", 2, "written answer to a written inquiry", ge=1)
    medical_visit_days: int = _rule("H6", 7, "return visit after a medical emergency", ge=1)
    other_visit_days: int = _rule("V1", 7, "return visit after other help", ge=1)
    register_keep_years: int = _rule("H6", 2, "help register kept (archived each January)",
                                     ge=1)


class IncidentNumbers(_Section):
    written_report_hours: int = _rule("I3", 24, "written report to the company after the "
                                      "event", ge=1)
    phoned_written_report_hours: int = _rule("I3", 36, "written report when phoned first",
                                             ge=1)


class ServiceNumbers(_Section):
    """The other desk services (Q2–Q5): lost property, vacant units."""

    valuables_same_day: bool = _rule("Q3", True, "found valuables handed to administration "
                                     "by the end of the day they are found")
    found_notice_days: int = _rule("Q3", 7, "unclaimed items posted in the notice within N "
                                   "days of being found (SOP: weekly)", ge=1)
    found_keep_months: int = _rule("Q3", 3, "unclaimed items disposed of to the company "
                                   "after N months", ge=1)
    vacancy_min_months: int = _rule("Q4", 3, "shortest vacancy an owner may apply for", ge=1)
    vacancy_fee_rate: float = _rule("Q4", 0.5, "share of the management fee charged while "
                                    "vacant", ge=0, le=1)
    vacancy_water_tonnes: float = _rule("Q4", 1.0, "more water than this in a month counts "
                                        "as occupied", ge=0)
    vacancy_power_kwh: float = _rule("Q4", 5.0, "more power than this in a month counts as "
                                     "occupied", ge=0)
    vacancy_inspection_months: int = _rule("Q4", 1, "every vacant unit inspected every N "
                                           "months (by the end of the month)", ge=1)
    movein_visit_months: int = _rule("V1", 1, "return visit within N months of move-in", ge=1)


PAID_RATES = {"lock-change": Decimal("80.00"), "tap-replace": Decimal("30.00"),
              "pipe-unblock": Decimal("50.00"), "light-fix": Decimal("20.00"),
              "appliance-install": Decimal("60.00"), "deep-clean": Decimal("200.00"),
              "window-clean": Decimal("100.00"), "carpet-clean": Decimal("150.00")}


class PaidNumbers(_Section):
    """Paid services (有偿服务, Q1): the rate table, which go to housekeeping, the visit."""

    rates: dict[str, Decimal] = _rule("Q1", PAID_RATES, "rate table: yuan per item of each "
                                      "chargeable service, quoted before dispatch")
    housekeeping: tuple[str, ...] = _rule(
        "Q1", ("deep-clean", "window-clean", "carpet-clean"),
        "services dispatched to housekeeping as a cleaning order (the rest: a repair work "
        "order)")
    visit_days: int = _rule("V1", 7, "return visit within N days of a paid service "
                            "(other management service)", ge=1)
    visit_target: float = _rule("V2", 0.6, "paid-service return-visit target rate", ge=0, le=1)

    @field_validator("rates")
    @classmethod
    def _positive(cls, value: dict[str, Decimal]) -> dict[str, Decimal]:
        bad = [k for k, v in value.items() if v <= 0]
        if bad:
            raise ValueError(f"rates must be positive ({', '.join(bad)})")
        return value


class CalendarNumbers(_Section):
    timezone: str = _rule("S1", "Asia/Shanghai", "office time zone")
    day_shift_start: str = _rule("S1", "08:00", "day shift starts",
                                 pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    night_shift_start: str = _rule("S1", "20:00", "night shift starts",
                                   pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    go_live: date = _rule("—", date(2000, 1, 1), "the office's go-live date: no business "
                          "time before it is accepted")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (use e.g. Asia/Shanghai)") from None
        return value


class Profile(_Section):
    name: str = "default"
    repair: RepairNumbers = RepairNumbers()
    visits: VisitNumbers = VisitNumbers()
    complaint: ComplaintNumbers = ComplaintNumbers()
    feedback: FeedbackNumbers = FeedbackNumbers()
    help: HelpNumbers = HelpNumbers()
    incident: IncidentNumbers = IncidentNumbers()
    keys: KeyNumbers = KeyNumbers()
    renovation: RenovationNumbers = RenovationNumbers()
    services: ServiceNumbers = ServiceNumbers()
    paid: PaidNumbers = PaidNumbers()
    calendar: CalendarNumbers = CalendarNumbers()

    @property
    def office_calendar(self) -> OfficeCalendar:
        return OfficeCalendar(self.calendar.timezone, self.calendar.go_live)


@dataclass(frozen=True)
class ProfileEntry:
    key: str
    value: Any
    rule: str
    text: str


def entries(profile: Profile) -> list[ProfileEntry]:
    """Every number in force, with its rule ID, in catalogue order."""
    rows: list[ProfileEntry] = []
    for section_name in ("repair", "complaint", "help", "feedback", "visits", "incident", "keys",
                         "renovation", "services", "paid", "calendar"):
        section = getattr(profile, section_name)
        for field_name, info in type(section).model_fields.items():
            extra = info.json_schema_extra
            assert isinstance(extra, dict)
            rows.append(
                ProfileEntry(
                    key=f"{section_name}.{field_name}",
                    value=getattr(section, field_name),
                    rule=str(extra["rule"]),
                    text=str(extra["text"]),
                )
            )
    return rows


def load_profile(path: str | None = None, office: str | None = None) -> Profile:
    """The default profile, overridden by a TOML file (``--profile`` / ``PROPSVC_PROFILE``).

    Top-level tables override every office; ``[offices.CODE.*]`` tables override one office.
    """
    path = path or os.environ.get("PROPSVC_PROFILE")
    if not path:
        return Profile()
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInput(f"profile file {path!r} not found: check --profile") from None
    except tomllib.TOMLDecodeError as err:
        raise InvalidInput(f"profile file {path!r} is not valid TOML: {err}") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"profile file {path!r} is not UTF-8 text: save it as UTF-8 "
                           "TOML") from None
    except IsADirectoryError:
        raise InvalidInput(f"profile {path!r} is a folder: name the TOML file") from None
    except OSError as err:
        raise InvalidInput(f"cannot read profile file {path!r} ({err.strerror or err}): "
                           "check --profile") from None
    offices = data.pop("offices", {})
    merged = _merge(data, offices.get(office, {}) if office else {})
    merged.setdefault("name", file.stem)
    try:
        return Profile.model_validate(merged)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InvalidInput(f"profile file {path!r}: {where}: {first['msg']}") from None


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out
