"""Steps of 交接班与遗留问题.feature (S1–S7, P1). The clock and refusal steps are shared
with the key steps (办公室时间是 / 时间到了 / 该操作被拒绝), through the same ``custody`` world."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, parsers, then, when

from propsvc.queries.handover import carryover_file, handover_log, patrol_register
from propsvc.views.handover import ok_mark, reason_mark
from tests.bdd.steps.custody_world import World, q
from tests.office import close_month

TRIAGE = {"紧急": "urgent", "一般": "normal", "暂不能解决": "later"}
ACTION = {"接班": "take_over", "交班": "hand_over", "分类": "triage", "记事": "note"}


def _log(w: World, day: str | None = None, which: str | None = None) -> dict[str, Any]:
    shifts = w.rt.handover.shifts
    now = w.clock.now()
    span = shifts.of(now) if day is None else shifts.parse(f"{day}/{which}")
    return handover_log(w.read(), w.rt.code, span, now)


def _log_item(w: World, number: str) -> dict[str, Any]:
    log = _log(w)
    found = {r["number"]: r for r in log["carried_in"] + log["raised"]}
    assert number in found, f"{number} is not in the log of {log['shift']}"
    return found[number]


def _file(w: World, month: str) -> dict[str, dict[str, Any]]:
    data = carryover_file(w.read(), w.rt.code, w.rt.profile.office_calendar, month,
                          w.clock.now())
    return {r["number"]: r for r in data["rows"]}


@given(q('业主报修 "{unit}" "{summary}"'))
def open_repair(custody: World, unit: str, summary: str) -> None:
    custody.rt.repairs.open(unit=unit, caller="王女士", phone="13800001234", summary=summary)


@given(q('报修 "{number}" 已完工'))
@when(q('报修 "{number}" 已完工'))
def complete(custody: World, number: str) -> None:
    desk = custody.rt.repairs
    desk.order(number, "张师傅")
    desk.arrive(number)
    desk.start(number)
    desk.complete(number, "王女士", 5)


@given(q('"{who}" 接班'))
@when(q('"{who}" 接班'))
def take_over(custody: World, who: str) -> None:
    custody.rt.service.who.actor = who
    custody.act(custody.rt.handover.take_over)


@given(q('值班员把 "{number}" 分为 "{triage}"'))
@when(q('值班员把 "{number}" 分为 "{triage}"'))
def triage(custody: World, number: str, triage: str) -> None:
    custody.act(custody.rt.handover.triage, number, TRIAGE[triage])


@given(q('值班员给 "{number}" 打上 OK'))
@when(q('值班员给 "{number}" 打上 OK'))
def mark_ok(custody: World, number: str) -> None:
    custody.act(custody.rt.handover.ok, number)


@when(q('值班员按经理 "{manager}" 的指示给 "{number}" 打上 OK'))
def mark_ok_instructed(custody: World, manager: str, number: str) -> None:
    custody.act(custody.rt.handover.ok, number, instructed_by=manager)


@when(q('经理 "{manager}" 按自己的指示给 "{number}" 打上 OK'))
def mark_ok_self_instructed(custody: World, manager: str, number: str) -> None:
    with custody.as_role("manager", manager):
        custody.act(custody.rt.handover.ok, number, instructed_by=manager)


@when(q('值班员为 "{number}" 写明原因 "{reason}"'))
def reason(custody: World, number: str, reason: str) -> None:
    custody.act(custody.rt.handover.reason, number, reason)


@given(q('值班员记下重大事项 "{text}"'))
def major_note(custody: World, text: str) -> None:
    custody.act(custody.rt.handover.note, text, major=True)


@given(q('值班员记事 "{text}"'))
def note(custody: World, text: str) -> None:
    custody.act(custody.rt.handover.note, text)


@when("值班员交班")
def hand_over(custody: World) -> None:
    custody.act(custody.rt.handover.hand_over)


@when(q('归档 "{month}" 遗留问题档案'))
def close(custody: World, month: str) -> None:
    custody.act(close_month, custody.rt, month)


@when(q('巡视 "{area}" 发现 "{finding}"'))
def patrol(custody: World, area: str, finding: str) -> None:
    custody.act(custody.rt.patrol.record, area, finding)


@then(q('本班记录本中 "{number}" 的分类为 "{triage}"'))
def triaged(custody: World, number: str, triage: str) -> None:
    custody.ok()
    assert _log_item(custody, number)["triage"] == TRIAGE[triage]


@then(q('本班记录有 "{action}" 一条, 记录人 "{who}"'))
def entry(custody: World, action: str, who: str) -> None:
    rows = [e for e in _log(custody)["entries"] if e["action"] == ACTION[action]]
    assert [e["actor"] for e in rows] == [who]


@then(q('本班记录本中 "{number}" 显示红色 OK'))
def red_ok(custody: World, number: str) -> None:
    custody.ok()
    assert ok_mark(_log_item(custody, number)) == "[red]OK[/red]"


@then(q('本班记录本中 "{number}" 没有 OK'))
def no_ok(custody: World, number: str) -> None:
    item = _log_item(custody, number)
    assert not item["ok"] and "OK" not in ok_mark(item)


@then(q('本班记录本中 "{number}" 的原因以红字显示 "{text}"'))
def red_reason(custody: World, number: str, text: str) -> None:
    custody.ok()
    assert reason_mark(_log_item(custody, number)) == f"[red]{text}[/red]"


@then(q('交班移交事项为 "{numbers}"'))
def passed_on(custody: World, numbers: str) -> None:
    custody.ok()
    log = _log(custody)
    assert log["handed_over_at"] is not None
    assert log["passed_on"] == numbers.split(", ")


@then(q('"{day}" "{which}" 班的移交事项为 "{numbers}"'))
def carried_in(custody: World, day: str, which: str, numbers: str) -> None:
    log = _log(custody, day, which)
    assert [r["number"] for r in log["carried_in"]] == numbers.split(", ")


@then(q('"{month}" 遗留问题档案有 "{numbers}"'))
def file_has(custody: World, month: str, numbers: str) -> None:
    assert sorted(_file(custody, month)) == sorted(numbers.split(", "))


@then(q('"{month}" 遗留问题档案中 "{number}" 的转入原因为 "{why}"'))
def file_why(custody: World, month: str, number: str, why: str) -> None:
    assert _file(custody, month)[number]["why"] == why


@then(parsers.re(r'^"(?P<month>[^"]*)" 遗留问题档案中 "(?P<number>[^"]*)" 已转 '
                 r'(?P<n>\d+) 个月$'), converters={"n": int})
def file_months(custody: World, month: str, number: str, n: int) -> None:
    custody.ok()
    row = _file(custody, month)[number]
    assert row["months_carried"] == n and not row["ok"]


@then(q('"{month}" 遗留问题档案中 "{number}" 未解决'))
def file_open(custody: World, month: str, number: str) -> None:
    custody.ok()
    assert not _file(custody, month)[number]["ok"]


@then(q('"{month}" 遗留问题档案中 "{number}" 显示红色 OK'))
def file_ok(custody: World, month: str, number: str) -> None:
    assert ok_mark(_file(custody, month)[number]) == "[red]OK[/red]"


@then(q('巡视发现 "{number}" 派给 "{department}"'))
def dispatched(custody: World, number: str, department: str) -> None:
    custody.ok()
    month = custody.clock.now().astimezone(custody.rt.profile.office_calendar.zone)
    data = patrol_register(custody.read(), custody.rt.code,
                           custody.rt.profile.office_calendar, month.strftime("%Y-%m"),
                           custody.clock.now())
    rows = {r["number"]: r for r in data["rows"]}
    assert rows[number]["department"] == department


@then(parsers.re(r'^"(?P<month>[^"]*)" 巡视跟进登记表中 "(?P<number>[^"]*)" 已转 '
                 r'(?P<n>\d+) 个月$'), converters={"n": int})
def patrol_months(custody: World, month: str, number: str, n: int) -> None:
    data = patrol_register(custody.read(), custody.rt.code,
                           custody.rt.profile.office_calendar, month, custody.clock.now())
    rows = {r["number"]: r for r in data["rows"]}
    assert rows[number]["months_carried"] == n and not rows[number]["ok"]
