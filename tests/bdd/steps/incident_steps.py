"""Steps for features/特别事件.feature (I1–I4)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from pytest_bdd import given, then, when

from propsvc.aggregates.incident import Incident
from propsvc.errors import PropsvcError
from propsvc.queries.incident import incident_register
from tests.bdd.steps.repair_steps import WHO, Desk, S

CATEGORY = {"盗窃": "theft", "抢劫": "robbery", "火警": "fire", "水浸": "flood",
            "公共设施严重损坏": "facility-damage", "房屋严重质量问题": "building-defect"}
CLASS = {"治安": "security", "工程": "engineering"}
PLAYBOOK = {"火警": "fire", "刑案正在发生": "crime-in-progress", "刑案已逃离": "crime-fled",
            "特殊人物保护": "protected-person"}
STEP = {"就近灭火": "first-aid", "报警并告知领导": "alarm", "切断电源煤气": "cut-supply",
        "救出被困人员": "rescue", "电梯停至顶层": "park-lifts", "书面记录上报": "record",
        "点名": "roll-call"}


def incident_of(desk: Desk, place: str) -> Incident:
    desk.settled()
    key = f"incident:{place}"
    assert key in desk.numbers, f"no incident reported at {place!r}"
    return desk.rt.incidents.load(desk.numbers[key])


def act(desk: Desk, t: str, place: str | None, action: Callable[[], Any]) -> None:
    desk.settled()
    desk.move_clock(t)
    try:
        outcome = action()
    except PropsvcError as err:
        desk.error = err
        return
    if place is not None:
        desk.numbers[f"incident:{place}"] = outcome.number


@given(S('保安在 {t} 报告 "{place}" 发生{category}'))
@when(S('保安在 {t} 报告 "{place}" 发生{category}'))
def report(desk: Desk, t: str, place: str, category: str) -> None:
    act(desk, t, place, lambda: desk.rt.incidents.report(
        category=CATEGORY[category], place=place, description=category))


@given(S('保安在 {t} 报告 "{place}" 于 {thappened} 发生{category}，并已于 {tphone} 电话报告公司'))
@when(S('保安在 {t} 报告 "{place}" 于 {thappened} 发生{category}，并已于 {tphone} 电话报告公司'))
def report_phoned(desk: Desk, t: str, place: str, thappened: str, category: str,
                  tphone: str) -> None:
    act(desk, t, place, lambda: desk.rt.incidents.report(
        category=CATEGORY[category], place=place, description=category,
        happened_at=desk.when(thappened), phoned_at=desk.when(tphone)))


@given(S('保安在 {t} 报告 "{place}" 发生{category}，启动{playbook}预案'))
@when(S('保安在 {t} 报告 "{place}" 发生{category}，启动{playbook}预案'))
def report_playbook(desk: Desk, t: str, place: str, category: str, playbook: str) -> None:
    act(desk, t, place, lambda: desk.rt.incidents.report(
        category=CATEGORY[category], place=place, description=category,
        playbook=PLAYBOOK[playbook]))


@when(S('"{actor}" 在 {t} 完成 "{place}" 事件的 "{step}" 步骤'))
def step(desk: Desk, actor: str, t: str, place: str, step: str) -> None:
    number = incident_of(desk, place).number

    def run() -> Any:
        who = desk.rt.service.who
        before, who.actor = who.actor, actor
        try:
            return desk.rt.incidents.step(number, step)  # I4: the Chinese label as typed
        finally:
            who.actor = before

    act(desk, t, None, run)


@when(S('经理在 {t} 提交 "{place}" 事件的书面报告，经过 "{course}"，结果 "{result}"'))
def written(desk: Desk, t: str, place: str, course: str, result: str) -> None:
    number = incident_of(desk, place).number
    act(desk, t, None, lambda: desk.rt.incidents.written_report(number, course, result))


@then(S('"{place}" 事件定为{cls}事件，已立即报告 "{who}"'))
def told(desk: Desk, place: str, cls: str, who: str) -> None:
    incident = incident_of(desk, place)
    assert incident.report.incident_class == CLASS[cls]
    told = {e.to for e in incident.escalations if e.rule == "I2"}
    assert told == {WHO[w] for w in who.split("、")}, told


@then(S('"{place}" 事件已依 "{rule}" 报告 "{to}"'))
def reported_to(desk: Desk, place: str, rule: str, to: str) -> None:
    incident = incident_of(desk, place)
    assert [(e.rule, e.to) for e in incident.escalations if e.rule == rule] == [
        (rule, WHO[to])], incident.escalations
    start = desk.cal.day_start(desk.today)
    rows = incident_register(desk.read(), desk.rt.code, start, start + timedelta(days=7))
    row = next(r for r in rows if r["number"] == incident.number)
    assert WHO[to] in (row["told"] or ""), row


@then(S('"{place}" 事件的书面报告时限截止于 {t}'))
def written_due(desk: Desk, place: str, t: str) -> None:
    deadline = incident_of(desk, place).deadlines["I3.written"]
    assert deadline.due_at == desk.when(t), deadline


@then(S('"{place}" 事件的书面报告按时提交'))
def written_on_time(desk: Desk, place: str) -> None:
    deadline = incident_of(desk, place).deadlines["I3.written"]
    assert (deadline.state, deadline.missed) == ("met", False), deadline


@then(S('"{place}" 事件的书面报告记为超时，已上报 "{to}"'))
def written_missed(desk: Desk, place: str, to: str) -> None:
    incident = incident_of(desk, place)
    assert incident.deadlines["I3.written"].missed
    assert [e for e in incident.escalations if e.rule == "I3" and e.to == WHO[to]]


@then(S('特别事件报告中 "{place}" 事件已记录以下步骤:'))
def steps_recorded(desk: Desk, place: str, datatable: list[list[str]]) -> None:
    number = incident_of(desk, place).number
    start = desk.cal.day_start(desk.today)
    rows = incident_register(desk.read(), desk.rt.code, start, start + timedelta(days=7))
    row = next(r for r in rows if r["number"] == number)
    shown = [(s["step"], desk.local(s["done_at"]), s["actor"]) for s in row["steps"]]
    wanted = [(STEP[r[0].strip()], desk.local(desk.when(r[1].strip())), r[2].strip())
              for r in datatable[1:]]
    assert shown == wanted, shown
