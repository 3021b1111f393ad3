"""Steps for features/时限与日历.feature: pausing a repair (R8) and the business calendar
(holidays, make-up working days) that working-day windows follow (C5, H4).

They share the ``desk`` fixture, the time grammar and the deadline steps of repair_steps
and complaint_steps.
"""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, then, when

from propsvc.office import Office
from propsvc.office.reader import Reader
from propsvc.profile import Profile
from tests.bdd.steps.repair_steps import DEADLINES, Desk, S

BASIS = {"工作日": "working-days", "工作时间": "working-hours", "自然日": "calendar"}


@when(S('维修工在 {t} 因 "{reason}" 暂停 "{place}" 的报修'))
@given(S('维修工在 {t} 因 "{reason}" 暂停 "{place}" 的报修'))
def pause(desk: Desk, t: str, reason: str, place: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.repairs.pause(number, reason))


@when(S('客服在 {t} 恢复 "{place}" 的报修'))
def resume(desk: Desk, t: str, place: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.repairs.resume(number))


@then(S('"{place}" 的 "{name}" 时限已暂停'))
def deadline_paused(desk: Desk, place: str, name: str) -> None:
    d = desk.deadline(place, name)
    assert d["state"] == "paused", d


@then(S('"{place}" 的 "{name}" 时限仍在计时'))
def deadline_running(desk: Desk, place: str, name: str) -> None:
    d = desk.deadline(place, name)
    assert d["state"] == "open", d


# == the business calendar ==================================================================
@given(S("管理处规定 {window} 的时限按{basis}计算"))
def window_basis(desk: Desk, window: str, basis: str) -> None:
    windows = {w.strip(): BASIS[basis] for w in window.split("、")}
    profile = Profile.from_dict({"calendar": {"windows": windows}})
    old = desk.rt
    desk.rt = Office(old.backend, old.code, old.user, old.clock, profile)


@given(S('管理处经理把 {d1} 登记为法定节假日 "{name}"'))
@when(S('管理处经理把 {d1} 登记为法定节假日 "{name}"'))
def holiday(desk: Desk, d1: str, name: str) -> None:
    _as_manager(desk, lambda rt: rt.calendar_days.add("holiday", d1, name))


@given(S('管理处经理把 {d1} 登记为调休上班日 "{name}"'))
@when(S('管理处经理把 {d1} 登记为调休上班日 "{name}"'))
def workday(desk: Desk, d1: str, name: str) -> None:
    _as_manager(desk, lambda rt: rt.calendar_days.add("workday", d1, name))


@when(S("管理处经理把 {d1} 从法定节假日中删除"))
def remove_holiday(desk: Desk, d1: str) -> None:
    _as_manager(desk, lambda rt: rt.calendar_days.remove("holiday", d1))


def _as_manager(desk: Desk, action: object) -> None:
    from propsvc.permissions import Actor

    manager = desk.rt.acting_as(Actor("经理", "manager"))

    def run() -> None:  # a calendar write names no ticket for the scenario to follow
        action(manager)  # type: ignore[operator]

    desk.do(None, run)


@then(S("{nyear} 年的营业日历共有 {ndays} 个工作日"))
def working_days(desk: Desk, nyear: str, ndays: str) -> None:
    desk.settled()
    assert desk.rt.read.business_calendar(int(nyear))["working_days"] == int(ndays)


@then(S("{nyear} 年的营业日历列出:"))
def calendar_rows(desk: Desk, nyear: str, datatable: list[list[str]]) -> None:
    desk.settled()
    kinds = {"holiday": "法定节假日", "workday": "调休上班日"}
    rows = desk.rt.read.business_calendar(int(nyear))["days"]
    shown = [[r["day"], kinds[r["kind"]], r["name"] or ""] for r in rows]
    assert shown == [[c.strip() for c in row] for row in datatable[1:]], shown




@then(S('系统拒绝办理，提示 "{text}"'))
def refused_plainly(desk: Desk, text: str) -> None:
    err, desk.error = desk.error, None
    assert err is not None, "the action was not refused"
    assert text in str(err), str(err)


# == sealed months (issue 9) =================================================================
SEALED_PRINTS: dict[int, dict[str, str]] = {}  # per scenario desk: month → register JSON


def _month_print(desk: Desk, month: str) -> str:
    from propsvc.views.common import dump_json

    desk.settled()
    return dump_json(desk.rt.read.repair_register(month=month))


@when(S("客服主管将 {month} 月结封存"))
def close_month(desk: Desk, month: str) -> None:
    SEALED_PRINTS.setdefault(id(desk), {})[month] = _month_print(desk, month)

    def run() -> None:
        desk.rt.close_month(month)

    desk.do(None, run)


@when(S('客服在 {t} 补录 "{place}" 的业主 "{caller}" 于 {tthen} 打来的报修 "{part}"'))
def late_intake(desk: Desk, t: str, place: str, caller: str, tthen: str, part: str) -> None:
    at = desk.when(tthen)
    desk.do(t, lambda: desk.rt.repairs.open(unit=place, caller=caller, phone="13800000009",
                                            summary=f"{part}坏了", part=part, at=at))


@then(S("{month} 的业主报修记录表与封存时一字不差"))
def same_as_sealed(desk: Desk, month: str) -> None:
    assert _month_print(desk, month) == SEALED_PRINTS[id(desk)][month]


@then(S('{month} 的业主报修记录表中没有 "{place}"'))
def not_in_register(desk: Desk, month: str, place: str) -> None:
    desk.settled()
    rows = desk.rt.read.repair_register(month=month)["rows"]
    assert desk.number(place) not in [r["number"] for r in rows]


@then(S('{month} 的封存后补录清单中有 "{place}"，业务日期 {day}'))
def listed_after_closing(desk: Desk, month: str, place: str, day: str) -> None:
    desk.settled()
    rows = desk.rt.read.sealed_month(month)["recorded_after_closing"]
    assert [(r["row"]["number"], r["business_date"]) for r in rows
            if r["register"] == "repairs"] == [(desk.number(place), desk.day(day).isoformat())]


@then(S('{month} 的业主报修记录表以补录列出 "{place}"，业务日期 {day}'))
def listed_late(desk: Desk, month: str, place: str, day: str) -> None:
    desk.settled()
    late = desk.rt.read.repair_register(month=month).get("late_entries", [])
    assert [(r["number"], r["late_entry"], r["business_date"]) for r in late] == [
        (desk.number(place), "补录", desk.day(day).isoformat())]


# -- as of / as known at (issue 14): the registers and the overdue list as they stood ------
# 截至 T 已发生: what had happened by T (business time, --as-of); 截至 T 已记录: what the
# system had recorded by T (--as-known-at).
def _then(desk: Desk, how: str, when: Any) -> Reader:
    assert how in ("发生", "记录"), how
    return desk.rt.read.at(known_at=when) if how == "记录" else desk.rt.read.at(as_of=when)


@given(S('客服在 {t} 补录 "{place}" 于 {tthen} 开出的维修单，派给 "{tech}"'))
def late_work_order(desk: Desk, t: str, place: str, tthen: str, tech: str) -> None:
    number, at = desk.number(place), desk.when(tthen)
    desk.do(t, lambda: desk.rt.repairs.order(number, tech, at=at))


@then(S('截至 {t} 已{how}的业主报修记录表中 "{place}" 的维修人员为 "{tech}"'))
def register_technician_then(desk: Desk, t: str, how: str, place: str, tech: str) -> None:
    rows = _then(desk, how, desk.when(t)).repair_register()["rows"]
    shown = {r["number"]: r["technician"] or "无" for r in rows}
    assert shown.get(desk.number(place)) == tech, shown


@then(S('截至 {t} 已{how}的业主报修记录表中没有 "{place}"'))
def register_without_then(desk: Desk, t: str, how: str, place: str) -> None:
    rows = _then(desk, how, desk.when(t)).repair_register()["rows"]
    assert desk.number(place) not in [r["number"] for r in rows]


@then(S("截至 {t} 已{how}的逾期清单为:"))
def overdue_then(desk: Desk, t: str, how: str, datatable: list[list[str]]) -> None:
    names = {v: k for k, v in DEADLINES.items()}
    places = {n: p for p, n in desk.numbers.items()}
    rows = _then(desk, how, desk.when(t)).overdue()
    shown = [[places.get(r["number"], r["number"]), names[r["key"].split("#")[0]],
              str(r["minutes_overdue"])] for r in rows]
    assert shown == datatable[1:], shown


@then(S("截至现在已{how}的登记表、逾期清单与交接班记录本与现在的一字不差"))
def same_as_now(desk: Desk, how: str) -> None:
    then = _then(desk, how, desk.clock.now())
    for read in ("repair_register", "daily_repairs", "overdue", "handover_log"):
        now, past = getattr(desk.rt.read, read)(), getattr(then, read)()
        if isinstance(past, dict):
            past = {k: v for k, v in past.items() if k not in ("as_of", "as_known_at")}
        assert past == now, read
