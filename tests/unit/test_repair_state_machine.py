"""The repair state machine on the Ticket aggregate (R2–R14, V3): moves and refusals."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from propsvc.aggregates.base import Context
from propsvc.aggregates.deadlines import Chased, Escalated
from propsvc.aggregates.repair import (
    AssessmentRequested,
    BackOnSite,
    FeeAccepted,
    FeeCollected,
    FeeQuoted,
    MaterialsRecorded,
    RepairCompleted,
    TechnicianArrived,
    WorkOrderIssued,
    WorkStarted,
)
from propsvc.aggregates.ticket import Reopened, ReturnVisitRecorded, Ticket
from propsvc.errors import RuleViolation
from tests.unit._fakes import T0, TAP, Timeline, minutes, new_repair, repair_in

Command = Callable[[Ticket, Context], None]


def order(t: Ticket, c: Context) -> None:
    t.issue_work_order(c, "Wang")


def arrive(t: Ticket, c: Context) -> None:
    t.arrive(c)


def assess(t: Ticket, c: Context) -> None:
    t.request_assessment(c)


def back(t: Ticket, c: Context) -> None:
    t.return_after_assessment(c)


def quote(t: Ticket, c: Context) -> None:
    t.quote_fee(c, Decimal("80"), "valve 80")


def accept(t: Ticket, c: Context) -> None:
    t.accept_fee(c)


def start(t: Ticket, c: Context) -> None:
    t.start_work(c)


def materials(t: Ticket, c: Context) -> None:
    t.record_materials(c, [TAP])


def escalate(t: Ticket, c: Context) -> None:
    t.escalate(c, "manager", "burst riser")


def defer(t: Ticket, c: Context) -> None:
    t.defer(c, "valve closed", "part on order")


def complete(t: Ticket, c: Context) -> None:
    t.complete(c, "Li Na", 5, public_area=False)


def collect(t: Ticket, c: Context) -> None:
    t.collect_fee(c, Decimal("80"))


def chase(t: Ticket, c: Context) -> None:
    t.chase(c)


def visit(t: Ticket, c: Context) -> None:
    t.record_visit(c, method="phone", result="satisfied", note=None,
                   resident_signed_by=None, window_days=7)


def reopen(t: Ticket, c: Context) -> None:
    t.reopen(c, reason="still leaking", appointment=None)


def refusal(status: str, command: Command) -> RuleViolation:
    tl = Timeline()
    t = repair_in(status, tl)
    version = t.version
    with pytest.raises(RuleViolation) as caught:
        command(t, tl.ctx())
    assert t.version == version and t.pending == [], "a refused command records nothing"
    assert t.status == status
    return caught.value


# -- refusals, each with its rule ---------------------------------------------------------

@pytest.mark.parametrize(
    ("status", "command", "rule"),
    [
        ("ordered", order, "R3"),
        ("on_site", order, "R3"),
        ("completed", order, "R3"),
        ("received", arrive, "R4"),
        ("on_site", arrive, "R4"),
        ("working", arrive, "R4"),
        ("completed", arrive, "R4"),
        ("received", assess, "R5"),
        ("ordered", assess, "R5"),
        ("assessing", assess, "R5"),
        ("deferred", assess, "R5"),
        ("completed", assess, "R5"),
        ("on_site", back, "R5"),
        ("working", back, "R5"),
        ("working", quote, "R2"),
        ("deferred", quote, "R2"),
        ("completed", quote, "R2"),
        ("on_site", accept, "R2"),
        ("received", start, "R4"),
        ("ordered", start, "R4"),
        ("assessing", start, "R5"),
        ("completed", start, "R9"),
        ("received", materials, "R4"),
        ("ordered", materials, "R4"),
        ("assessing", materials, "R5"),
        ("completed", materials, "R9"),
        ("completed", escalate, "R7"),
        ("closed", escalate, "R7"),
        ("received", defer, "R8"),
        ("ordered", defer, "R8"),
        ("deferred", defer, "R8"),
        ("completed", defer, "R8"),
        ("received", complete, "R9"),
        ("ordered", complete, "R9"),
        ("assessing", complete, "R5"),
        ("completed", complete, "R9"),
        ("closed", complete, "R9"),
        ("working", collect, "R10"),
        ("completed", collect, "R10"),
        ("received", chase, "R11"),
        ("completed", chase, "R11"),
        ("closed", chase, "R11"),
        ("received", reopen, "R12"),
        ("working", reopen, "R12"),
        ("deferred", reopen, "R12"),
        ("received", visit, "R13"),
        ("working", visit, "R13"),
        ("deferred", visit, "R13"),
        ("closed", visit, "V3"),
    ],
)
def test_a_command_out_of_turn_is_refused_under_its_rule_and_records_nothing(
    status: str, command: Command, rule: str
) -> None:
    err = refusal(status, command)
    assert err.rule == rule
    assert str(err) == f"{rule}: {err.message}"
    assert err.message.startswith("BX-20261122-001")


def test_completing_before_arrival_is_refused_under_R9_and_says_what_to_do() -> None:
    err = refusal("ordered", complete)
    assert err.rule == "R9"
    assert "record the arrival first" in err.message


def test_completing_while_the_team_lead_assesses_is_refused_under_R5() -> None:
    err = refusal("assessing", complete)
    assert err.rule == "R5"
    assert "reassess-done" in err.message


def test_arriving_without_a_work_order_is_refused_under_R4_pointing_at_R3() -> None:
    err = refusal("received", arrive)
    assert err.rule == "R4"
    assert "no work order yet" in err.message


def test_starting_work_twice_is_refused_under_R4() -> None:
    err = refusal("working", start)
    assert err.rule == "R4"
    assert "work already started" in err.message


def test_a_rule_violation_reads_as_rule_then_message_on_one_line() -> None:
    err = refusal("ordered", complete)
    assert str(err) == f"R9: {err.message}"
    assert "\n" not in str(err)


# -- R2 fees before work ------------------------------------------------------------------

def test_work_cannot_start_while_a_quoted_fee_awaits_the_owners_consent_under_R2() -> None:
    tl = Timeline()
    t = repair_in("on_site", tl)
    quote(t, tl.ctx())
    with pytest.raises(RuleViolation) as caught:
        start(t, tl.ctx())
    assert caught.value.rule == "R2"


def test_materials_cannot_be_used_while_a_quoted_fee_awaits_consent_under_R2() -> None:
    tl = Timeline()
    t = repair_in("on_site", tl)
    quote(t, tl.ctx())
    with pytest.raises(RuleViolation) as caught:
        materials(t, tl.ctx())
    assert caught.value.rule == "R2"


def test_completion_is_refused_under_R2_while_a_quoted_fee_is_not_accepted() -> None:
    tl = Timeline()
    t = repair_in("on_site", tl)
    quote(t, tl.ctx())
    defer(t, tl.ctx())  # quoted on site, then a temporary measure; the owner never agreed
    with pytest.raises(RuleViolation) as caught:
        complete(t, tl.ctx())
    assert caught.value.rule == "R2"


def test_accepting_a_fee_that_was_never_quoted_is_refused_under_R2() -> None:
    err = refusal("on_site", accept)
    assert err.rule == "R2"
    assert "no fee has been quoted" in err.message


def test_accepting_a_fee_twice_is_refused_under_R2() -> None:
    tl = Timeline()
    t = repair_in("on_site", tl)
    quote(t, tl.ctx())
    accept(t, tl.ctx())
    with pytest.raises(RuleViolation) as caught:
        accept(t, tl.ctx())
    assert caught.value.rule == "R2"


def test_requoting_after_the_owner_accepted_is_refused_under_R2() -> None:
    tl = Timeline()
    t = repair_in("on_site", tl)
    quote(t, tl.ctx())
    accept(t, tl.ctx())
    with pytest.raises(RuleViolation) as caught:
        quote(t, tl.ctx())
    assert caught.value.rule == "R2"
    assert "already accepted" in caught.value.message


def test_a_quote_may_be_revised_before_the_owner_accepts_it() -> None:
    tl = Timeline()
    t = repair_in("ordered", tl)
    t.quote_fee(tl.ctx(), Decimal("80"), "valve")
    t.quote_fee(tl.ctx(), Decimal("60"), "washer")
    assert t.quote is not None and t.quote.amount == Decimal("60")
    assert t.fee_pending


def test_the_accepted_amount_is_the_quoted_amount() -> None:
    tl = Timeline()
    t = repair_in("on_site", tl)
    t.quote_fee(tl.ctx(), Decimal("85.50"), "valve")
    t.accept_fee(tl.ctx())
    accepted = t.collect_events()[-1]
    assert isinstance(accepted, FeeAccepted)
    assert accepted.amount == Decimal("85.50")
    assert not t.fee_pending


def test_a_chargeable_repair_runs_quote_accept_work_complete_collect() -> None:
    tl = Timeline()
    t = repair_in("on_site", tl)
    for command in (quote, accept, start, materials, complete, collect):
        command(t, tl.ctx())
    events = t.collect_events()
    assert [type(e) for e in events] == [FeeQuoted, FeeAccepted, WorkStarted,
                                         MaterialsRecorded, RepairCompleted, FeeCollected]
    assert t.status == "completed"
    assert t.fee_collected is not None and t.fee_collected.handed_to_cashier
    assert t.materials == [TAP]


# -- R10 fees collected -------------------------------------------------------------------

def test_collecting_a_fee_on_a_free_repair_is_refused_under_R10() -> None:
    err = refusal("completed", collect)
    assert "not chargeable" in err.message


def test_collecting_the_fee_twice_is_refused_under_R10() -> None:
    tl = Timeline()
    t = repair_in("on_site", tl)
    for command in (quote, accept, start, complete, collect):
        command(t, tl.ctx())
    with pytest.raises(RuleViolation) as caught:
        collect(t, tl.ctx())
    assert caught.value.rule == "R10"
    assert "already collected" in caught.value.message


def test_collecting_before_completion_is_refused_under_R10_even_when_accepted() -> None:
    tl = Timeline()
    t = repair_in("on_site", tl)
    for command in (quote, accept, start):
        command(t, tl.ctx())
    with pytest.raises(RuleViolation) as caught:
        collect(t, tl.ctx())
    assert caught.value.rule == "R10"


# -- the ordinary path --------------------------------------------------------------------

def test_each_command_moves_the_repair_to_its_next_status() -> None:
    tl = Timeline()
    t = new_repair(tl)
    seen = [t.status]
    for command in (order, arrive, assess, back, start, complete, visit):
        command(t, tl.ctx())
        seen.append(t.status)
    assert seen == ["received", "ordered", "on_site", "assessing", "on_site", "working",
                    "completed", "closed"]
    assert not t.is_open


def test_each_command_records_exactly_one_event() -> None:
    tl = Timeline()
    t = new_repair(tl)
    t.collect_events()
    for command, event in ((order, WorkOrderIssued), (arrive, TechnicianArrived),
                           (assess, AssessmentRequested), (back, BackOnSite),
                           (start, WorkStarted), (complete, RepairCompleted),
                           (visit, ReturnVisitRecorded)):
        command(t, tl.ctx())
        assert [type(e) for e in t.collect_events()] == [event]


def test_back_on_site_after_assessment_resumes_work_already_started() -> None:
    tl = Timeline()
    t = repair_in("working", tl)
    assess(t, tl.ctx())
    back(t, tl.ctx())
    assert t.status == "working"


def test_back_on_site_after_assessment_without_work_started_is_just_on_site() -> None:
    tl = Timeline()
    t = repair_in("on_site", tl)
    assess(t, tl.ctx())
    back(t, tl.ctx())
    assert t.status == "on_site"


def test_the_work_order_names_the_technician_and_records_a_direct_alert() -> None:
    tl = Timeline()
    t = new_repair(tl, urgent=True)
    t.issue_work_order(tl.ctx(), "Wang", alerted_directly=True)
    event = t.pending[-1]
    assert isinstance(event, WorkOrderIssued)
    assert (event.technician, event.alerted_directly, event.self_filled) == ("Wang", True, False)
    assert t.technician == "Wang" and t.ordered_at == event.occurred_at


def test_a_different_technician_arriving_replaces_the_one_on_the_order() -> None:
    tl = Timeline()
    t = repair_in("ordered", tl)
    t.arrive(tl.ctx(), "Zhao")
    assert t.technician == "Zhao"


def test_arrival_without_a_name_keeps_the_ordered_technician() -> None:
    tl = Timeline()
    t = repair_in("ordered", tl)
    t.arrive(tl.ctx())
    assert t.technician == "Wang"


def test_completion_records_the_minutes_spent_on_site_for_R9() -> None:
    tl = Timeline()
    t = repair_in("on_site", tl)
    t.complete(tl.ctx(47), "Li Na", 4, public_area=False)
    done = t.pending[-1]
    assert isinstance(done, RepairCompleted)
    assert done.minutes_on_site == 47
    assert (done.signed_by, done.rating, done.public_area) == ("Li Na", 4, False)


def test_a_public_area_completion_is_marked_for_the_R15_split() -> None:
    tl = Timeline()
    t = repair_in("on_site", tl)
    t.complete(tl.ctx(), "cleaner Zhou", 5, public_area=True)
    assert t.completion is not None and t.completion.public_area


# -- R7, R8 -------------------------------------------------------------------------------

@pytest.mark.parametrize("status", ["received", "ordered", "on_site", "working", "deferred"])
def test_a_major_fault_may_be_escalated_under_R7_until_completion(status: str) -> None:
    tl = Timeline()
    t = repair_in(status, tl)
    t.escalate(tl.ctx(), "insurer", "water damage to 3-2-1101")
    [event] = t.collect_events()
    assert isinstance(event, Escalated)
    assert (event.rule, event.to, event.automatic) == ("R7", "insurer", False)
    assert t.escalations == [event]
    assert t.status == status


@pytest.mark.parametrize("status", ["on_site", "working", "assessing"])
def test_a_repair_that_cannot_be_fixed_now_is_deferred_with_a_measure_under_R8(
    status: str,
) -> None:
    tl = Timeline()
    t = repair_in(status, tl)
    t.defer(tl.ctx(), "valve closed", "part on order")
    assert t.status == "deferred" and t.is_open
    assert t.deferral is not None and t.deferral.measure == "valve closed"


def test_a_deferred_repair_can_be_completed_later() -> None:
    tl = Timeline()
    t = repair_in("deferred", tl)
    complete(t, tl.ctx())
    assert t.status == "completed"


# -- R11 chases ---------------------------------------------------------------------------

def test_a_manual_chase_goes_to_maintenance_then_to_its_head_under_R11() -> None:
    tl = Timeline()
    t = repair_in("ordered", tl)
    t.chase(tl.ctx(), "owner called again")
    t.chase(tl.ctx())
    t.chase(tl.ctx())
    chases = [e for e in t.collect_events() if isinstance(e, Chased)]
    assert [(c.level, c.to, c.manual) for c in chases] == [
        (1, "maintenance", True), (2, "maintenance-head", True), (3, "maintenance-head", True)]
    assert chases[0].note == "owner called again"


# -- R14 staff-reported faults ------------------------------------------------------------

def test_a_staff_reported_fault_signed_by_someone_else_is_refused_under_R14() -> None:
    tl = Timeline()
    t = repair_in("on_site", tl, channel="staff", caller="guard Chen")
    with pytest.raises(RuleViolation) as caught:
        t.complete(tl.ctx(), "Li Na", 5, public_area=True, required_signer="guard Chen")
    assert caught.value.rule == "R14"
    assert "guard Chen" in caught.value.message


def test_a_staff_reported_fault_signed_by_its_reporter_completes() -> None:
    tl = Timeline()
    t = repair_in("on_site", tl, channel="staff", caller="guard Chen")
    t.complete(tl.ctx(), "guard Chen", 5, public_area=True, required_signer="guard Chen")
    assert t.status == "completed"


def test_a_self_filled_work_order_has_no_technician_yet() -> None:
    tl = Timeline()
    t = new_repair(tl, channel="patrol")
    t.issue_work_order(tl.ctx(0), None, self_filled=True)
    event = t.pending[-1]
    assert isinstance(event, WorkOrderIssued) and event.self_filled and event.technician is None


# -- R13 / V3 return visits and R12 reopening --------------------------------------------

def test_a_satisfied_return_visit_closes_the_ticket() -> None:
    tl = Timeline()
    t = repair_in("completed", tl)
    visit(t, tl.ctx())
    assert t.status == "closed"
    assert t.visits[0].visitor == "desk-li"


def test_a_return_visit_records_how_many_days_after_completion_it_came() -> None:
    tl = Timeline()
    t = repair_in("completed", tl)
    completed_at = t.completed_at
    assert completed_at is not None
    t.record_visit(tl.ctx(3 * 24 * 60 + 12 * 60), method="in-person", result="satisfied",
                   note="fine", resident_signed_by="Li Na", window_days=7)
    v = t.visits[-1]
    assert v.completed_at == completed_at
    assert v.days_after_completion == 3.5
    assert v.within_window
    assert v.resident_signed_by == "Li Na"


def test_a_return_visit_after_the_window_is_recorded_as_outside_it_under_R13() -> None:
    tl = Timeline()
    t = repair_in("completed", tl)
    t.record_visit(tl.ctx(7 * 24 * 60 + 1), method="phone", result="satisfied", note=None,
                   resident_signed_by=None, window_days=7)
    assert not t.visits[-1].within_window


def test_a_return_visit_on_the_last_day_of_the_window_is_within_it() -> None:
    tl = Timeline()
    t = repair_in("completed", tl)
    t.record_visit(tl.ctx(7 * 24 * 60), method="phone", result="satisfied", note=None,
                   resident_signed_by=None, window_days=7)
    assert t.visits[-1].within_window


def test_an_unsatisfied_return_visit_reopens_the_ticket_under_V3() -> None:
    tl = Timeline()
    t = repair_in("completed", tl)
    t.record_visit(tl.ctx(), method="phone", result="unsatisfied", note="drips at night",
                   resident_signed_by=None, window_days=7)
    visit_event, reopened = t.collect_events()
    assert isinstance(visit_event, ReturnVisitRecorded) and visit_event.result == "unsatisfied"
    assert isinstance(reopened, Reopened)
    assert (reopened.rule, reopened.reason) == ("V3", "drips at night")
    assert (t.status, t.cycle) == ("received", 2)
    assert t.is_open


def test_an_unsatisfied_visit_without_a_note_gives_a_default_reason() -> None:
    tl = Timeline()
    t = repair_in("completed", tl)
    t.record_visit(tl.ctx(), method="phone", result="unsatisfied", note=None,
                   resident_signed_by=None, window_days=7)
    assert t.reopens[-1].reason == "return visit unsatisfied"


@pytest.mark.parametrize("status", ["completed", "closed"])
def test_a_completed_or_closed_repair_reopens_under_R12(status: str) -> None:
    tl = Timeline()
    t = repair_in(status, tl)
    appointment = T0 + minutes(24 * 60)
    t.reopen(tl.ctx(), reason="still leaking", appointment=appointment)
    assert (t.status, t.cycle) == ("received", 2)
    assert t.reopens[-1].rule == "R12"
    assert t.appointment == appointment


def test_reopening_clears_the_previous_visit_so_the_new_cycle_starts_clean() -> None:
    tl = Timeline()
    t = repair_in("completed", tl)
    reopen(t, tl.ctx())
    assert t.technician is None
    assert t.arrived_at is None and t.completed_at is None and t.completion is None
    assert t.work_started is False


def test_after_reopening_a_repair_runs_the_whole_cycle_again() -> None:
    tl = Timeline()
    t = repair_in("completed", tl)
    reopen(t, tl.ctx())
    for command in (order, arrive, assess, back, start, complete):
        command(t, tl.ctx())
    assert t.status == "completed"


def test_after_reopening_back_on_site_does_not_claim_work_from_the_last_cycle() -> None:
    tl = Timeline()
    t = repair_in("completed", tl)  # work was started in cycle 1
    reopen(t, tl.ctx())
    for command in (order, arrive, assess, back):
        command(t, tl.ctx())
    assert t.status == "on_site"
