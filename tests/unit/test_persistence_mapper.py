"""The pydantic mapper: pinned topics, class_version stored only when > 1, upcasting of
stored older versions on the way back."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from typing import Any, ClassVar

import pytest
from eventsourcing.persistence import StoredEvent

from propsvc.aggregates.base import Event
from propsvc.aggregates.repair import FeeQuoted, MaterialsRecorded, WorkOrderIssued
from propsvc.aggregates.ticket import CallReceived, Ticket, ticket_id
from propsvc.errors import InvalidInput
from propsvc.store.event_store import JSONBytes, PydanticMapper, normalise_url
from tests.unit._fakes import NUMBER, T0, TAP, Timeline, make_ctx, minutes, new_repair, repair_in

MAPPER = PydanticMapper(transcoder=JSONBytes())


def stored_state(stored: StoredEvent) -> dict[str, Any]:
    return json.loads(stored.state)


def round_trip(event: Event) -> Event:
    back = MAPPER.to_domain_event(MAPPER.to_stored_event(event))
    assert isinstance(back, Event)
    return back


def intake_event(**overrides: Any) -> CallReceived:
    t = new_repair(Timeline(), appointment=T0 + timedelta(hours=3), home=True,
                   spare_key=False, **overrides)
    event = t.pending[0]
    assert isinstance(event, CallReceived)
    return event


# -- round trip ---------------------------------------------------------------------------

def test_an_intake_survives_the_round_trip_unchanged() -> None:
    event = intake_event(location="lobby")
    back = round_trip(event)
    assert type(back) is CallReceived
    assert back == event


def test_a_late_entry_keeps_both_its_times_through_the_store() -> None:
    t = repair_in("received")
    t.issue_work_order(make_ctx(T0 + minutes(3), recorded=T0 + minutes(50)), "Wang")
    back = round_trip(t.pending[-1])
    assert (back.occurred_at, back.timestamp) == (T0 + minutes(3), T0 + minutes(50))
    assert back.occurred_at.tzinfo is not None


def test_money_and_material_lines_survive_the_round_trip_exactly() -> None:
    tl = Timeline()
    t = repair_in("on_site", tl)
    t.quote_fee(tl.ctx(), Decimal("85.50"), "valve 85.50")
    t.accept_fee(tl.ctx())
    t.record_materials(tl.ctx(), [TAP])
    quoted, _, used = t.collect_events()
    back_quote = round_trip(quoted)
    assert isinstance(back_quote, FeeQuoted) and back_quote.amount == Decimal("85.50")
    back_used = round_trip(used)
    assert isinstance(back_used, MaterialsRecorded)
    assert back_used.items == (TAP,)


def test_the_stored_topic_is_the_pinned_topic_not_the_module_path() -> None:
    stored = MAPPER.to_stored_event(intake_event())
    assert stored.topic == "ticket.CallReceived"
    assert stored.originator_id == ticket_id("main", NUMBER)
    assert stored.originator_version == 1


def test_the_stored_state_leaves_out_the_originator_which_the_record_keeps() -> None:
    state = stored_state(MAPPER.to_stored_event(intake_event()))
    assert "originator_id" not in state and "originator_version" not in state
    assert {"timestamp", "occurred_at", "actor", "role", "office"} <= set(state)


def test_class_version_is_stored_for_a_second_version_event() -> None:
    assert CallReceived.class_version == 2
    assert stored_state(MAPPER.to_stored_event(intake_event()))["class_version"] == 2


def test_class_version_is_not_stored_for_a_first_version_event() -> None:
    t = repair_in("received")
    t.issue_work_order(make_ctx(T0 + minutes(1)), "Wang")
    stored = MAPPER.to_stored_event(t.pending[-1])
    assert "class_version" not in stored_state(stored)
    assert type(round_trip(t.pending[-1])) is WorkOrderIssued


def test_chinese_text_is_stored_as_utf8_not_escaped() -> None:
    event = intake_event(summary="厨房水龙头漏水")
    stored = MAPPER.to_stored_event(event)
    assert "厨房水龙头漏水".encode() in stored.state
    assert round_trip(event).summary == "厨房水龙头漏水"  # type: ignore[attr-defined]


def test_an_unknown_stored_topic_is_refused_by_name() -> None:
    stored = StoredEvent(originator_id=ticket_id("main", NUMBER), originator_version=1,
                         topic="ticket.NoSuchThing", state=b"{}")
    with pytest.raises(LookupError, match=r"ticket\.NoSuchThing"):
        MAPPER.to_domain_event(stored)


def test_json_bytes_round_trips_plain_json_types() -> None:
    codec = JSONBytes()
    data = {"a": [1, 2.5, None, True], "b": "维修"}
    assert codec.decode(codec.encode(data)) == data


# -- upcasting ----------------------------------------------------------------------------

V1_INTAKE = {
    # What a first-version CallReceived looked like in the store: ``in_public_area``,
    # no ``location``, no class_version key.
    "timestamp": "2026-11-22T01:00:00+00:00",
    "occurred_at": "2026-11-22T01:00:00+00:00",
    "actor": "desk-li", "role": "desk", "office": "main",
    "number": NUMBER, "kind": "repair", "unit": None, "part": "corridor light",
    "caller": "cleaner Zhou", "phone": None, "summary": "light out on 12F",
    "channel": "staff", "urgent": False, "home": None, "spare_key": None,
    "appointment": None, "in_public_area": True,
}


def stored_v1(state: dict[str, Any] | None = None) -> StoredEvent:
    return StoredEvent(originator_id=ticket_id("main", NUMBER), originator_version=1,
                       topic="ticket.CallReceived",
                       state=JSONBytes().encode(dict(state or V1_INTAKE)))


def test_a_stored_first_version_intake_is_upcast_on_the_way_back() -> None:
    event = MAPPER.to_domain_event(stored_v1())
    assert isinstance(event, CallReceived)
    assert event.public_area is True
    assert event.location is None
    assert event.summary == "light out on 12F"
    assert event.originator_id == ticket_id("main", NUMBER)


def test_a_first_version_intake_without_the_public_flag_is_in_home() -> None:
    state = dict(V1_INTAKE)
    del state["in_public_area"]
    event = MAPPER.to_domain_event(stored_v1(state))
    assert isinstance(event, CallReceived) and event.public_area is False


def test_an_upcast_intake_starts_a_ticket_like_a_new_one() -> None:
    event = MAPPER.to_domain_event(stored_v1())
    t = event.mutate(None)
    assert isinstance(t, Ticket)
    assert (t.number, t.intake.public_area, t.status) == (NUMBER, True, "received")


def test_an_upcast_intake_stored_again_is_stored_as_the_current_version() -> None:
    event = MAPPER.to_domain_event(stored_v1())
    state = stored_state(MAPPER.to_stored_event(event))
    assert state["class_version"] == 2
    assert "in_public_area" not in state and state["public_area"] is True


def test_a_current_version_state_is_not_upcast_again() -> None:
    state = dict(V1_INTAKE)
    state["class_version"] = 2
    del state["in_public_area"]
    state["public_area"] = True
    state["location"] = "12F corridor"
    event = MAPPER.to_domain_event(stored_v1(state))
    assert isinstance(event, CallReceived)
    assert (event.public_area, event.location) == (True, "12F corridor")


class Noted(Event):
    """A test-only event at its third version (registered once, at import)."""

    topic = "test.unit.Noted"
    class_version: ClassVar[int] = 3
    text: str
    by: str

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["text"] = state.pop("note")

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        state["by"] = state.get("by", "unknown") + "/v3"


def test_upcasting_runs_every_step_from_the_stored_version_in_order() -> None:
    envelope = {k: V1_INTAKE[k] for k in ("timestamp", "occurred_at", "actor", "role",
                                          "office")}
    uid = ticket_id("main", NUMBER)
    v1 = StoredEvent(originator_id=uid, originator_version=4, topic="test.unit.Noted",
                     state=JSONBytes().encode({**envelope, "note": "hi"}))
    v2 = StoredEvent(originator_id=uid, originator_version=5, topic="test.unit.Noted",
                     state=JSONBytes().encode({**envelope, "text": "hi", "by": "li",
                                               "class_version": 2}))
    one, two = MAPPER.to_domain_event(v1), MAPPER.to_domain_event(v2)
    assert (one.text, one.by, one.originator_version) == ("hi", "unknown/v3", 4)
    assert (two.text, two.by) == ("hi", "li/v3")


# -- database URLs ------------------------------------------------------------------------

def test_a_plain_path_becomes_a_sqlite_url_with_a_busy_timeout(tmp_path: Any) -> None:
    url = normalise_url(str(tmp_path / "p.db"))
    assert url.startswith("sqlite:///") and url.endswith("p.db?timeout=30")


def test_a_postgres_url_gets_the_psycopg_driver() -> None:
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"


def test_an_unsupported_database_url_is_refused() -> None:
    with pytest.raises(InvalidInput, match="unsupported database URL"):
        normalise_url("mysql://u@h/db")
