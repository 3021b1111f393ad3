"""Events: envelope fields, immutability, pinned topics; the aggregate base's time rules;
the Counter that hands out ticket numbers."""

from __future__ import annotations

import importlib
import pkgutil
from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

import propsvc.aggregates
from propsvc.aggregates.base import EVENT_TYPES, Context, Event
from propsvc.aggregates.counter import Counter, CounterStarted, NumberAllocated, counter_id
from propsvc.aggregates.deadlines import DeadlineSet
from propsvc.aggregates.repair import MaterialItem, WorkOrderIssued
from propsvc.aggregates.ticket import CallReceived, Ticket, ticket_id
from propsvc.errors import InvalidInput
from tests.unit._fakes import NUMBER, T0, Timeline, intake, make_ctx, minutes, repair_in

# -- every event carries business time, recorded time, actor, role, office --------------


def test_an_event_carries_business_time_recorded_time_actor_role_and_office() -> None:
    tl = Timeline()
    t = repair_in("received", tl)
    late = make_ctx(T0 + minutes(3), recorded=T0 + minutes(40), actor="tech-wang",
                    role="technician", office="main")
    t.issue_work_order(late, "Wang")
    [event] = t.collect_events()
    assert event.occurred_at == T0 + minutes(3)
    assert event.timestamp == T0 + minutes(40)
    assert (event.actor, event.role, event.office) == ("tech-wang", "technician", "main")
    assert event.originator_id == t.id
    assert event.originator_version == t.version == 2


def test_the_aggregate_remembers_when_it_was_last_recorded_and_last_happened() -> None:
    t = repair_in("received")
    ctx = make_ctx(T0 + minutes(3), recorded=T0 + minutes(40))
    t.issue_work_order(ctx, "Wang")
    assert t.modified_on == T0 + minutes(40)
    assert t.last_occurred_at == T0 + minutes(3)


def test_the_first_event_starts_the_aggregate_at_version_one() -> None:
    t = Ticket.receive_call(NUMBER, make_ctx(T0), **intake())
    assert t.version == 1
    assert t.created_on == T0
    assert [type(e) for e in t.pending] == [CallReceived]
    assert (t.number, t.kind, t.office, t.opened_at) == (NUMBER, "repair", "main", T0)


def test_an_event_that_does_not_start_an_aggregate_cannot_create_one() -> None:
    event = WorkOrderIssued(originator_id=ticket_id("main", NUMBER), originator_version=1,
                            timestamp=T0, occurred_at=T0, actor="a", role="r", office="main",
                            technician="Wang")
    with pytest.raises(TypeError, match="cannot start an aggregate"):
        event.mutate(None)


def test_event_data_is_the_events_own_fields_without_the_envelope() -> None:
    t = repair_in("received")
    t.issue_work_order(make_ctx(T0 + minutes(2)), "Wang")
    assert t.pending[-1].data() == {"technician": "Wang", "alerted_directly": False,
                                    "self_filled": False}


# -- trigger refuses a business time before the previous event ----------------------------

def test_a_late_entry_before_the_previous_event_is_refused_with_a_clear_error() -> None:
    t = repair_in("ordered")  # last event at T0 + 1 min
    with pytest.raises(InvalidInput) as caught:
        t.arrive(make_ctx(T0 + minutes(0.5), recorded=T0 + minutes(60)))
    assert "before this record's previous event" in str(caught.value)
    assert "--at" in str(caught.value)
    assert t.status == "ordered" and t.pending == []


def test_a_late_entry_at_the_same_instant_as_the_previous_event_is_accepted() -> None:
    t = repair_in("ordered")
    t.arrive(make_ctx(t.last_occurred_at, recorded=T0 + minutes(60)))
    assert t.status == "on_site"


def test_a_late_entry_between_now_and_the_previous_event_is_accepted() -> None:
    t = repair_in("ordered")
    t.arrive(make_ctx(T0 + minutes(1.5), recorded=T0 + minutes(60)))
    assert t.arrived_at == T0 + minutes(1.5)


def test_record_backdates_without_the_ordering_check_but_never_moves_time_back() -> None:
    t = repair_in("ordered")
    latest = t.last_occurred_at
    t.record(WorkOrderIssued, make_ctx(T0 - minutes(30)), technician="Wang")
    assert t.pending[-1].occurred_at == T0 - minutes(30)
    assert t.last_occurred_at == latest


# -- events are immutable, closed to unknown fields --------------------------------------

def test_an_event_cannot_be_changed_after_it_happened() -> None:
    t = repair_in("received")
    t.issue_work_order(make_ctx(T0 + minutes(2)), "Wang")
    event = t.pending[-1]
    with pytest.raises(ValidationError):
        event.occurred_at = T0  # type: ignore[misc]
    with pytest.raises(ValidationError):
        event.actor = "someone else"  # type: ignore[misc]
    assert (event.occurred_at, event.actor) == (T0 + minutes(2), "desk-li")


def test_the_intake_cannot_be_edited_in_place() -> None:
    t = repair_in("received")
    with pytest.raises(ValidationError):
        t.intake.unit = "9-9-9999"  # type: ignore[misc]


def test_an_event_refuses_fields_it_does_not_define() -> None:
    with pytest.raises(ValidationError, match="extra"):
        WorkOrderIssued(originator_id=ticket_id("main", NUMBER), originator_version=2,
                        timestamp=T0, occurred_at=T0, actor="a", role="r", office="main",
                        technician="Wang", priority="high")


def test_an_event_refuses_a_missing_envelope_field() -> None:
    with pytest.raises(ValidationError, match="office"):
        WorkOrderIssued(originator_id=ticket_id("main", NUMBER), originator_version=2,
                        timestamp=T0, occurred_at=T0, actor="a", role="r",
                        technician="Wang")


def test_a_material_line_is_frozen_and_closed_too() -> None:
    item = MaterialItem(name="tap", spec="DN15", model="J-1", quantity=Decimal(1),
                        unit_price=Decimal("45"))
    with pytest.raises(ValidationError):
        item.quantity = Decimal(2)  # type: ignore[misc]
    with pytest.raises(ValidationError):
        MaterialItem(name="tap", spec="DN15", model="J-1", quantity=1, unit_price=1, colour="red")


# -- pinned topics ------------------------------------------------------------------------

def _propsvc_event_classes() -> list[type[Event]]:
    for mod in pkgutil.walk_packages(propsvc.aggregates.__path__, "propsvc.aggregates."):
        importlib.import_module(mod.name)
    found: list[type[Event]] = []
    todo = list(Event.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("propsvc."):
            found.append(cls)
    return found


def test_every_event_class_pins_a_topic_of_its_own() -> None:
    classes = _propsvc_event_classes()
    assert len(classes) >= 20
    missing = [c.__name__ for c in classes if not c.__dict__.get("topic")]
    assert missing == []
    topics = [c.topic for c in classes]
    assert len(topics) == len(set(topics))


def test_every_pinned_topic_is_registered_to_its_class() -> None:
    for cls in _propsvc_event_classes():
        assert EVENT_TYPES[cls.topic] is cls


def test_pinned_topics_do_not_depend_on_module_paths() -> None:
    for cls in _propsvc_event_classes():
        assert cls.__module__ not in cls.topic and ":" not in cls.topic


def test_the_stored_topics_of_the_repair_flow_are_stable() -> None:
    # These strings are in people's databases: changing one orphans stored events.
    assert CallReceived.topic == "ticket.CallReceived"
    assert WorkOrderIssued.topic == "repair.WorkOrderIssued"
    assert DeadlineSet.topic == "deadline.Set"
    assert NumberAllocated.topic == "counter.NumberAllocated"


def test_a_second_class_claiming_a_registered_topic_is_refused() -> None:
    with pytest.raises(TypeError, match="registered twice"):
        class Impostor(Event):
            topic = "ticket.CallReceived"
    assert EVENT_TYPES["ticket.CallReceived"] is CallReceived


# -- identities ---------------------------------------------------------------------------

def test_a_ticket_id_is_derived_from_office_and_number_ignoring_case() -> None:
    assert ticket_id("main", NUMBER) == ticket_id("main", NUMBER.lower())
    assert ticket_id("main", NUMBER) != ticket_id("east", NUMBER)
    assert ticket_id("main", NUMBER) != ticket_id("main", "BX-20261122-002")


def test_receiving_a_call_gives_the_ticket_its_derived_id() -> None:
    t = Ticket.receive_call(NUMBER, make_ctx(T0, office="east"), **intake())
    assert t.id == ticket_id("east", NUMBER)


# -- Counter ------------------------------------------------------------------------------

def counter(office: str = "main", prefix: str = "BX", day: date = date(2026, 11, 22)) -> Counter:
    return Counter.begin(office, prefix, day, make_ctx(T0))


def test_a_counter_hands_out_one_two_three() -> None:
    c = counter()
    ctx = make_ctx(T0)
    assert [c.allocate(ctx), c.allocate(ctx), c.allocate(ctx)] == [1, 2, 3]
    assert [type(e) for e in c.collect_events()] == [CounterStarted, NumberAllocated,
                                                     NumberAllocated, NumberAllocated]


def test_a_counter_records_its_scope() -> None:
    c = counter("east", "BX", date(2026, 11, 23))
    started = c.pending[0]
    assert isinstance(started, CounterStarted)
    assert started.scope == "east:BX:2026-11-23"
    assert c.id == counter_id("east", "BX", date(2026, 11, 23))


def test_each_office_prefix_and_day_has_its_own_counter() -> None:
    base = counter_id("main", "BX", date(2026, 11, 22))
    assert base == counter_id("main", "BX", date(2026, 11, 22))
    others = {counter_id("east", "BX", date(2026, 11, 22)),
              counter_id("main", "TS", date(2026, 11, 22)),
              counter_id("main", "BX", date(2026, 11, 23))}
    assert base not in others and len(others) == 3


def test_a_counter_id_never_collides_with_a_ticket_id() -> None:
    assert counter_id("main", "BX", date(2026, 11, 22)) != ticket_id("main", NUMBER)


def test_a_context_can_be_moved_to_another_business_time_keeping_the_rest() -> None:
    ctx = Context(T0, T0 + minutes(5), "a", "r", "o")
    moved = ctx.at(T0 - minutes(5))
    assert moved == Context(T0 - minutes(5), T0 + minutes(5), "a", "r", "o")
