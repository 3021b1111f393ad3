"""Special incidents (I1–I4)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from propsvc.clock import SettableClock
from propsvc.errors import InvalidInput, NotFound, RuleViolation
from propsvc.office import Office
from tests.office import tick


def test_security_and_engineering_are_told_different_people(rt: Office) -> None:
    a = rt.incidents.report(category="theft", place="车库", description="被盗").aggregate
    b = rt.incidents.report(category="flood", place="地下室", description="水浸").aggregate
    assert [e.to for e in a.escalations] == ["property-director", "operations-head"]
    assert [e.to for e in b.escalations] == ["property-director", "engineering-adviser"]
    assert (a.number, b.number) == ("TB-20261122-001", "TB-20261122-002")


def test_written_report_24_hours_or_36_after_a_phone_report(
        rt: Office, clock: SettableClock) -> None:
    happened = clock.now()
    clock.set(happened + timedelta(minutes=30))
    plain = rt.incidents.report(category="fight", place="广场", description="打架",
                               happened_at=happened).aggregate
    phoned = rt.incidents.report(category="fight", place="广场", description="打架",
                                happened_at=happened,
                                phoned_at=happened + timedelta(minutes=10)).aggregate
    assert plain.deadlines["I3.written"].due_at == happened + timedelta(hours=24)
    assert phoned.deadlines["I3.written"].due_at == happened + timedelta(hours=36)
    clock.set(happened + timedelta(hours=25))
    result = tick(rt)
    assert [(m["number"], m["rule"]) for m in result["missed"]] == [(plain.number, "I3")]
    assert result["follow_ups"][0]["to"] == "company"
    late = rt.incidents.written_report(plain.number, "经过", "结果").aggregate
    assert late.written is not None and late.written.hours_after_event == 25.0
    with pytest.raises(RuleViolation, match="already filed"):
        rt.incidents.written_report(plain.number, "经过", "结果")


def test_playbook_steps_need_a_playbook_and_known_steps(rt: Office) -> None:
    number = rt.incidents.report(category="robbery", place="大堂",
                                description="抢劫").number
    with pytest.raises(RuleViolation, match="no playbook yet"):
        rt.incidents.step(number, "call-110")
    done = rt.incidents.step(number, "call-110", "crime-in-progress").aggregate
    assert done.playbook == "crime-in-progress" and "call-110" not in done.pending_steps()
    with pytest.raises(RuleViolation, match="follows the crime-in-progress playbook"):
        rt.incidents.step(number, "alarm", "fire")


def test_bad_input_and_unknown_numbers(rt: Office, clock: SettableClock) -> None:
    with pytest.raises(InvalidInput, match="I1"):
        rt.incidents.report(category="alien", place="x", description="y")
    with pytest.raises(InvalidInput, match="I3"):
        rt.incidents.report(category="theft", place="x", description="y",
                           happened_at=clock.now() + timedelta(hours=1))
    with pytest.raises(NotFound):
        rt.incidents.step("TB-20261122-099", "call-110")
