"""Read models are a pure function of the event log: incremental == rebuilt == one go."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sqlalchemy import select, text

from propsvc.clock import SettableClock
from propsvc.office import Office
from propsvc.projections.catchup import Runner, writer_engine
from propsvc.projections.tables import metadata, tracking
from propsvc.projections.tables.deadlines import deadlines
from propsvc.projections.tables.ticket import tickets
from tests.integration._support import (
    READ_MODELS,
    START,
    all_at,
    event_count,
    events_table,
    last_event_id,
    play_workload,
    positions,
    read_model_tables,
    snapshot,
)
from tests.office import behind

MakeRuntime = Callable[..., Office]


def _assert_same(
    actual: dict[str, list[dict[str, Any]]], expected: dict[str, list[dict[str, Any]]]
) -> None:
    """Table by table, so a failure names the read model and the first differing row."""
    assert actual.keys() == expected.keys()
    for name in expected:
        assert len(actual[name]) == len(expected[name]), name
        for got, want in zip(actual[name], expected[name], strict=True):
            assert got == want, f"{name}: first differing row"


def test_incremental_read_models_equal_a_full_rebuild(
    make_runtime: MakeRuntime, db_url: str, clock: SettableClock
) -> None:
    rt = make_runtime(db_url)
    numbers = play_workload(rt, clock)

    incremental = snapshot(rt.backend.read_engine)
    assert [len(incremental[t.name]) > 0 for t in READ_MODELS] == [True] * 4
    assert sorted(r["number"] for r in incremental["rm_tickets"]) == sorted(numbers)
    last = last_event_id(rt)
    assert all_at(positions(rt.backend.read_engine), last)

    assert rt.backend.runner.rebuild() == event_count(rt)
    _assert_same(snapshot(rt.backend.read_engine), incremental)
    assert all_at(positions(rt.backend.read_engine), last)


def test_catching_up_in_one_go_from_zero_equals_incremental(
    make_runtime: MakeRuntime, db_url: str, clock: SettableClock
) -> None:
    rt = make_runtime(db_url)
    play_workload(rt, clock)
    incremental = snapshot(rt.backend.read_engine)
    rt.close()

    # Throw the read models and their positions away behind the runner's back ...
    engine = writer_engine(rt.backend.url)
    with engine.begin() as conn:  # the office-local views first (PostgreSQL keeps tables
        for table in read_model_tables():  # that a view depends on)
            conn.execute(text(f'DROP VIEW IF EXISTS "{table.name}_local"'))
    metadata.drop_all(engine, tables=[*read_model_tables(), tracking])
    engine.dispose()

    # ... and let a fresh process catch up from position 0 in one call (the normal
    # catch-up path, which preloads rows, not rebuild's assume-empty path).
    fresh = make_runtime(db_url)
    assert fresh.backend.catch_up() == event_count(fresh)
    _assert_same(snapshot(fresh.backend.read_engine), incremental)
    assert fresh.backend.catch_up() == 0


def test_catching_up_in_small_batches_equals_incremental(
    make_runtime: MakeRuntime, db_url: str, clock: SettableClock
) -> None:
    rt = make_runtime(db_url)
    play_workload(rt, clock, catch_up=False, ticks=False)
    total = event_count(rt)
    # batches of 7 split tickets' events across transactions and caches
    runner = Runner(writer_engine(rt.backend.url), events_table(rt), batch_size=7)
    try:
        assert runner.catch_up() == total
        one_by_seven = snapshot(rt.backend.read_engine)
        assert runner.rebuild() == total
        _assert_same(snapshot(rt.backend.read_engine), one_by_seven)
    finally:
        runner.engine.dispose()


def test_writing_without_catching_up_then_catching_up_equals_step_by_step(
    make_runtime: MakeRuntime, tmp_path: Any
) -> None:
    """The same deterministic workload in two stores: caught up per write, or once."""
    step_clock, lazy_clock = SettableClock(START), SettableClock(START)
    step = make_runtime(str(tmp_path / "step.db"), clock=step_clock)
    lazy = make_runtime(str(tmp_path / "lazy.db"), clock=lazy_clock)
    play_workload(step, step_clock, ticks=False)
    play_workload(lazy, lazy_clock, catch_up=False, ticks=False)
    assert lazy.backend.catch_up() == event_count(lazy) == event_count(step)
    _assert_same(snapshot(lazy.backend.read_engine), snapshot(step.backend.read_engine))


def _check_register_matches(rt: Office) -> Callable[[Any], None]:
    """After each write, the register row and deadline rows agree with the aggregate."""

    def check(outcome: Any) -> None:
        t = outcome.aggregate
        with rt.backend.read_engine.connect() as conn:
            row = (
                conn.execute(select(tickets).where(tickets.c.ticket_id == str(t.id)))
                .mappings()
                .one()
            )
            rows = {
                r["key"]: r
                for r in conn.execute(
                    select(deadlines).where(deadlines.c.ticket_id == str(t.id))
                ).mappings()
            }
        expected = {
            "number": t.number,
            "status": t.status,
            "technician": t.technician,
            "ordered_at": t.ordered_at,
            "arrived_at": t.arrived_at,
            "completed_at": t.completed_at,
            "quote_amount": t.quote.amount if t.quote else None,
            "fee_accepted_at": t.fee_accepted_at,
            "fee_collected": t.fee_collected.amount if t.fee_collected else None,
            "materials": len(t.materials),
            "materials_total": sum((m.quantity * m.unit_price for m in t.materials), Decimal(0))
            if t.materials
            else None,
            "escalations": len(t.escalations),
            "chases": len(t.chases),
            "reopens": len(t.reopens),
            "visits": len(t.visits),
            "missed": sum(1 for d in t.deadlines.values() if d.missed),
            "public_area": t.intake.public_area,
            "location": t.intake.location,
        }
        assert {k: row[k] for k in expected} == expected, t.number
        assert sorted(rows) == sorted(t.deadlines), t.number
        for key, d in t.deadlines.items():
            got = rows[key]
            assert (
                got["state"],
                got["missed"],
                got["due_at"],
                got["limit_minutes"],
                got["met_at"],
                got["late_minutes"],
                got["rule"],
            ) == (d.state, d.missed, d.due_at, d.limit_minutes, d.met_at, d.late_minutes, d.rule), (
                f"{t.number} {key}"
            )

    return check


def test_register_agrees_with_the_ticket_after_every_write(
    make_runtime: MakeRuntime, db_url: str, clock: SettableClock
) -> None:
    rt = make_runtime(db_url)
    play_workload(rt, clock, on_write=_check_register_matches(rt))


def test_rebuild_is_repeatable_and_incremental_work_continues_after_it(
    make_runtime: MakeRuntime, sqlite_url: str, clock: SettableClock
) -> None:
    rt = make_runtime(sqlite_url)
    numbers = play_workload(rt, clock)
    rt.backend.runner.rebuild()
    once = snapshot(rt.backend.read_engine)
    rt.backend.runner.rebuild()
    _assert_same(snapshot(rt.backend.read_engine), once)

    # after a rebuild the ordinary incremental path picks up where the rebuild stopped
    behind(rt).repairs.order(numbers[-1], "李师傅")
    assert rt.backend.catch_up() > 0
    after = snapshot(rt.backend.read_engine)
    rt.backend.runner.rebuild()
    _assert_same(snapshot(rt.backend.read_engine), after)


def test_back_on_site_after_an_assessment_resumes_the_right_status_in_every_cycle(
    make_runtime: MakeRuntime, db_url: str, clock: SettableClock
) -> None:
    """Work started → assess → back: still working. After a reopen the new cycle has
    not started work, so back from an assessment is on site — in the ticket, the
    register, and the register rebuilt."""
    rt = make_runtime(db_url)
    desk = rt.repairs
    n = desk.open(unit="3-2-1201", caller="王芳", phone=None, summary="水管漏水").number
    for step in (
        lambda: desk.order(n, "李师傅"),
        lambda: desk.arrive(n),
        lambda: desk.start(n),
        lambda: desk.assess(n),
    ):
        step()
    assert desk.reassess_done(n).aggregate.status == "working"
    rt.backend.catch_up()
    assert _status(rt, n) == "working"

    desk.complete(n, "王芳", 5)
    rt.visits.record(n, "phone", "unsatisfied", note="还在漏")  # V3: reopened, cycle 2
    desk.order(n, "赵师傅")
    desk.arrive(n)
    desk.assess(n)
    assert desk.reassess_done(n).aggregate.status == "on_site"
    rt.backend.catch_up()
    assert _status(rt, n) == "on_site"
    rt.backend.runner.rebuild()
    assert _status(rt, n) == "on_site"


def _status(rt: Office, number: str) -> str:
    with rt.backend.read_engine.connect() as conn:
        return str(
            conn.execute(select(tickets.c.status).where(tickets.c.number == number)).scalar_one()
        )
