"""policies/deadlines.py: which deadline each event opens, meets or cancels, with the
profile's numbers copied into the event (R3, R4, R5, R11, V3); and the deadline commands
on the aggregate (late meets, misses, cancellations)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from propsvc.aggregates.deadlines import (
    DeadlineCancelled,
    DeadlineMet,
    DeadlineMissed,
    DeadlineSet,
)
from propsvc.aggregates.ticket import Ticket
from propsvc.policies.base import Cancel, Meet, Open, key
from propsvc.policies.escalation import FollowUp, follow_up
from propsvc.policies.repair import react
from propsvc.policies.ticket import plan
from propsvc.profile import Profile, RepairNumbers
from tests.unit._fakes import (
    T0,
    Timeline,
    intake,
    make_ctx,
    minutes,
    new_repair,
    of_type,
    repair_in,
    settle,
)


def opened(events: list) -> dict[str, DeadlineSet]:
    return {e.key: e for e in of_type(events, DeadlineSet)}


def met(events: list) -> dict[str, DeadlineMet]:
    return {e.key: e for e in of_type(events, DeadlineMet)}


def fresh(tl: Timeline | None = None, profile: Profile | None = None, **overrides) -> Ticket:
    t = new_repair(tl or Timeline(), **overrides)
    settle(t, profile)
    return t


# -- CallReceived opens R3 and R4 ----------------------------------------------------------

def test_a_phoned_in_repair_opens_a_five_minute_work_order_deadline_under_R3() -> None:
    t = new_repair(Timeline())
    d = opened(settle(t))["R3.work_order#1"]
    assert (d.rule, d.limit_minutes, d.due_at) == ("R3", 5, T0 + minutes(5))
    assert (d.basis, d.on_miss) == ("call received", "escalate:supervisor")
    assert d.occurred_at == T0


def test_an_urgent_repair_gives_the_technician_fifteen_minutes_from_the_call_under_R4() -> None:
    t = new_repair(Timeline(), urgent=True)
    d = opened(settle(t))["R4.arrival#1"]
    assert (d.limit_minutes, d.due_at, d.basis) == (15, T0 + minutes(15), "call received")
    assert "urgent" in d.label


def test_an_appointment_gives_the_technician_fifteen_minutes_grace_under_R4() -> None:
    appointment = T0 + timedelta(hours=5)
    t = new_repair(Timeline(), appointment=appointment)
    d = opened(settle(t))["R4.arrival#1"]
    assert (d.limit_minutes, d.due_at, d.basis) == (15, appointment + minutes(15),
                                                    "appointment time")


def test_an_urgent_call_with_an_appointment_still_counts_from_the_call() -> None:
    t = new_repair(Timeline(), urgent=True, appointment=T0 + timedelta(hours=5))
    assert opened(settle(t))["R4.arrival#1"].due_at == T0 + minutes(15)


def test_a_repair_without_appointment_gives_two_hours_from_the_call() -> None:
    t = new_repair(Timeline())
    d = opened(settle(t))["R4.arrival#1"]
    assert (d.limit_minutes, d.due_at) == (120, T0 + minutes(120))
    assert d.on_miss == "escalate:supervisor"


@pytest.mark.parametrize("channel", ["staff", "patrol"])
def test_a_staff_reported_fault_opens_no_R3_deadline_because_staff_fill_the_order(
    channel: str,
) -> None:
    t = new_repair(Timeline(), channel=channel)
    assert set(opened(settle(t))) == {"R4.arrival#1"}


def test_a_call_that_is_not_a_repair_opens_no_repair_deadline() -> None:
    t = Ticket.receive_call("TS-20261122-001", make_ctx(T0), **intake(kind="complaint"))
    assert [d.rule for d in opened(settle(t)).values() if d.rule.startswith("R")] == []


def test_the_numbers_come_from_the_profile_not_from_the_code() -> None:
    profile = Profile(repair=RepairNumbers(work_order_minutes=7, unscheduled_arrival_minutes=90,
                                           urgent_arrival_minutes=30))
    plain = opened(settle(new_repair(Timeline()), profile))
    assert plain["R3.work_order#1"].limit_minutes == 7
    assert plain["R3.work_order#1"].due_at == T0 + minutes(7)
    assert plain["R4.arrival#1"].limit_minutes == 90
    urgent = opened(settle(new_repair(Timeline(), urgent=True), profile))
    assert urgent["R4.arrival#1"].due_at == T0 + minutes(30)


# -- WorkOrderIssued meets R3 and opens R11 ------------------------------------------------

def test_issuing_the_work_order_in_time_meets_R3_on_time() -> None:
    tl = Timeline()
    t = fresh(tl)
    t.issue_work_order(make_ctx(T0 + minutes(4)), "Wang")
    m = met(settle(t))["R3.work_order#1"]
    assert (m.rule, m.late_minutes, m.first_miss) == ("R3", 0, False)
    assert t.deadlines["R3.work_order#1"].state == "met"
    assert not t.deadlines["R3.work_order#1"].missed


def test_the_work_order_opens_the_R11_chase_at_four_hours_and_the_head_at_24() -> None:
    t = fresh()
    t.issue_work_order(make_ctx(T0 + minutes(3)), "Wang")
    new = opened(settle(t))
    chase, head = new["R11.chase#1"], new["R11.escalate#1"]
    assert (chase.limit_minutes, chase.due_at) == (240, T0 + minutes(3) + timedelta(hours=4))
    assert (head.limit_minutes, head.due_at) == (1440, T0 + minutes(3) + timedelta(hours=24))
    assert (chase.on_miss, head.on_miss) == ("chase:maintenance", "chase:maintenance-head")
    assert chase.basis == head.basis == "work order issued"


def test_the_R11_chase_counts_from_a_later_appointment() -> None:
    appointment = T0 + timedelta(hours=30)
    t = fresh(appointment=appointment)
    t.issue_work_order(make_ctx(T0 + minutes(3)), "Wang")
    new = opened(settle(t))
    assert new["R11.chase#1"].due_at == appointment + timedelta(hours=4)
    assert new["R11.escalate#1"].due_at == appointment + timedelta(hours=24)
    assert new["R11.chase#1"].basis == "appointment time"


def test_an_issued_work_order_after_five_minutes_is_met_late_and_counts_as_a_miss() -> None:
    t = fresh()
    t.issue_work_order(make_ctx(T0 + minutes(12), recorded=T0 + minutes(30)), "Wang")
    m = met(settle(t))["R3.work_order#1"]
    assert (m.late_minutes, m.first_miss) == (7, True)
    d = t.deadlines["R3.work_order#1"]
    assert (d.state, d.missed, d.late_minutes, d.met_at) == ("met", True, 7, T0 + minutes(12))
    assert not d.overdue


def test_being_late_by_seconds_counts_as_one_minute_late() -> None:
    t = fresh()
    t.issue_work_order(make_ctx(T0 + minutes(5) + timedelta(seconds=20)), "Wang")
    m = met(settle(t))["R3.work_order#1"]
    assert (m.late_minutes, m.first_miss) == (1, True)


def test_meeting_exactly_at_the_due_time_is_on_time() -> None:
    t = fresh()
    t.issue_work_order(make_ctx(T0 + minutes(5)), "Wang")
    assert met(settle(t))["R3.work_order#1"].late_minutes == 0


def test_a_late_meet_after_a_recorded_miss_is_not_a_first_miss() -> None:
    t = fresh()
    assert t.record_miss("R3.work_order#1", T0 + minutes(9), make_ctx(T0 + minutes(9)))
    t.collect_events()
    t.issue_work_order(make_ctx(T0 + minutes(12)), "Wang")
    m = met(settle(t))["R3.work_order#1"]
    assert (m.late_minutes, m.first_miss) == (7, False)


# -- arrival, assessment, deferral, completion ---------------------------------------------

def test_the_technicians_arrival_meets_R4() -> None:
    tl = Timeline()
    t = fresh(tl)
    t.issue_work_order(tl.ctx(), "Wang")
    settle(t)
    t.arrive(tl.ctx(200))
    m = met(settle(t))["R4.arrival#1"]
    assert m.late_minutes == 201 - 120


def test_asking_for_the_team_leads_assessment_opens_thirty_minutes_under_R5() -> None:
    tl = Timeline()
    t = fresh(tl)
    for command in (lambda c: t.issue_work_order(c, "Wang"), t.arrive):
        command(tl.ctx())
        settle(t)
    asked = tl.ctx()
    t.request_assessment(asked)
    d = opened(settle(t))["R5.assessment1#1"]
    assert (d.limit_minutes, d.due_at, d.basis) == (30, asked.occurred_at + minutes(30),
                                                    "assessment requested")
    t.return_after_assessment(tl.ctx(10))
    assert met(settle(t))["R5.assessment1#1"].late_minutes == 0


def test_a_second_assessment_gets_a_deadline_of_its_own() -> None:
    tl = Timeline()
    t = fresh(tl)
    t.issue_work_order(tl.ctx(), "Wang")
    t.arrive(tl.ctx())
    settle(t)
    for _ in range(2):
        t.request_assessment(tl.ctx())
        settle(t)
        t.return_after_assessment(tl.ctx())
        settle(t)
    r5 = sorted(k for k, d in t.deadlines.items() if d.rule == "R5")
    assert r5 == ["R5.assessment1#1", "R5.assessment2#1"]
    assert all(t.deadlines[k].state == "met" for k in r5)


def test_deferring_stops_the_assessment_clock_but_keeps_the_R11_chases_under_R8() -> None:
    tl = Timeline()
    t = fresh(tl)
    t.issue_work_order(tl.ctx(), "Wang")
    t.arrive(tl.ctx())
    t.request_assessment(tl.ctx())
    settle(t)
    t.defer(tl.ctx(), "valve closed", "part on order")
    cancelled = {e.key: e for e in of_type(settle(t), DeadlineCancelled)}
    assert set(cancelled) == {"R5.assessment1#1"}
    assert all(c.reason.startswith("R8") for c in cancelled.values())
    assert sorted(d.key for d in t.open_deadlines()) == ["R11.chase#1", "R11.escalate#1"]


def test_a_deferral_with_a_new_date_moves_the_R11_chases_to_that_date() -> None:
    tl = Timeline()
    t = fresh(tl)
    t.issue_work_order(tl.ctx(), "Wang")
    t.arrive(tl.ctx())
    settle(t)
    ctx = tl.ctx()
    until = ctx.occurred_at + timedelta(days=3)
    t.defer(ctx, "valve closed", "part on order", until)
    events = settle(t)
    assert {e.key for e in of_type(events, DeadlineCancelled)} == {"R11.chase#1",
                                                                   "R11.escalate#1"}
    due = {d.key: d.due_at for d in t.open_deadlines()}
    assert due["R11.chase-d1#1"] == until
    assert due["R11.escalate-d1#1"] == until + timedelta(hours=20)


def test_completing_meets_the_open_R11_deadlines() -> None:
    tl = Timeline()
    t = fresh(tl)
    t.issue_work_order(tl.ctx(), "Wang")
    t.arrive(tl.ctx())
    settle(t)
    t.complete(tl.ctx(), "Li Na", 5, public_area=False)
    assert set(met(settle(t))) == {"R11.chase#1", "R11.escalate#1"}
    assert t.open_deadlines() == []


def test_completing_after_a_dated_deferral_meets_only_the_moved_chases() -> None:
    tl = Timeline()
    t = fresh(tl)
    t.issue_work_order(tl.ctx(), "Wang")
    t.arrive(tl.ctx())
    ctx = tl.ctx()
    t.defer(ctx, "valve closed", "part on order", ctx.occurred_at + timedelta(days=1))
    settle(t)
    t.complete(tl.ctx(), "Li Na", 5, public_area=False)
    assert set(met(settle(t))) == {"R11.chase-d1#1", "R11.escalate-d1#1"}


# -- reopening: a fresh cycle of keys ------------------------------------------------------

def completed(tl: Timeline, **overrides) -> Ticket:
    t = fresh(tl, **overrides)
    t.issue_work_order(tl.ctx(), "Wang")
    t.arrive(tl.ctx())
    t.complete(tl.ctx(), "Li Na", 5, public_area=False)
    settle(t)
    return t


def test_a_failed_return_visit_opens_new_R3_R4_and_a_48_hour_V3_fix_deadline() -> None:
    tl = Timeline()
    t = completed(tl)
    visited = tl.ctx(60)
    t.record_visit(visited, method="phone", result="unsatisfied", note="drips",
                   resident_signed_by=None, window_days=7)
    new = opened(settle(t))
    assert set(new) == {"R3.work_order#2", "R4.arrival#2", "V3.fix#2"}
    fix = new["V3.fix#2"]
    assert (fix.limit_minutes, fix.due_at, fix.on_miss) == (
        2880, visited.occurred_at + timedelta(hours=48), "escalate:manager")
    assert new["R3.work_order#2"].due_at == visited.occurred_at + minutes(5)
    assert new["R4.arrival#2"].due_at == visited.occurred_at + minutes(120)


def test_a_reopening_sets_the_arrival_limit_by_its_own_urgency_under_R12() -> None:
    tl = Timeline()
    t = completed(tl, urgent=True)
    at = tl.ctx()
    t.reopen(at, reason="still drips a little", appointment=None)
    assert opened(settle(t))["R4.arrival#2"].due_at == at.occurred_at + minutes(120)
    calm = completed(tl)
    at = tl.ctx()
    calm.reopen(at, reason="burst again", appointment=None, urgent=True)
    assert opened(settle(calm))["R4.arrival#2"].due_at == at.occurred_at + minutes(15)


def test_a_reopening_with_a_new_appointment_counts_arrival_from_it() -> None:
    tl = Timeline()
    t = completed(tl)
    appointment = T0 + timedelta(days=1)
    t.reopen(tl.ctx(), reason="still leaking", appointment=appointment)
    assert opened(settle(t))["R4.arrival#2"].due_at == appointment + minutes(15)


def test_keys_carry_the_cycle_so_the_first_cycles_deadlines_stay_as_they_were() -> None:
    tl = Timeline()
    t = completed(tl)
    t.reopen(tl.ctx(), reason="still leaking", appointment=None)
    settle(t)
    t.issue_work_order(tl.ctx(), "Wang")
    settle(t)
    assert t.deadlines["R3.work_order#1"].state == "met"
    assert t.deadlines["R3.work_order#2"].state == "met"
    assert t.deadlines["R11.chase#1"].state == "met"
    assert t.deadlines["R11.chase#2"].state == "open"
    assert key("R11", "chase", t) == "R11.chase#2"


def test_completing_the_second_cycle_meets_the_V3_fix_deadline() -> None:
    tl = Timeline()
    t = completed(tl)
    t.record_visit(tl.ctx(), method="phone", result="unsatisfied", note=None,
                   resident_signed_by=None, window_days=7)
    settle(t)
    t.issue_work_order(tl.ctx(), "Wang")
    t.arrive(tl.ctx())
    settle(t)
    t.complete(tl.ctx(3000), "Li Na", 5, public_area=False)
    m = met(settle(t))
    assert set(m) == {"V3.fix#2", "R11.chase#2", "R11.escalate#2"}
    assert m["V3.fix#2"].late_minutes > 0 and m["V3.fix#2"].first_miss


# -- plan filters meets of deadlines that are not open ------------------------------------

def test_plan_drops_a_meet_for_a_deadline_that_was_never_opened() -> None:
    t = new_repair(Timeline(), channel="staff")
    settle(t)
    t.issue_work_order(make_ctx(T0), None, self_filled=True)
    event = t.pending[-1]
    assert Meet("R3.work_order#1") in react(event, t, Profile())
    assert all(not isinstance(a, Meet) for a in plan(event, t, Profile()))


def test_plan_drops_a_meet_for_a_deadline_already_cancelled() -> None:
    t = fresh()
    t.cancel_deadline("R3.work_order#1", "test", make_ctx(T0))
    t.collect_events()
    t.issue_work_order(make_ctx(T0 + minutes(1)), "Wang")
    actions = plan(t.pending[-1], t, Profile())
    assert [a for a in actions if isinstance(a, Meet | Cancel)] == []
    assert {a.key for a in actions if isinstance(a, Open)} == {"R11.chase#1", "R11.escalate#1"}


def test_an_event_no_policy_knows_plans_nothing() -> None:
    t = fresh()
    t.escalate(make_ctx(T0 + minutes(1)), "manager", "big leak")
    assert plan(t.pending[-1], t, Profile()) == []


# -- the aggregate's deadline commands ----------------------------------------------------

def test_a_miss_is_recorded_once_at_the_due_time_with_when_it_was_detected() -> None:
    t = fresh()
    detected = T0 + minutes(30)
    assert t.record_miss("R3.work_order#1", detected, make_ctx(detected)) is True
    [miss] = t.collect_events()
    assert isinstance(miss, DeadlineMissed)
    assert (miss.occurred_at, miss.due_at, miss.detected_at) == (T0 + minutes(5),
                                                                T0 + minutes(5), detected)
    assert t.deadlines["R3.work_order#1"].overdue
    assert t.record_miss("R3.work_order#1", detected + minutes(1), make_ctx(detected)) is False
    assert t.pending == []


def test_no_miss_is_recorded_before_or_at_the_due_time() -> None:
    t = fresh()
    assert not t.record_miss("R3.work_order#1", T0 + minutes(5), make_ctx(T0 + minutes(5)))
    assert not t.deadlines["R3.work_order#1"].missed


def test_no_miss_is_recorded_for_a_met_cancelled_or_unknown_deadline() -> None:
    t = fresh()
    t.issue_work_order(make_ctx(T0 + minutes(1)), "Wang")
    settle(t)
    t.cancel_deadline("R4.arrival#1", "test", make_ctx(T0 + minutes(1)))
    late = T0 + timedelta(days=3)
    assert not t.record_miss("R3.work_order#1", late, make_ctx(late))
    assert not t.record_miss("R4.arrival#1", late, make_ctx(late))
    assert not t.record_miss("R9.nothing#1", late, make_ctx(late))


def test_a_cancelled_deadline_keeps_its_rule_and_reason() -> None:
    t = fresh()
    t.cancel_deadline("R4.arrival#1", "owner cancelled the visit", make_ctx(T0))
    [event] = t.collect_events()
    assert isinstance(event, DeadlineCancelled)
    assert (event.rule, event.reason) == ("R4", "owner cancelled the visit")
    assert t.deadlines["R4.arrival#1"].state == "cancelled"


# -- escalation.follow_up ----------------------------------------------------------------

@pytest.mark.parametrize(
    ("on_miss", "expected"),
    [
        ("chase:maintenance", FollowUp("chase", "maintenance")),
        ("chase:maintenance-head", FollowUp("chase", "maintenance-head")),
        ("escalate:supervisor", FollowUp("escalate", "supervisor")),
        ("escalate:manager", FollowUp("escalate", "manager")),
        (None, None),
        ("", None),
    ],
)
def test_an_on_miss_string_reads_as_a_follow_up(on_miss: str | None,
                                                expected: FollowUp | None) -> None:
    assert follow_up(on_miss) == expected


@pytest.mark.parametrize("on_miss", ["chase", "chase:", "notify:manager", "escalate supervisor",
                                     ":manager"])
def test_an_unknown_on_miss_string_is_refused(on_miss: str) -> None:
    with pytest.raises(ValueError, match="unknown on_miss"):
        follow_up(on_miss)


def test_every_on_miss_the_policy_writes_is_one_follow_up_understands() -> None:
    tl = Timeline()
    t = completed(tl, appointment=T0 + timedelta(hours=2))
    t.record_visit(tl.ctx(), method="phone", result="unsatisfied", note=None,
                   resident_signed_by=None, window_days=7)
    settle(t)
    t.issue_work_order(tl.ctx(), "Wang")
    t.arrive(tl.ctx())
    t.request_assessment(tl.ctx())
    settle(t)
    rules = {d.rule for d in t.deadlines.values()}
    assert rules == {"R3", "R4", "R5", "R11", "V3"}
    for d in t.deadlines.values():
        assert follow_up(d.on_miss) is not None


def test_an_owner_reopen_under_R12_opens_no_V3_fix_deadline() -> None:
    from propsvc.aggregates.ticket import Reopened
    from propsvc.policies.base import Open
    from propsvc.policies.repair import react
    from propsvc.profile import Profile

    t = repair_in("completed")
    t.reopen(make_ctx(T0 + minutes(300)), reason="still leaking", appointment=None)
    event = t.pending[-1]
    assert isinstance(event, Reopened)
    opened = [a for a in react(event, t, Profile()) if isinstance(a, Open)]
    assert [a.rule for a in opened] == ["R3", "R4"]
    assert all(a.basis == "reopened" for a in opened)


def test_a_late_entry_may_predate_a_miss_that_tick_recorded_and_clears_it() -> None:
    from propsvc.clock import SettableClock
    from tests.unit._fakes import desk, open_call

    clock = SettableClock(T0)
    d = desk(clock=clock)
    number = open_call(d, urgent=True)
    clock.set(T0 + minutes(2))
    d.order(number, "Wang")
    clock.set(T0 + minutes(40))
    d.svc.record_misses("ticket", number, ["R4.arrival#1"], T0 + minutes(40))
    assert d.svc.load(number).deadlines["R4.arrival#1"].missed

    outcome = d.arrive(number, at=T0 + minutes(10))  # entered late: really on site at 09:10

    arrival = outcome.aggregate.deadlines["R4.arrival#1"]
    assert (arrival.state, arrival.missed, arrival.late_minutes) == ("met", False, 0)
    met = [e for e in outcome.events if type(e).__name__ == "DeadlineMet"]
    assert met[0].clears_miss and not met[0].first_miss
