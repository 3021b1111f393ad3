"""Helpers shared by the integration tests: a realistic repair workload, read-model
snapshots, event counts, and the worker functions run in spawned child processes.

Worker functions live here (not in a test module) so a ``spawn`` child can import them
without importing pytest fixtures.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import Engine, Table, func, select

from propsvc.clock import SettableClock
from propsvc.office import Office
from propsvc.permissions import Actor
from propsvc.projections.tables.base import tracking
from propsvc.projections.tables.deadlines import deadlines
from propsvc.projections.tables.ticket import completions, tickets
from propsvc.projections.tables.visit import visits
from tests.office import behind, open_office, tick

# The read models the issue names; every table of every projection is snapshotted.
READ_MODELS: tuple[Table, ...] = (tickets, deadlines, completions, visits)


def read_model_tables() -> list[Table]:
    """Every table of every projection the runner maintains (the four above and any
    read model added later), in a stable order."""
    from propsvc.projections.catchup import all_projections
    from propsvc.projections.tables import metadata

    tables = {t.name: metadata.tables[t.name] for p in all_projections() for t in p.tables}
    assert {t.name for t in READ_MODELS} <= tables.keys()
    return [tables[name] for name in sorted(tables)]


# 2026-11-22 09:00 office time (Asia/Shanghai), the same moment as conftest.START.
START = datetime(2026, 11, 22, 1, 0, tzinfo=UTC)


# -- reading the store ---------------------------------------------------------------------
def snapshot(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Every read-model table, every row, ordered by primary key."""
    out: dict[str, list[dict[str, Any]]] = {}
    with engine.connect() as conn:
        for table in read_model_tables():
            order = list(table.primary_key.columns)
            out[table.name] = [
                dict(r) for r in conn.execute(select(table).order_by(*order)).mappings()
            ]
    return out


def positions(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return dict(conn.execute(select(tracking.c.name, tracking.c.position)).all())


def all_at(tracked: dict[str, int], position: int) -> bool:
    """Every projection (at least the three the issue names) stands at ``position``."""
    return {"tickets", "deadlines", "visits"} <= tracked.keys() and set(tracked.values()) == {
        position
    }


def events_table(rt: Office) -> Table:
    return rt.backend.store.recorder.events_record_cls.__table__  # type: ignore[attr-defined,no-any-return]


def event_count(rt: Office, topic: str | None = None, originator: UUID | None = None) -> int:
    table = events_table(rt)
    query = select(func.count()).select_from(table)
    if topic is not None:
        query = query.where(table.c.topic == topic)
    if originator is not None:
        query = query.where(table.c.originator_id == originator)
    with rt.backend.read_engine.connect() as conn:
        return int(conn.execute(query).scalar() or 0)


def last_event_id(rt: Office) -> int:
    """The notification id of the newest event: where every caught-up tracker stands."""
    table = events_table(rt)
    with rt.backend.read_engine.connect() as conn:
        return int(conn.execute(select(func.max(table.c.id))).scalar() or 0)


def stored_versions(rt: Office, originator: UUID) -> list[tuple[int, str]]:
    table = events_table(rt)
    with rt.backend.read_engine.connect() as conn:
        return [
            (v, t)
            for v, t in conn.execute(
                select(table.c.originator_version, table.c.topic)
                .where(table.c.originator_id == originator)
                .order_by(table.c.originator_version)
            )
        ]


# -- a realistic day (and a bit) at the repair desk ------------------------------------------
def play_workload(
    rt: Office,
    clock: SettableClock,
    *,
    catch_up: bool = True,
    ticks: bool = True,
    on_write: Callable[[Any], None] | None = None,
) -> list[str]:
    """A mixed repair workload over two office days; returns the ticket numbers.

    Covers fees, materials, assessment, deferral, staff reports, public areas, appointments,
    late entries, manual chase/escalation, tick-driven misses and escalations, return visits
    (satisfied and not), reopening and a second office day (a new number counter).
    """
    if not catch_up:  # every write leaves the read models behind until the end
        rt = behind(rt)
    desk = rt.repairs
    after: Callable[[], None] = rt.backend.catch_up if catch_up else (lambda: None)

    def w(outcome: Any) -> Any:
        after()
        if on_write is not None:
            on_write(outcome)
        return outcome

    def minutes(n: int) -> None:
        clock.advance(timedelta(minutes=n))

    def do_tick() -> None:
        if ticks:
            tick(rt)  # tick catches up before and after itself

    a = w(
        desk.open(
            unit="3-2-1201",
            caller="王芳",
            phone="13800000001",
            summary="厨房水管漏水",
            part="厨房水管",
            home=True,
            spare_key=False,
        )
    ).number
    minutes(2)
    w(desk.order(a, "李师傅"))
    b = w(
        desk.open(
            unit="5-1-0802", caller="张伟", phone="13900000002", summary="整户停电", urgent=True
        )
    ).number
    minutes(3)
    c = w(
        desk.open(
            unit=None,
            location="3栋大堂",
            public_area=True,
            caller="保安刘",
            phone=None,
            summary="大堂灯不亮",
            channel="patrol",
        )
    ).number
    minutes(5)  # 09:10: B's work order (due 09:07) is late
    do_tick()
    w(desk.order(b, "赵师傅"))
    minutes(10)
    w(desk.arrive(a))
    w(desk.quote(a, "120", "更换水管"))
    minutes(2)
    w(desk.accept_fee(a))
    w(desk.start(a))
    minutes(20)
    w(desk.materials(a, ["水管,DN20,PPR,2,35.50", "生料带,标准,通用,1,5"]))
    w(desk.arrive(c))
    minutes(15)
    w(desk.complete(a, "王芳", 5))
    w(desk.collect_fee(a, "120"))
    w(desk.complete(c, "保安刘", 4))
    w(desk.arrive(b))
    w(desk.start(b))
    w(desk.assess(b))
    minutes(40)  # R5: back on site after 30 min — late
    w(desk.reassess_done(b))
    w(desk.defer(b, "临时接线", "等配件", until=clock.now() + timedelta(hours=20)))
    d = w(
        desk.open(
            unit="7-3-1501",
            caller="陈静",
            phone="13700000003",
            summary="门锁坏了",
            appointment=clock.now() + timedelta(hours=2),
        )
    ).number
    w(desk.order(d, "李师傅"))
    minutes(30)
    w(desk.chase(d, "业主来电催"))
    w(desk.escalate(d, "manager", "业主情绪激动"))
    # a late entry: the call came in 20 minutes ago and is only recorded now
    e = w(
        desk.open(
            unit="2-1-0301",
            caller="刘洋",
            phone="13600000004",
            summary="马桶堵塞",
            at=clock.now() - timedelta(minutes=20),
        )
    ).number
    w(desk.order(e, "赵师傅", at=clock.now() - timedelta(minutes=12)))
    minutes(5 * 60)  # the afternoon: R4 and R11 deadlines pass
    do_tick()
    w(rt.visits.record(a, "phone", "satisfied"))
    w(rt.visits.record(c, "on-site", "unsatisfied", note="还是不亮", resident_signed_by="保安刘"))
    minutes(3)
    w(desk.order(c, "电工周"))
    minutes(30)
    w(desk.arrive(c))
    w(desk.complete(c, "保安刘", 3))
    minutes(60)
    w(rt.visits.record(c, "phone", "satisfied", note="已修好"))
    do_tick()
    minutes(24 * 60)  # the next office day: a new counter
    f = w(
        desk.open(unit="9-9-0909", caller="孙丽", phone="13500000005", summary="空调漏水")
    ).number
    w(desk.arrive(b, "钱师傅"))  # a second visit by another technician (R9)
    w(desk.complete(b, "张伟", 4))
    manager = rt.acting_as(Actor("周经理", "manager"))
    w(manager.visits.review(c, "已核对"))  # V3: a manager other than the visitor reviews
    w(desk.arrive(e))
    w(desk.complete(e, "刘洋", 2))
    minutes(10)
    do_tick()
    return [a, b, c, d, e, f]


# -- children (spawned processes) ------------------------------------------------------------
def child_runtime(db: str, actor: str, now: datetime = START) -> Office:
    return open_office(db=db, actor=actor, clock=SettableClock(now))


def count_lost_saves(rt: Office) -> list[Exception]:
    """Record every save that lost an optimistic-concurrency race (and was retried)."""
    from eventsourcing.persistence import IntegrityError

    real, lost = rt.backend.store.save, []

    def save(*aggregates: Any, **kw: Any) -> Any:
        try:
            return real(*aggregates, **kw)
        except IntegrityError as err:
            lost.append(err)
            raise

    rt.backend.store.save = save  # type: ignore[method-assign]
    return lost


def _where(err: BaseException) -> str:
    """The innermost frames of a child's failure, so the parent's report says where."""
    import traceback

    return "".join(traceback.format_exception(err)[-12:])


def open_tickets(db: str, actor: str, count: int, barrier: Any, results: Any) -> None:
    """Open ``count`` tickets as fast as possible, catching up after each like the CLI.

    A desk told "Conflict: … retry" does what the message says and tries again; the
    number of such refusals is reported (they must leave no trace in the store).
    """
    from propsvc.errors import Conflict

    rt = child_runtime(db, actor)
    try:
        lost = count_lost_saves(rt)
        barrier.wait(timeout=60)
        numbers, conflicts = [], 0
        for i in range(count):
            while True:
                try:
                    outcome = rt.repairs.open(
                        unit="1-1-0101", caller=f"{actor}-{i}", phone=None, summary="并发测试"
                    )
                    break
                except Conflict:
                    conflicts += 1
            numbers.append(outcome.number)
            rt.backend.catch_up()
        results.put((actor, "ok", numbers, conflicts, len(lost)))
    except BaseException as err:  # report, don't hang the parent
        results.put((actor, "error", f"{type(err).__name__}: {err}", _where(err)))
    finally:
        rt.close()


def act_on(db: str, actor: str, number: str, action: str, barrier: Any, results: Any) -> None:
    """One clerk doing one action on a shared ticket, released together with the others."""
    from propsvc.errors import PropsvcError

    rt = child_runtime(db, actor, START + timedelta(minutes=30))
    try:
        rt.backend.store  # noqa: B018
        rt.service.load(number)  # warm up: imports and connections before the race
        barrier.wait(timeout=60)
        try:
            if action == "order":
                outcome = rt.repairs.order(number, actor)
            elif action == "escalate":
                outcome = rt.repairs.escalate(number, "manager", f"{actor} escalates")
            elif action == "chase":
                outcome = rt.repairs.chase(number, f"{actor} chases")
            else:
                raise ValueError(action)
            results.put((actor, "ok", [type(e).__name__ for e in outcome.events]))
        except PropsvcError as err:
            results.put((actor, type(err).__name__, str(err)))
        rt.backend.catch_up()
    except BaseException as err:
        results.put((actor, "error", f"{type(err).__name__}: {err}"))
    finally:
        rt.close()


# -- the CLI, in-process ---------------------------------------------------------------------
def cli_json(
    capsys: Any, monkeypatch: Any, db: str, *args: str, now: str = "2026-11-22 09:00"
) -> Any:
    """Run ``propsvc --db DB --json ARGS`` at a frozen office time; return its JSON."""
    import json

    from propsvc.cli import run

    for name in (
        "PROPSVC_DB",
        "PROPSVC_OFFICE",
        "PROPSVC_ACTOR",
        "PROPSVC_ROLE",
        "PROPSVC_PROFILE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PROPSVC_NOW", now)
    capsys.readouterr()
    code = run(["--db", db, "--json", *args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def tick_once(db: str, actor: str, now: datetime, barrier: Any, results: Any) -> None:
    """One ``tick`` run (as cron would start it), released together with the others."""
    rt = child_runtime(db, actor, now)
    try:
        rt.backend.catch_up()  # warm up before the race
        barrier.wait(timeout=60)
        result = tick(rt)
        results.put((actor, "ok", len(result["missed"]), len(result["follow_ups"])))
    except BaseException as err:
        results.put((actor, "error", f"{type(err).__name__}: {err}"))
    finally:
        rt.close()


def chase_repeatedly(
    db: str, actor: str, number: str, times: int, barrier: Any, results: Any
) -> None:
    """One clerk chasing the same ticket ``times`` times, as fast as possible."""
    from propsvc.errors import Conflict

    rt = child_runtime(db, actor, START + timedelta(minutes=30))
    try:
        rt.service.load(number)
        lost = count_lost_saves(rt)
        barrier.wait(timeout=60)
        levels, conflicts = [], 0
        for i in range(times):
            while True:
                try:
                    outcome = rt.repairs.chase(number, f"{actor} #{i}")
                    break
                except Conflict:
                    conflicts += 1
            levels.append(outcome.aggregate.chases[-1].level)
        results.put((actor, "ok", levels, conflicts, len(lost)))
    except BaseException as err:
        results.put((actor, "error", f"{type(err).__name__}: {err}"))
    finally:
        rt.close()


def open_first_ticket(db: str, actor: str, barrier: Any, results: Any) -> None:
    """Be one of several desks whose very first command meets a store nobody has opened
    yet: the processes are released together before any of them has created the tables."""
    rt = child_runtime(db, actor)
    try:
        barrier.wait(timeout=60)
        outcome = rt.repairs.open(unit="1-1-0101", caller=actor, phone=None, summary="新库并发")
        rt.backend.catch_up()
        results.put((actor, "ok", outcome.number))
    except BaseException as err:  # report, don't hang the parent
        results.put((actor, "error", f"{type(err).__name__}: {err}"))
    finally:
        rt.close()


def open_tickets_in(db: str, actor: str, count: int, office: str, barrier: Any,
                    results: Any) -> None:
    """``open_tickets`` for a desk of one office (several offices write one chain)."""
    from propsvc.errors import Conflict

    rt = open_office(db, actor=actor, office=office, clock=SettableClock(START))
    try:
        barrier.wait(timeout=60)
        done = 0
        while done < count:
            try:
                rt.repairs.open(unit="1-1-0101", caller=f"{actor}-{done}", phone=None,
                               summary="链并发")
            except Conflict:
                continue
            done += 1
            rt.backend.catch_up()
        results.put((actor, "ok", done))
    except BaseException as err:  # report, don't hang the parent
        results.put((actor, "error", f"{type(err).__name__}: {err}"))
    finally:
        rt.close()


def write_while_copied(db: str, count: int, barrier: Any, results: Any) -> None:
    """A desk that keeps writing while another process takes a backup."""
    rt = open_office(db, actor="busy-desk", clock=SettableClock(START))
    try:
        barrier.wait(timeout=60)
        for i in range(count):
            rt.repairs.open(unit="2-1-0101", caller=f"busy-{i}", phone=None, summary="备份中")
        results.put(("busy-desk", "ok", count))
    except BaseException as err:
        results.put(("busy-desk", "error", f"{type(err).__name__}: {err}"))
    finally:
        rt.close()
