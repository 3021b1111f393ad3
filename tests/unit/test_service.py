"""application.Service and RepairDesk against the in-memory store: numbers, saving and
replaying, late entries, retries on concurrent saves, and the clock's misses."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from propsvc.aggregates.base import Context
from propsvc.aggregates.deadlines import Chased, DeadlineMet, DeadlineMissed, Escalated
from propsvc.aggregates.offices import OfficeRegistry
from propsvc.aggregates.repair import WorkOrderIssued
from propsvc.aggregates.ticket import CallReceived
from propsvc.clock import SettableClock
from propsvc.desks.common import parse_amount
from propsvc.desks.repair import RepairDesk, parse_material
from propsvc.desks.service import NUMBER_RETRIES, Service
from propsvc.desks.visit import VisitDesk
from propsvc.errors import Conflict, InvalidInput, NotFound, RuleViolation
from propsvc.office import Office
from tests.office import open_office
from tests.unit._fakes import (
    NUMBER,
    T0,
    RacingStore,
    desk,
    memory_store,
    minutes,
    of_type,
    open_call,
    service,
)


@pytest.fixture
def clock() -> SettableClock:  # shadows the shared fixture: same start, kept local
    return SettableClock(T0)


@pytest.fixture
def d(clock: SettableClock) -> RepairDesk:
    return desk(clock=clock)


# -- numbers ------------------------------------------------------------------------------

def test_the_first_repair_of_the_office_day_is_number_001(d: RepairDesk) -> None:
    assert open_call(d) == "BX-20261122-001"


def test_numbers_count_up_within_the_office_day(d: RepairDesk) -> None:
    assert [open_call(d) for _ in range(3)] == [
        "BX-20261122-001", "BX-20261122-002", "BX-20261122-003"]


def test_the_number_day_is_the_offices_day_not_utcs(d: RepairDesk,
                                                    clock: SettableClock) -> None:
    open_call(d)
    clock.set(T0 + timedelta(hours=15, minutes=30))  # 16:30 UTC = 00:30 next day in Shanghai
    assert open_call(d) == "BX-20261123-001"


def test_each_office_counts_its_own_numbers(clock: SettableClock) -> None:
    store = memory_store()
    registry = OfficeRegistry.begin("main", "总部", "Asia/Shanghai",
                                    Context(T0, T0, "li", "manager", "main"))
    registry.add("east", "东区", "Asia/Shanghai", Context(T0, T0, "li", "manager", "main"))
    store.save(registry)
    main, east = desk(store, clock), desk(store, clock, office="east")
    assert open_call(main) == open_call(east) == "BX-20261122-001"
    assert open_call(main) == "BX-20261122-002"


def test_a_late_entry_is_numbered_on_the_day_it_happened(d: RepairDesk,
                                                         clock: SettableClock) -> None:
    clock.set(T0 + timedelta(days=1))
    assert open_call(d, at=T0 + minutes(5)) == "BX-20261122-001"


def test_a_desk_that_loses_the_race_for_a_number_takes_the_next_one(
    clock: SettableClock,
) -> None:
    store = memory_store()
    rival = desk(store, clock)
    racing = RacingStore(store, lose=1, before_save=lambda: open_call(rival))
    loser = RepairDesk(service(racing, clock))  # type: ignore[arg-type]
    assert open_call(loser) == "BX-20261122-002"
    assert racing.attempts == 2
    assert rival.svc.load("BX-20261122-001").intake.caller == "Li Na"


def test_the_user_is_told_to_retry_after_losing_every_race(clock: SettableClock) -> None:
    racing = RacingStore(memory_store(), lose=100)
    loser = RepairDesk(service(racing, clock))  # type: ignore[arg-type]
    with pytest.raises(Conflict, match="retry"):
        open_call(loser)
    assert racing.attempts == NUMBER_RETRIES  # opening a call allocates a number


# -- saving and loading -------------------------------------------------------------------

def test_a_saved_ticket_replays_to_the_same_state(d: RepairDesk, clock: SettableClock) -> None:
    number = open_call(d)
    clock.advance(minutes(2))
    d.order(number, "Wang")
    clock.advance(minutes(20))
    d.arrive(number)
    t = d.svc.load(number)
    assert (t.status, t.technician) == ("on_site", "Wang")
    assert t.version == len(d.svc.events_of(number))
    assert t.deadlines["R3.work_order#1"].state == "met"
    assert t.deadlines["R4.arrival#1"].state == "met"
    assert t.deadlines["R11.chase#1"].state == "open"


def test_a_ticket_is_found_by_its_number_in_any_case(d: RepairDesk) -> None:
    number = open_call(d)
    assert d.svc.load(number.lower()).number == number
    assert d.svc.load(f"  {number}  ").number == number


def test_an_earlier_version_shows_the_ticket_as_it_was(d: RepairDesk,
                                                        clock: SettableClock) -> None:
    number = open_call(d)
    clock.advance(minutes(2))
    d.order(number, "Wang")
    assert d.svc.load(number, version=1).status == "received"
    assert d.svc.load(number).status == "ordered"


def test_an_unknown_number_is_not_found(d: RepairDesk) -> None:
    with pytest.raises(NotFound, match="no ticket BX-20261122-099 in office main"):
        d.svc.load("BX-20261122-099")
    with pytest.raises(NotFound):
        d.svc.events_of("BX-20261122-099")


def test_a_ticket_of_another_office_is_not_found_here(clock: SettableClock) -> None:
    store = memory_store()
    number = open_call(desk(store, clock, office="east"))
    with pytest.raises(NotFound):
        desk(store, clock).svc.load(number)


@pytest.mark.parametrize("text", ["BX-2026-1", "12345", "", "BX-20261122-01", "BX20261122001"])
def test_a_malformed_number_is_refused_with_an_example(d: RepairDesk, text: str) -> None:
    with pytest.raises(InvalidInput, match="BX-20261122-003"):
        d.svc.load(text)


def test_the_events_of_a_ticket_come_back_in_order(d: RepairDesk,
                                                   clock: SettableClock) -> None:
    number = open_call(d)
    clock.advance(minutes(2))
    d.order(number, "Wang")
    events = d.svc.events_of(number)
    assert isinstance(events[0], CallReceived)
    assert [e.originator_version for e in events] == list(range(1, len(events) + 1))
    assert of_type(events, WorkOrderIssued)


def test_an_outcome_lists_the_events_it_recorded_and_the_deadlines_it_opened(
    d: RepairDesk,
) -> None:
    outcome = d.open(unit="3-2-1201", caller="Li Na", phone=None, summary="leak")
    assert isinstance(outcome.events[0], CallReceived)
    assert [e.key for e in outcome.deadlines_opened] == ["R3.work_order#1", "R4.arrival#1"]
    assert all(e.actor == "propsvc" and e.role == "policy" for e in outcome.deadlines_opened)


# -- times: now, --at, and the order of events --------------------------------------------

def test_an_action_happens_now_unless_told_otherwise(d: RepairDesk,
                                                     clock: SettableClock) -> None:
    number = open_call(d)
    clock.advance(minutes(3))
    event = d.order(number, "Wang").events[0]
    assert event.occurred_at == event.timestamp == T0 + minutes(3)
    assert (event.actor, event.role, event.office) == ("desk-li", "desk", "main")


def test_a_late_entry_records_when_it_happened_and_when_it_was_entered(
    d: RepairDesk, clock: SettableClock,
) -> None:
    number = open_call(d)
    clock.advance(minutes(40))
    event = d.order(number, "Wang", at=T0 + minutes(3)).events[0]
    assert (event.occurred_at, event.timestamp) == (T0 + minutes(3), T0 + minutes(40))


def test_a_late_entry_past_its_deadline_records_the_lateness(d: RepairDesk,
                                                             clock: SettableClock) -> None:
    number = open_call(d)
    clock.advance(minutes(40))
    events = d.order(number, "Wang", at=T0 + minutes(8)).events
    [m] = [e for e in of_type(events, DeadlineMet) if e.key == "R3.work_order#1"]
    assert (m.late_minutes, m.first_miss, m.occurred_at) == (3, True, T0 + minutes(8))


def test_an_entry_in_the_future_is_refused(d: RepairDesk, clock: SettableClock) -> None:
    number = open_call(d)
    with pytest.raises(InvalidInput, match="in the future"):
        d.order(number, "Wang", at=T0 + minutes(1))
    assert d.svc.load(number).status == "received"


def test_an_entry_before_the_previous_event_is_refused_and_nothing_is_saved(
    d: RepairDesk, clock: SettableClock,
) -> None:
    number = open_call(d)
    clock.advance(minutes(10))
    d.order(number, "Wang")
    with pytest.raises(InvalidInput, match="previous event"):
        d.arrive(number, at=T0 + minutes(5))
    assert d.svc.load(number).status == "ordered"


def test_a_refused_command_saves_nothing(d: RepairDesk) -> None:
    number = open_call(d)
    before = len(d.svc.events_of(number))
    with pytest.raises(RuleViolation):
        d.complete(number, "Li Na", 5)
    assert len(d.svc.events_of(number)) == before


def test_a_command_retried_after_a_concurrent_save_is_judged_on_fresh_state(
    clock: SettableClock,
) -> None:
    store = memory_store()
    rival = desk(store, clock)
    number = open_call(rival)
    clock.advance(minutes(2))
    racing = RacingStore(store, lose=1, before_save=lambda: rival.order(number, "Zhao"))
    loser = RepairDesk(service(racing, clock))  # type: ignore[arg-type]
    with pytest.raises(RuleViolation) as caught:
        loser.order(number, "Wang")
    assert caught.value.rule == "R3"
    assert rival.svc.load(number).technician == "Zhao"


def test_a_command_that_loses_one_race_without_conflict_is_retried_and_saved(
    clock: SettableClock,
) -> None:
    store = memory_store()
    number = open_call(desk(store, clock))
    racing = RacingStore(store, lose=1)
    d = RepairDesk(service(racing, clock))  # type: ignore[arg-type]
    d.order(number, "Wang")
    assert racing.attempts == 2
    assert d.svc.load(number).status == "ordered"


# -- the clock's misses and the escalation chain ------------------------------------------

def test_the_clock_records_a_missed_work_order_and_escalates_to_the_supervisor(
    d: RepairDesk, clock: SettableClock,
) -> None:
    number = open_call(d)
    clock.advance(minutes(9))
    events = d.svc.record_misses("ticket", number, ["R3.work_order#1"], clock.now())
    [miss] = of_type(events, DeadlineMissed)
    [up] = of_type(events, Escalated)
    assert (miss.occurred_at, miss.detected_at) == (T0 + minutes(5), T0 + minutes(9))
    assert (up.rule, up.to, up.automatic) == ("R3", "supervisor", True)
    assert "R3 missed" in up.reason
    assert (miss.actor, miss.role) == ("propsvc", "clock")


def test_the_clock_is_idempotent(d: RepairDesk, clock: SettableClock) -> None:
    number = open_call(d)
    clock.advance(minutes(9))
    assert d.svc.record_misses("ticket", number, ["R3.work_order#1"], clock.now()) != []
    before = len(d.svc.events_of(number))
    assert d.svc.record_misses("ticket", number, ["R3.work_order#1"], clock.now()) == []
    assert len(d.svc.events_of(number)) == before


def test_the_clock_records_nothing_before_the_due_time(d: RepairDesk,
                                                       clock: SettableClock) -> None:
    number = open_call(d)
    clock.advance(minutes(5))
    assert d.svc.record_misses("ticket", number, ["R3.work_order#1"], clock.now()) == []
    assert not d.svc.load(number).deadlines["R3.work_order#1"].missed


def test_missed_R11_deadlines_chase_maintenance_then_its_head(d: RepairDesk,
                                                              clock: SettableClock) -> None:
    number = open_call(d)
    clock.advance(minutes(2))
    d.order(number, "Wang")
    clock.advance(timedelta(hours=5))
    first = d.svc.record_misses("ticket", number, ["R11.chase#1"], clock.now())
    clock.advance(timedelta(hours=20))
    second = d.svc.record_misses("ticket", number, ["R11.escalate#1"], clock.now())
    chases = of_type(first, Chased) + of_type(second, Chased)
    assert [(c.rule, c.level, c.to, c.manual) for c in chases] == [
        ("R11", 1, "maintenance", False), ("R11", 2, "maintenance-head", False)]


def test_the_clock_finds_a_ticket_by_subject_and_reference(d: RepairDesk) -> None:
    number = open_call(d)
    assert d.svc.locate("ticket", number).number == number
    with pytest.raises(NotFound):
        d.svc.locate("ticket", "BX-20261122-099")
    with pytest.raises(LookupError, match="no aggregate kind 'lift'"):
        d.svc.locate("lift", "L1")


def test_a_deadline_remembers_the_subject_and_reference_tick_uses(d: RepairDesk) -> None:
    outcome = d.open(unit="3-2-1201", caller="Li Na", phone=None, summary="leak")
    assert {(e.subject, e.ref) for e in outcome.deadlines_opened} == {
        ("ticket", outcome.number)}


def test_a_deadline_missed_then_met_is_met_late_but_not_a_first_miss(
    d: RepairDesk, clock: SettableClock,
) -> None:
    number = open_call(d)
    clock.advance(minutes(9))
    d.svc.record_misses("ticket", number, ["R3.work_order#1"], clock.now())
    clock.advance(minutes(1))
    events = d.order(number, "Wang").events
    [m] = [e for e in of_type(events, DeadlineMet) if e.key == "R3.work_order#1"]
    assert (m.late_minutes, m.first_miss) == (5, False)


# -- RepairDesk input checks --------------------------------------------------------------

@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"unit": "twelve"}, "building-unit-room"),
        ({"unit": None}, "needs --unit"),
        ({"unit": None, "public_area": True}, "needs --location"),
        ({"phone": "call me"}, "not a phone number"),
        ({"channel": "fax"}, "channel must be one of"),
        ({"caller": "  "}, "caller name is required"),
        ({"summary": ""}, "summary is required"),
        ({"appointment": T0 - minutes(1)}, "appointment is before the call"),
    ],
)
def test_a_bad_intake_is_refused_before_anything_is_recorded(
    d: RepairDesk, fields: dict[str, Any], message: str,
) -> None:
    with pytest.raises(InvalidInput, match=message):
        open_call(d, **fields)
    assert open_call(d) == "BX-20261122-001"


def test_a_public_area_repair_may_give_a_location_instead_of_a_unit(d: RepairDesk) -> None:
    number = open_call(d, unit=None, public_area=True, location="12F corridor")
    t = d.svc.load(number)
    assert (t.intake.unit, t.intake.location, t.intake.public_area) == (
        None, "12F corridor", True)


def test_intake_text_is_trimmed(d: RepairDesk) -> None:
    number = open_call(d, unit=" 3-2-1201 ", caller=" Li Na ", part=" tap ")
    intake = d.svc.load(number).intake
    assert (intake.unit, intake.caller, intake.part) == ("3-2-1201", "Li Na", "tap")


@pytest.mark.parametrize("channel", ["staff", "patrol"])
def test_a_staff_found_fault_gets_a_self_filled_work_order_at_once_under_R14(
    d: RepairDesk, channel: str,
) -> None:
    outcome = d.open(unit=None, public_area=True, location="B1 car park", caller="guard Chen",
                     phone=None, summary="light out", channel=channel)
    [order] = of_type(outcome.events, WorkOrderIssued)
    assert order.self_filled and order.technician is None
    assert outcome.aggregate.status == "ordered"
    assert "R3.work_order#1" not in outcome.aggregate.deadlines


def test_a_staff_found_fault_must_be_signed_off_by_its_reporter_under_R14(
    d: RepairDesk,
) -> None:
    number = d.open(unit=None, public_area=True, location="B1", caller="guard Chen", phone=None,
                    summary="light out", channel="staff").number
    d.arrive(number, "Wang")
    with pytest.raises(RuleViolation) as caught:
        d.complete(number, "Wang", 5)
    assert caught.value.rule == "R14"
    assert d.complete(number, "guard Chen", 5).aggregate.status == "completed"


def test_an_urgent_order_records_that_the_technician_was_alerted_directly(
    d: RepairDesk,
) -> None:
    number = open_call(d, urgent=True)
    [order] = of_type(d.order(number, "Wang").events, WorkOrderIssued)
    assert order.alerted_directly


def test_an_order_without_a_technician_is_refused_under_R3(d: RepairDesk) -> None:
    number = open_call(d)
    with pytest.raises(InvalidInput, match="R3: the technician is required"):
        d.order(number, " ")


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_a_rating_outside_one_to_five_is_refused_under_R9(d: RepairDesk, rating: int) -> None:
    with pytest.raises(InvalidInput, match="R9: rating"):
        d.complete(NUMBER, "Li Na", rating)


def test_an_escalation_to_an_unknown_party_is_refused_under_R7(d: RepairDesk) -> None:
    number = open_call(d)
    with pytest.raises(InvalidInput, match="R7: --to must be one of"):
        d.escalate(number, "police", "x")


def test_a_phone_visit_cannot_carry_a_resident_signature_under_V3(d: RepairDesk) -> None:
    with pytest.raises(RuleViolation) as caught:
        VisitDesk(d.svc).record(NUMBER, "phone", "satisfied", resident_signed_by="Li Na")
    assert caught.value.rule == "V3"


@pytest.mark.parametrize(("method", "result"), [("email", "satisfied"), ("phone", "meh")])
def test_a_visit_with_an_unknown_method_or_result_is_refused(d: RepairDesk, method: str,
                                                            result: str) -> None:
    with pytest.raises(InvalidInput, match="V3"):
        VisitDesk(d.svc).record(NUMBER, method, result)


def test_a_materials_entry_with_no_items_is_refused_under_R6(d: RepairDesk) -> None:
    with pytest.raises(InvalidInput, match="R6"):
        d.materials(NUMBER, [])


@pytest.mark.parametrize(("text", "expected"), [("120", Decimal("120")),
                                                ("85.50", Decimal("85.50")),
                                                (Decimal("0.01"), Decimal("0.01"))])
def test_an_amount_reads_as_exact_money(text: Any, expected: Decimal) -> None:
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["abc", "0", "-5", "1.005", "NaN", "Infinity", ""])
def test_a_bad_amount_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_amount(text)


def test_a_material_line_reads_five_fields_with_either_comma() -> None:
    item = parse_material("水龙头，DN15,J-1, 2 ,45.00")
    assert (item.name, item.spec, item.model, item.quantity, item.unit_price) == (
        "水龙头", "DN15", "J-1", Decimal(2), Decimal("45.00"))


@pytest.mark.parametrize("text", ["tap,DN15,J-1,1", "tap,DN15,J-1,one,45", "tap,,J-1,1,45",
                                  "tap,DN15,J-1,0,45", "tap,DN15,J-1,1,free"])
def test_a_bad_material_line_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_material(text)


# -- the whole repair through the desk ----------------------------------------------------

def test_a_chargeable_repair_runs_end_to_end_and_closes_on_a_good_visit(
    d: RepairDesk, clock: SettableClock,
) -> None:
    number = open_call(d)
    steps = [
        lambda: d.order(number, "Wang"),
        lambda: d.arrive(number),
        lambda: d.quote(number, "80", "valve 80"),
        lambda: d.accept_fee(number),
        lambda: d.start(number),
        lambda: d.materials(number, ["tap,DN15,J-1,1,45"]),
        lambda: d.complete(number, "Li Na", 5),
        lambda: d.collect_fee(number, "80"),
        lambda: VisitDesk(d.svc).record(number, "in-person", "satisfied",
                                        resident_signed_by="Li Na"),
    ]
    for step in steps:
        clock.advance(minutes(3))
        step()
    t = d.svc.load(number)
    assert t.status == "closed"
    assert t.open_deadlines() == []
    assert t.fee_collected is not None and t.fee_collected.amount == Decimal("80")


def test_a_failed_visit_reopens_and_a_second_cycle_runs(d: RepairDesk,
                                                        clock: SettableClock) -> None:
    number = open_call(d)
    for step in (lambda: d.order(number, "Wang"), lambda: d.arrive(number),
                 lambda: d.complete(number, "Li Na", 3),
                 lambda: VisitDesk(d.svc).record(number, "phone", "unsatisfied", note="drips")):
        clock.advance(minutes(10))
        step()
    t = d.svc.load(number)
    assert (t.status, t.cycle) == ("received", 2)
    assert {"R3.work_order#2", "R4.arrival#2", "V3.fix#2"} <= {d.key for d in t.open_deadlines()}
    clock.advance(minutes(2))
    d.order(number, "Zhao")
    assert d.svc.load(number).technician == "Zhao"


def test_the_service_works_on_a_sqlite_file_through_the_runtime(rt: Office,
                                                               clock: SettableClock) -> None:
    number = open_call(rt.repairs)
    clock.advance(minutes(2))
    rt.repairs.order(number, "Wang")
    again = open_office(db=rt.backend.db, clock=clock)
    try:
        t = again.service.load(number)
        assert (t.status, t.technician) == ("ordered", "Wang")
        assert t.deadlines["R3.work_order#1"].state == "met"
    finally:
        again.close()


def test_the_service_uses_the_profile_it_was_given(clock: SettableClock) -> None:
    from propsvc.profile import Profile, RepairNumbers

    svc: Service = service(clock=clock, profile=Profile(repair=RepairNumbers(
        work_order_minutes=10)))
    outcome = RepairDesk(svc).open(unit="3-2-1201", caller="Li Na", phone=None, summary="x")
    [r3] = [e for e in outcome.deadlines_opened if e.rule == "R3"]
    assert (r3.limit_minutes, r3.due_at) == (10, T0 + minutes(10))
