"""Complaint rules C1–C10 on the aggregate, its policies and its use cases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from propsvc.aggregates.deadlines import Escalated
from propsvc.clock import SettableClock
from propsvc.errors import InvalidInput, NotFound, RuleViolation
from propsvc.office import Office
from propsvc.profile import ComplaintNumbers, Profile
from propsvc.store.event_store import decode_event
from tests.office import tick

SHANGHAI = Profile().office_calendar


def local(when: datetime) -> str:
    return SHANGHAI.local(when).strftime("%Y-%m-%d %H:%M:%S.%f")


def _complaint(rt: Office, channel: str = "phone", **kw: object) -> str:
    return rt.complaints.open(unit="3-2-1201", caller="张三", phone="13800000001",
                             summary="漏水", channel=channel, **kw).number  # type: ignore[arg-type]


def test_class_2_registered_at_2330_is_due_at_the_last_instant_of_that_day(
        rt: Office, clock: SettableClock) -> None:
    clock.set(datetime(2026, 11, 22, 15, 30, tzinfo=UTC))  # 23:30 in Shanghai
    number = _complaint(rt)
    outcome = rt.complaints.classify(number, 2)
    (deadline,) = outcome.deadlines_opened
    assert local(deadline.due_at) == "2026-11-22 23:59:59.999999"
    assert deadline.limit_minutes == 29
    assert deadline.rule == "C5"


def test_class_1_four_hours_cross_midnight(rt: Office, clock: SettableClock) -> None:
    clock.set(datetime(2026, 11, 22, 14, 0, tzinfo=UTC))  # 22:00
    number = _complaint(rt)
    (deadline,) = rt.complaints.classify(number, 1).deadlines_opened
    assert local(deadline.due_at) == "2026-11-23 02:00:00.000000"
    assert deadline.limit_minutes == 240


def test_class_3_three_days_from_registration_not_from_classification(
        rt: Office, clock: SettableClock) -> None:
    number = _complaint(rt)
    clock.set(clock.now() + timedelta(hours=2))
    (deadline,) = rt.complaints.classify(number, 3).deadlines_opened
    assert local(deadline.due_at) == "2026-11-25 09:00:00.000000"


def test_profile_without_same_day_rule_uses_hours(make_runtime: object, sqlite_url: str,
                                                  clock: SettableClock) -> None:
    profile = Profile(complaint=ComplaintNumbers(class2_same_day=False, class2_hours=8))
    rt = make_runtime(sqlite_url, profile=profile)  # type: ignore[operator]
    number = _complaint(rt)
    (deadline,) = rt.complaints.classify(number, 2).deadlines_opened
    assert deadline.limit_minutes == 480


def test_lodged_with_the_government_goes_to_the_department_head_at_once(rt: Office) -> None:
    outcome = rt.complaints.open(unit="3-2-1201", caller="张三", phone=None, summary="x",
                                channel="letter", lodged_with="government")
    (escalated,) = [e for e in outcome.events if isinstance(e, Escalated)]
    assert (escalated.rule, escalated.to, escalated.automatic) == ("C6", "department-head",
                                                                    True)


def test_in_person_opens_the_2_hour_superior_deadline_remote_the_1_hour_slip(
        rt: Office) -> None:
    a = rt.complaints.open(unit="3-2-1201", caller="a", phone=None, summary="x",
                          channel="in-person")
    b = rt.complaints.open(unit="3-2-1202", caller="b", phone=None, summary="y",
                          channel="email")
    assert [(d.rule, d.limit_minutes) for d in a.deadlines_opened] == [("C3", 120)]
    assert [(d.rule, d.limit_minutes) for d in b.deadlines_opened] == [("C4", 60)]


def test_no_reply_two_days_after_the_slip_goes_to_senior_management(
        rt: Office, clock: SettableClock) -> None:
    number = _complaint(rt)
    rt.complaints.classify(number, 1)
    rt.complaints.dispatch(number, "保安部")
    clock.set(clock.now() + timedelta(days=2, minutes=1))
    result = tick(rt)
    assert {"action": "Escalated", "rule": "C6", "to": "senior-management",
            "subject": "ticket", "number": number} in result["follow_ups"]
    assert {"action": "Escalated", "rule": "C5", "to": "superior",
            "subject": "ticket", "number": number} in result["follow_ups"]
    assert tick(rt)["missed"] == []


def test_reply_meets_the_no_reply_deadline(rt: Office) -> None:
    number = _complaint(rt)
    rt.complaints.classify(number, 1)
    rt.complaints.dispatch(number, "保安部")
    ticket = rt.complaints.respond(number, "已处理").aggregate
    assert ticket.deadlines["C6.reply#1"].state == "met"
    assert ticket.status == "replied"


def test_classify_once_and_only_complaints(rt: Office) -> None:
    number = _complaint(rt)
    rt.complaints.classify(number, 1)
    with pytest.raises(RuleViolation, match="already class 1"):
        rt.complaints.classify(number, 2)
    repair = rt.repairs.open(unit="1-1-101", caller="x", phone=None, summary="y").number
    with pytest.raises(RuleViolation, match="not a complaint"):
        rt.complaints.classify(repair, 1)
    with pytest.raises(RuleViolation, match="repair commands apply to repairs only"):
        rt.repairs.order(number, "李师傅")
    with pytest.raises(InvalidInput, match="C2"):
        rt.complaints.classify(number, 4)


def test_class_2_resolution_opens_a_linked_defect_repair(rt: Office) -> None:
    number = _complaint(rt)
    rt.complaints.classify(number, 2)
    outcome = rt.complaints.resolve(number)
    assert outcome.aggregate.resolution is not None
    repair = rt.service.load(outcome.aggregate.resolution.repair_number or "")
    assert (repair.kind, repair.intake.linked_from) == ("repair", number)
    assert outcome.aggregate.deadlines["C9.visit#1"].limit_minutes == 3 * 24 * 60


def test_refused_resolution_opens_no_repair(rt: Office) -> None:
    number = _complaint(rt)
    rt.complaints.classify(number, 2)
    rt.complaints.dispatch(number, "工程部")
    with pytest.raises(RuleViolation, match="C8"):
        rt.complaints.resolve(number)
    with pytest.raises(NotFound):
        rt.service.load(number.replace("TS", "BX"))


def test_visit_after_three_days_is_out_of_window(rt: Office, clock: SettableClock) -> None:
    number = _complaint(rt)
    rt.complaints.classify(number, 3)
    rt.complaints.resolve(number, "已解释")
    clock.set(clock.now() + timedelta(days=4))
    rt.service.who.role = "supervisor"
    visit = rt.visits.record(number, "phone", "satisfied").aggregate.visits[-1]
    assert visit.within_window is False


def test_unsatisfied_visit_reopens_and_it_can_be_handled_again(rt: Office) -> None:
    number = _complaint(rt)
    rt.complaints.classify(number, 3)
    rt.complaints.resolve(number, "已解释")
    rt.service.who.role = "supervisor"
    ticket = rt.visits.record(number, "phone", "unsatisfied", "仍不满意").aggregate
    assert (ticket.status, ticket.cycle) == ("received", 2)
    assert ticket.deadlines["V3.fix#2"].state == "open"
    ticket = rt.complaints.resolve(number, "再次解释").aggregate
    assert ticket.deadlines["V3.fix#2"].state == "met"


def test_events_stored_before_the_new_intake_fields_still_decode(rt: Office) -> None:
    state = (b'{"timestamp":"2026-11-22T01:00:00+00:00","occurred_at":"2026-11-22T01:00:00'
             b'+00:00","actor":"desk","role":"desk","office":"main","number":"BX-20261122-001",'
             b'"kind":"repair","unit":"1-1-101","location":null,"part":null,"caller":"x",'
             b'"phone":null,"summary":"y","channel":"phone","class_version":2}')
    from uuid import uuid4

    event = decode_event("ticket.CallReceived", state, uuid4(), 1)
    assert (event.lodged_with, event.written, event.paid) == (None, False, False)  # type: ignore[attr-defined]


def test_a_reopened_complaint_goes_round_again(rt: Office, clock: SettableClock) -> None:
    number = _complaint(rt)
    rt.complaints.classify(number, 1)
    rt.complaints.dispatch(number, "保安部")
    rt.complaints.respond(number, "已处理")
    rt.complaints.agree(number, "道歉", clock.now() + timedelta(hours=2))
    rt.complaints.resolve(number, "加强培训")
    rt.service.who.role = "supervisor"
    rt.visits.record(number, "phone", "unsatisfied", "没人道歉")
    rt.service.who.role = "desk"
    second = rt.complaints.dispatch(number, "保安部").aggregate.slips[-1].slip
    assert second.endswith("-2")
    rt.complaints.respond(number, "经理上门道歉")
    with pytest.raises(RuleViolation, match="already replied"):
        rt.complaints.respond(number, "again")
    rt.complaints.agree(number, "经理上门道歉", clock.now() + timedelta(hours=3))
    ticket = rt.complaints.resolve(number, "加强培训").aggregate
    assert (ticket.status, ticket.cycle) == ("completed", 2)
    assert ticket.deadlines["C6.reply#2"].state == "met"
