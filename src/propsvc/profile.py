"""The SOP profile: every number of the catalogue, validated, overridable per office.

A profile is loaded once per process. Deadlines copy the numbers they were computed with
into their events, so editing a profile never changes the replay of past events.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from datetime import date, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from propsvc.calendar import BASES, OfficeCalendar
from propsvc.errors import InvalidInput
from propsvc.i18n import _


class ProfileError(ValueError):
    """A profile value refused: ``where`` is its dotted key (``repair.work_order_minutes``)."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where, self.message = where, message


# The windows whose counting basis a profile may choose (calendar.windows), with the
# rule each belongs to: the day-long windows of the complaint, help and feedback rules.
WINDOWS: dict[str, str] = {
    "C5.class1": "class-1 complaint handled (4 h)",
    "C5.class2": "class-2 complaint handled (24 h, when not same-day)",
    "C5.class3": "class-3 complaint handled (3 days)",
    "C6.reply": "handler replied after the work-contact slip (2 days)",
    "C9.visit": "return visit after a resolved complaint (3 days)",
    "F2.reply": "handler answered the desk (24 h)",
    "F3.answer": "desk answered the customer (24 h / 48 h)",
    "H4.written": "written answer to a written inquiry (2 days)",
    "H6.visit": "return visit after a medical emergency (7 days)",
}


def _rule(rule: str, default: Any, text: str, *, ge: float | None = None,
          le: float | None = None, pattern: str | None = None) -> Any:
    meta = {"rule": rule, "text": text, "ge": ge, "le": le, "pattern": pattern}
    if isinstance(default, dict):  # a table (paid.rates): each section its own copy
        return field(default_factory=lambda: dict(default), metadata=meta)
    return field(default=default, metadata=meta)


def _typed(kind: Any, value: Any) -> Any:
    """``value`` as the field's type (ints widen to floats, lists to tuples), or a
    ``ValueError`` naming what was expected."""
    if kind in ("int", int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("Input should be a valid integer")
        return value
    if kind in ("float", float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError("Input should be a valid number")
        return float(value)
    if kind in ("bool", bool):
        if not isinstance(value, bool):
            raise ValueError("Input should be a valid boolean")
        return value
    if kind in ("str", str):
        if not isinstance(value, str):
            raise ValueError("Input should be a valid string")
        return value
    if kind in ("date", date):
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                raise ValueError("Input should be a valid date") from None
        if not isinstance(value, date):
            raise ValueError("Input should be a valid date")
        return value
    if kind in ("tuple[date, ...]",):
        if not isinstance(value, list | tuple):
            raise ValueError("Input should be a list of dates")
        return tuple(sorted({_typed(date, v) for v in value}))
    if kind in ("tuple[tuple[str, str], ...]",):  # a table of str → str (calendar.windows)
        pairs: list[Any] = list(value.items() if isinstance(value, dict) else value) \
            if isinstance(value, dict | list | tuple) else []
        if not isinstance(value, dict | list | tuple) or not all(
                isinstance(pair, list | tuple) and len(pair) == 2
                and all(isinstance(x, str) for x in pair) for pair in pairs):
            raise ValueError("Input should be a table of names and texts")
        return tuple(sorted((str(k), str(v)) for k, v in pairs))
    if kind in ("dict[str, Decimal]",):  # a table of str → amount (paid.rates)
        return _amounts(value)
    if kind in ("tuple[str, ...]",):
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise ValueError("Input should be a list of strings")
        return tuple(value)
    raise TypeError(f"no check for a field of type {kind!r}")


def _amounts(value: Any) -> dict[str, Decimal]:
    """A table of names to amounts (yuan, two places), as a ``dict[str, Decimal]``."""
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise ValueError("Input should be a valid dictionary")
    table: dict[str, Decimal] = {}
    for name, amount in value.items():
        if isinstance(amount, bool) or not isinstance(amount, int | float | str | Decimal):
            raise ValueError(f"{name}: Input should be a valid decimal")
        try:
            table[name] = Decimal(str(amount))
        except InvalidOperation:
            raise ValueError(f"{name}: Input should be a valid decimal") from None
        if not table[name].is_finite():
            raise ValueError(f"{name}: Input should be a finite number")
        cents = table[name].quantize(Decimal("0.01"))
        if cents != table[name]:
            raise ValueError(f"{name}: Decimal input should have no more than 2 decimal "
                             "places")
        table[name] = cents  # yuan and fen, as the quote prints it
    return table


def _bounded(info: Any, value: Any) -> None:
    ge, le, pattern = info.metadata["ge"], info.metadata["le"], info.metadata["pattern"]
    if ge is not None and value < ge:
        raise ValueError(f"Input should be greater than or equal to {ge}")
    if le is not None and value > le:
        raise ValueError(f"Input should be less than or equal to {le}")
    if pattern is not None and not re.match(pattern, value):
        raise ValueError(f"String should match pattern '{pattern}'")


@dataclass(frozen=True)
class _Section:
    """One section of numbers: typed, bounded and frozen (checked when made)."""

    def __post_init__(self) -> None:
        for info in fields(self):
            try:
                value = _typed(info.type, getattr(self, info.name))
                _bounded(info, value)
                value = self._check(info.name, value)
            except ProfileError as err:
                raise ProfileError(f"{info.name}.{err.where}", err.message) from None
            except ValueError as err:
                raise ProfileError(info.name, str(err)) from None
            object.__setattr__(self, info.name, value)

    def _check(self, name: str, value: Any) -> Any:
        """A section's own check of one value (none by default)."""
        return value

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Any:
        """A section from a table of values (unknown keys refused)."""
        names = {f.name for f in fields(cls)}
        for key in data:
            if key not in names:
                raise ProfileError(str(key), "Extra inputs are not permitted")
        return cls(**data)


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class VisitNumbers(_Section):
    repair_target: float = _rule("V2", 0.6, "repair return-visit target rate", ge=0, le=1)
    complaint_target: float = _rule("V2", 1.0, "complaint return-visit target rate", ge=0, le=1)
    help_target: float = _rule("V2", 0.6, "help return-visit target rate", ge=0, le=1)
    move_in_target: float = _rule("V2", 1.0, "move-in return-visit target rate", ge=0, le=1)
    community_target: float = _rule("V2", 0.3, "community activity visit target rate",
                                    ge=0, le=1)
    filing_hours: int = _rule("V4", 24, "visit record filed after the visit", ge=1)


@dataclass(frozen=True)
class KeyNumbers(_Section):
    same_day_borrowers: tuple[str, ...] = _rule(
        "K3", ("contractor", "maintenance"), "borrower types who return keys the same day")
    label_check_days: int = _rule("K5", 30, "key labels checked at least every N days", ge=1)

    def _check(self, name: str, value: Any) -> Any:
        if name != "same_day_borrowers":
            return value
        known = ("owner", "contractor", "maintenance", "marketing", "developer", "staff")
        unknown = [v for v in value if v not in known]
        if unknown:
            raise ValueError(f"Value error, unknown borrower type {', '.join(unknown)} "
                             f"(use {', '.join(known)})")
        return value


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class FeedbackNumbers(_Section):
    handler_reply_hours: int = _rule("F2", 24, "handler answers the desk", ge=1)
    report_up_hours: int = _rule("F2", 2, "handler reports to the superior when needed", ge=1)
    customer_answer_hours: int = _rule("F3", 24, "desk answers the customer (ordinary)", ge=1)
    major_customer_answer_hours: int = _rule("F3", 48, "desk answers the customer (major)",
                                             ge=1)


@dataclass(frozen=True)
class HelpNumbers(_Section):
    answer_minutes: int = _rule("H2", 5, "help answered (after asking the supervisor)", ge=1)
    hospital_escorts: int = _rule("H3", 2, "security staff escorting to hospital (with a "
                                  "vehicle)", ge=1)
    nursing_staff: int = _rule("H3", 1, "staff sent to nurse (a relative stays with them)",
                               ge=1)
    written_inquiry_days: int = _rule("H4", 2, "written answer to a written inquiry", ge=1)
    medical_visit_days: int = _rule("H6", 7, "return visit after a medical emergency", ge=1)
    other_visit_days: int = _rule("V1", 7, "return visit after other help", ge=1)
    register_keep_years: int = _rule("H6", 2, "help register kept (archived each January)",
                                     ge=1)


@dataclass(frozen=True)
class IncidentNumbers(_Section):
    written_report_hours: int = _rule("I3", 24, "written report to the company after the "
                                      "event", ge=1)
    phoned_written_report_hours: int = _rule("I3", 36, "written report when phoned first",
                                             ge=1)


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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

    def _check(self, name: str, value: Any) -> Any:
        if name != "rates":
            return value
        bad = [k for k, v in value.items() if v <= 0]
        if bad:
            raise ValueError(f"Value error, rates must be positive ({', '.join(bad)})")
        return value


@dataclass(frozen=True)
class CalendarNumbers(_Section):
    timezone: str = _rule("S1", "Asia/Shanghai", "office time zone")
    day_shift_start: str = _rule("S1", "08:00", "day shift starts",
                                 pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    night_shift_start: str = _rule("S1", "20:00", "night shift starts",
                                   pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    go_live: date = _rule("—", date(2000, 1, 1), "the office's go-live date: no business "
                          "time before it is accepted")
    business_hours_start: str = _rule("—", "08:30", "business hours start (working-hours "
                                      "windows)", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    business_hours_end: str = _rule("—", "17:30", "business hours end (working-hours windows)",
                                    pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    # The sources give these windows in plain days and hours (002 §4.2.3 "三天内", 001
    # §4.3): calendar time unless an office's policy counts working days (decision 0009).
    # In a TOML file a table ([calendar.windows] "C5.class3" = "working-days").
    windows: tuple[tuple[str, str], ...] = _rule(
        "—", (), "how a rule's window counts time: calendar, working-days or working-hours "
        "(unnamed windows: calendar)")
    holidays: tuple[date, ...] = _rule("—", (), "public holidays (节假日), besides those of "
                                       "'calendar holiday add'")
    workdays: tuple[date, ...] = _rule("—", (), "make-up working days (调休), besides those "
                                       "of 'calendar workday add'")

    def basis(self, window: str) -> str:
        """How ``window`` (e.g. ``C5.class3``) counts time; calendar time unless named."""
        return dict(self.windows).get(window, "calendar")

    def _check(self, name: str, value: Any) -> Any:
        if name == "windows":
            for window, basis in value:
                if window not in WINDOWS:
                    raise ValueError(f"Value error, unknown window {window!r} (use "
                                     f"{', '.join(WINDOWS)})")
                if basis not in BASES:
                    raise ValueError(f"Value error, window {window}: unknown basis "
                                     f"{basis!r} (use {', '.join(BASES)})")
            return value
        if name == "business_hours_end" and value <= self.business_hours_start:
            raise ValueError("Value error, business_hours_end must be after "
                             "business_hours_start")
        if name != "timezone":
            return value
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"Value error, unknown time zone {value!r} (use e.g. "
                             "Asia/Shanghai)") from None
        return value


@dataclass(frozen=True)
class Profile:
    """Every number in force: one section per SOP family, and the office calendar."""

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

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise ProfileError("name", "Input should be a valid string")
        for section, kind in SECTIONS.items():
            if not isinstance(getattr(self, section), kind):
                raise ProfileError(section, f"Input should be a {kind.__name__}")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Profile:
        """A profile from nested tables (as a TOML file gives them): a section's missing
        numbers keep their defaults; an unknown key or a bad value is a ``ProfileError``."""
        given: dict[str, Any] = {}
        for key, value in data.items():
            if key == "name":
                given[key] = value
                continue
            kind = SECTIONS.get(key)
            if kind is None:
                raise ProfileError(str(key), "Extra inputs are not permitted")
            if not isinstance(value, dict):
                raise ProfileError(key, "Input should be a valid dictionary")
            try:
                given[key] = kind.from_dict(value)
            except ProfileError as err:
                raise ProfileError(f"{key}.{err.where}", err.message) from None
        return cls(**given)

    @property
    def office_calendar(self) -> OfficeCalendar:
        c = self.calendar
        return OfficeCalendar(c.timezone, c.go_live, frozenset(c.holidays),
                              frozenset(c.workdays),
                              (time.fromisoformat(c.business_hours_start),
                               time.fromisoformat(c.business_hours_end)))

    def with_business_days(self, holidays: set[date], workdays: set[date]) -> Profile:
        """This profile with the business calendar's days (its events) added."""
        c = self.calendar
        days = replace(c, holidays=tuple(sorted({*c.holidays, *holidays})),
                       workdays=tuple(sorted({*c.workdays, *workdays})))
        return replace(self, calendar=days)


SECTIONS: dict[str, type[_Section]] = {
    "repair": RepairNumbers, "visits": VisitNumbers, "complaint": ComplaintNumbers,
    "feedback": FeedbackNumbers, "help": HelpNumbers, "incident": IncidentNumbers,
    "keys": KeyNumbers, "renovation": RenovationNumbers, "services": ServiceNumbers,
    "paid": PaidNumbers, "calendar": CalendarNumbers,
}


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
        for info in fields(section):
            if info.name == "windows":
                rows.extend(window_entries(section))
                continue
            rows.append(
                ProfileEntry(
                    key=f"{section_name}.{info.name}",
                    value=getattr(section, info.name),
                    rule=str(info.metadata["rule"]),
                    text=str(info.metadata["text"]),
                )
            )
    return rows


def window_entries(section: CalendarNumbers) -> list[ProfileEntry]:
    """One row per window a profile may count otherwise: its basis in force."""
    return [ProfileEntry(f"calendar.windows.{window}", section.basis(window),
                         window.split(".")[0], text) for window, text in WINDOWS.items()]


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
        raise InvalidInput(_("profile file {path!r} not found: check --profile",
                             path=path)) from None
    except tomllib.TOMLDecodeError as err:
        raise InvalidInput(_("profile file {path!r} is not valid TOML: {err}", path=path,
        err=err)) from None
    except UnicodeDecodeError:
        raise InvalidInput(_("profile file {path!r} is not UTF-8 text: save it as UTF-8 TOML",
                             path=path)) from None
    except IsADirectoryError:
        raise InvalidInput(_("profile {path!r} is a folder: name the TOML file",
        path=path)) from None
    except OSError as err:
        raise InvalidInput(_("cannot read profile file {path!r} ({value}): check --profile",
                             path=path, value=err.strerror or err)) from None
    offices = data.pop("offices", {})
    merged = _merge(data, offices.get(office, {}) if office else {})
    merged.setdefault("name", file.stem)
    try:
        return Profile.from_dict(merged)
    except ProfileError as err:
        raise InvalidInput(_("profile file {path!r}: {where}: {msg}",
                             path=path, where=err.where, msg=err.message)) from None


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out
