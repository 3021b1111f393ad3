"""A CallReceived stored as class_version 1 (``in_public_area``, no ``location``, no
``class_version`` key) — written straight into the events table, as an old release did —
is read as version 2 everywhere: the aggregate, ``ticket history``, the projections."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import insert, select

from propsvc.aggregates.ticket import ticket_id
from propsvc.clock import SettableClock
from propsvc.office import Office
from propsvc.projections.tables.ticket import completions, tickets
from tests.integration._support import cli_json, events_table, snapshot

MakeRuntime = Callable[..., Office]
NUMBER = "BX-20261001-007"
OCCURRED = datetime(2026, 10, 1, 1, 55, tzinfo=UTC)  # 09:55 office time
RECORDED = datetime(2026, 10, 1, 2, 0, tzinfo=UTC)
V1_STATE: dict[str, Any] = {  # exactly what release 1 wrote: no class_version key
    "timestamp": "2026-10-01T02:00:00Z",
    "occurred_at": "2026-10-01T01:55:00Z",
    "actor": "老王",
    "role": "desk",
    "office": "main",
    "number": NUMBER,
    "kind": "repair",
    "unit": None,
    "part": "3栋大堂吊灯",
    "caller": "保安刘",
    "phone": None,
    "summary": "大堂灯不亮",
    "channel": "phone",
    "urgent": False,
    "home": None,
    "spare_key": None,
    "appointment": None,
    "in_public_area": True,
}


def _insert_v1(rt: Office) -> None:
    table = events_table(rt)  # propsvc_events, created by opening the store
    assert table.name == "propsvc_events"
    with rt.backend.read_engine.begin() as conn:
        conn.execute(
            insert(table).values(
                originator_id=ticket_id("main", NUMBER),
                originator_version=1,
                topic="ticket.CallReceived",
                state=json.dumps(V1_STATE, ensure_ascii=False).encode("utf-8"),
            )
        )


def _stored_states(rt: Office) -> list[dict[str, Any]]:
    table = events_table(rt)
    with rt.backend.read_engine.connect() as conn:
        rows = conn.execute(
            select(table.c.topic, table.c.state)
            .where(table.c.originator_id == ticket_id("main", NUMBER))
            .order_by(table.c.originator_version)
        ).all()
    return [{"topic": t, **json.loads(bytes(s))} for t, s in rows]


def test_a_stored_v1_call_loads_as_v2(make_runtime: MakeRuntime, db_url: str) -> None:
    rt = make_runtime(db_url)
    _insert_v1(rt)
    ticket = rt.service.load(NUMBER)
    assert ticket.number == NUMBER and ticket.version == 1 and ticket.status == "received"
    assert ticket.intake.public_area is True
    assert ticket.intake.location is None
    assert ticket.intake.occurred_at == OCCURRED and ticket.intake.timestamp == RECORDED
    assert not hasattr(ticket.intake, "in_public_area")


def test_ticket_history_and_show_read_the_v1_call(
    make_runtime: MakeRuntime,
    db_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rt = make_runtime(db_url)
    _insert_v1(rt)
    history = cli_json(capsys, monkeypatch, db_url, "ticket", "history", NUMBER)
    assert len(history) == 1
    [call] = history
    assert (call["version"], call["event"], call["topic"]) == (
        1,
        "CallReceived",
        "ticket.CallReceived",
    )
    assert call["occurred_at"] == "2026-10-01T01:55:00+00:00"
    assert call["recorded_at"] == "2026-10-01T02:00:00+00:00"
    assert call["actor"] == "老王"
    assert call["data"]["public_area"] is True
    assert call["data"]["location"] is None
    assert "in_public_area" not in call["data"] and "class_version" not in call["data"]

    shown = cli_json(capsys, monkeypatch, db_url, "ticket", "show", NUMBER)
    assert shown["intake"]["public_area"] is True and shown["intake"]["location"] is None
    assert shown["status"] == "received"


def test_projections_read_the_v1_call_incrementally_and_on_rebuild(
    make_runtime: MakeRuntime, db_url: str, clock: SettableClock
) -> None:
    rt = make_runtime(db_url)
    _insert_v1(rt)
    rt.backend.catch_up()
    with rt.backend.read_engine.connect() as conn:
        row = conn.execute(select(tickets).where(tickets.c.number == NUMBER)).mappings().one()
    assert row["public_area"] is True and row["location"] is None
    assert row["opened_at"] == OCCURRED and row["part"] == "3栋大堂吊灯"

    # The old ticket carries on under the new code: its completion is public-area
    # because the upcast intake says so.
    rt.repairs.order(NUMBER, "电工周")
    rt.repairs.arrive(NUMBER)
    rt.repairs.complete(NUMBER, "保安刘", 4)
    rt.backend.catch_up()
    with rt.backend.read_engine.connect() as conn:
        done = conn.execute(select(completions)).mappings().one()
    assert done["public_area"] is True and done["ticket_id"] == str(ticket_id("main", NUMBER))

    incremental = snapshot(rt.backend.read_engine)
    rt.backend.runner.rebuild()
    assert snapshot(rt.backend.read_engine) == incremental


def test_history_is_never_rewritten_new_events_store_their_class_version(
    make_runtime: MakeRuntime, db_url: str
) -> None:
    rt = make_runtime(db_url)
    _insert_v1(rt)
    rt.repairs.order(NUMBER, "电工周")
    rt.backend.runner.rebuild()
    states = _stored_states(rt)
    assert states[0] == {"topic": "ticket.CallReceived", **V1_STATE}  # untouched bytes
    assert all("class_version" not in s for s in states[1:])  # v1 classes store none

    fresh = rt.repairs.open(unit="3-2-1201", caller="王芳", phone=None, summary="漏水")
    table = events_table(rt)
    with rt.backend.read_engine.connect() as conn:
        state = conn.execute(
            select(table.c.state).where(
                table.c.originator_id == fresh.aggregate.id, table.c.originator_version == 1
            )
        ).scalar_one()
    stored = json.loads(bytes(state))
    assert stored["class_version"] == 2 and "in_public_area" not in stored
    assert stored["public_area"] is False and "location" in stored
