"""Notifications (issue 15): every miss, chase and escalation ``tick`` records reaches the
users of its audience roles in its office — and nobody else — with each user's own
read marks recorded as events, the same after a rebuild."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from propsvc.clock import SettableClock
from propsvc.errors import Forbidden, InvalidInput, NotFound
from propsvc.office import Actor, Office

DESK = Actor("小刘", "desk")


@pytest.fixture
def office(db_url: str, clock: SettableClock) -> Iterator[Office]:
    with Office.open(db_url, user=DESK, clock=clock) as opened:
        yield opened


def repair(office: Office) -> str:
    return office.tickets.open("repair", unit="3-2-1201", caller="王芳", phone="13800001234",
                               summary="厨房漏水", part="厨房水管").number


def feed(office: Office, name: str, role: str, **kw: object) -> dict[str, object]:
    return office.acting_as(Actor(name, role, True)).read.notifications(**kw)  # type: ignore[arg-type]


def kinds(answer: dict[str, object]) -> list[tuple[str, str, str]]:
    return [(n["kind"], n["rule"], n["number"]) for n in answer["items"]]  # type: ignore[attr-defined, index]


def test_a_missed_work_order_tells_the_desk_and_its_escalation_the_supervisor(
        office: Office, clock: SettableClock) -> None:
    number = repair(office)
    clock.advance(timedelta(minutes=9))
    office.tick()
    assert kinds(feed(office, "小刘", "desk")) == [("missed", "R3", number)]
    supervisor = feed(office, "老张", "supervisor")
    assert kinds(supervisor) == [("escalated", "R3", number)]
    [item] = supervisor["items"]  # type: ignore[misc]
    assert item["target"] == "supervisor" and "R3 missed" in item["note"]
    assert (item["read"], supervisor["unread"], supervisor["total"]) == (False, 1, 1)
    for role in ("manager", "engineering", "technician", "security", "cashier"):
        assert feed(office, "someone", role)["items"] == [], role


def test_tick_twice_tells_nobody_twice(office: Office, clock: SettableClock) -> None:
    repair(office)
    clock.advance(timedelta(minutes=9))
    office.tick()
    office.tick()
    assert feed(office, "老张", "supervisor")["total"] == 1


def test_a_chase_goes_to_maintenance_and_the_second_to_its_head(
        office: Office, clock: SettableClock) -> None:
    number = repair(office)
    clock.advance(timedelta(minutes=2))
    office.repairs.order(number, "王师傅")
    clock.advance(timedelta(hours=30))
    office.tick()
    eng = feed(office, "王师傅", "technician")
    assert [(n["kind"], n["target"], n["level"]) for n in eng["items"]] == [  # type: ignore[attr-defined]
        ("chased", "maintenance", 1)]
    heads = [(n["target"], n["level"]) for n in feed(office, "赵工", "engineering")["items"]]  # type: ignore[attr-defined]
    assert sorted(heads) == [("maintenance", 1), ("maintenance-head", 2)]
    assert sorted(n["target"] for n in feed(office, "老张", "supervisor")["items"]) == [  # type: ignore[attr-defined]
        "maintenance-head", "supervisor"]  # R4's arrival escalation, R11's second chase


def test_another_office_sees_none_of_them(office: Office, clock: SettableClock) -> None:
    office.acting_as(Actor("经理", "manager")).records.add_office("east", "东区", "Asia/Shanghai")
    repair(office)
    clock.advance(timedelta(minutes=9))
    office.tick()
    east = Office(office.backend, "east", Actor("老李", "supervisor"), clock)
    assert east.read.notifications()["items"] == []
    assert east.read.unread_notifications() == 0


def test_marks_are_per_user_and_recorded(office: Office, clock: SettableClock) -> None:
    repair(office)
    repair(office)
    clock.advance(timedelta(minutes=9))
    office.tick()
    zhang = office.acting_as(Actor("老张", "supervisor", True))
    items = zhang.read.notifications()["items"]
    assert len(items) == 2  # type: ignore[arg-type]
    first = items[0]["id"]  # type: ignore[index]
    result = zhang.notifications.mark_read([first])
    assert [type(e).__name__ for e in result.events] == ["InboxOpened", "NotificationsRead"]
    assert zhang.read.unread_notifications() == 1
    assert zhang.notifications.mark_read([first]).events == []  # already read: nothing new
    assert [n["id"] for n in zhang.read.notifications(unread=True)["items"]] != [first]  # type: ignore[attr-defined]
    li = office.acting_as(Actor("小李", "supervisor", True))
    assert li.read.unread_notifications() == 2  # another supervisor: their own marks
    zhang.notifications.mark_all_read()
    assert zhang.read.unread_notifications() == 0
    clock.advance(timedelta(hours=2))  # R4 arrival missed later: new, so unread
    office.tick()
    assert zhang.read.unread_notifications() == 2
    newer = zhang.read.notifications(unread=True)["items"]
    zhang.notifications.mark_read([newer[0]["id"]])  # type: ignore[index]
    assert zhang.read.unread_notifications() == 1  # one read on its own after read-all
    feed = zhang.read.notifications(unread=True)
    assert (feed["unread"], feed["total"], len(feed["items"])) == (1, 1, 1)  # type: ignore[arg-type]


def test_a_notification_not_for_you_cannot_be_marked(office: Office,
                                                     clock: SettableClock) -> None:
    repair(office)
    clock.advance(timedelta(minutes=9))
    office.tick()
    [mine] = feed(office, "小刘", "desk")["items"]  # type: ignore[misc]
    boss = office.acting_as(Actor("老张", "supervisor", True))
    with pytest.raises(NotFound, match="no notification"):
        boss.notifications.mark_read([mine["id"]])
    with pytest.raises(InvalidInput):
        boss.notifications.mark_read([])


def test_only_a_manager_or_an_auditor_reads_another_roles_feed(
        office: Office, clock: SettableClock) -> None:
    repair(office)
    clock.advance(timedelta(minutes=9))
    office.tick()
    manager = office.acting_as(Actor("经理", "manager"))
    assert kinds(manager.read.notifications(role="supervisor"))[0][0] == "escalated"
    with pytest.raises(Forbidden, match="not for role 'desk'"):
        office.read.notifications(role="supervisor")
    with pytest.raises(InvalidInput, match="unknown role"):
        manager.read.notifications(role="boss")
    with pytest.raises(InvalidInput, match="limit"):
        office.read.notifications(limit=0)


def test_the_feed_pages_newest_first(office: Office, clock: SettableClock) -> None:
    for _ in range(3):
        repair(office)
        clock.advance(timedelta(minutes=1))
    clock.advance(timedelta(minutes=9))
    office.tick()
    whole = feed(office, "小刘", "desk")
    page = feed(office, "小刘", "desk", limit=2, offset=1)
    assert [n["id"] for n in page["items"]] == [n["id"] for n in whole["items"]][1:3]  # type: ignore[attr-defined, index]
    assert page["total"] == 3


def test_a_rebuilt_feed_is_the_same_with_the_same_marks(office: Office,
                                                        clock: SettableClock) -> None:
    number = repair(office)
    clock.advance(timedelta(minutes=2))
    office.repairs.order(number, "王师傅")
    clock.advance(timedelta(hours=30))
    office.tick()
    zhang = office.acting_as(Actor("老张", "supervisor", True))
    zhang.notifications.mark_read([zhang.read.notifications()["items"][0]["id"]])  # type: ignore[index]
    before = {r: feed(office, "老张", r) for r in ("desk", "supervisor", "engineering")}
    office.acting_as(Actor("经理", "manager")).rebuild()
    assert {r: feed(office, "老张", r) for r in before} == before
