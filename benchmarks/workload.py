"""Realistic repair traffic for N offices × units × months, written two ways.

* ``AppBackend`` drives the real application (``office.repairs.*`` and ``office.tick``) with a
  ``SettableClock``, exactly as desks and cron would.
* ``BulkBackend`` runs the *same* use cases (``RepairDesk`` → ``Service`` → aggregates →
  deadline policy) against an in-memory repository and writes the resulting events with
  ``executemany`` straight into ``propsvc_events``, mapped by the store's own
  ``PydanticMapper`` — so every stored row decodes exactly like one the application wrote.

The traffic is one deterministic plan per ticket (from a seeded RNG): intake (in-home or
public area, urgent or not, with an appointment or not, by phone/visit/staff/patrol), the
work order (sometimes late: R3 miss), arrival (sometimes late: R4 miss), an occasional
assessment (R5), chargeable jobs with quote → accept (sometimes a re-quote) → collect (R2,
R10), materials (R6), manual escalations and chases (R7, R11), deferrals with a temporary
measure completed days later (R8), completions (sometimes slow: R11 chase/escalation via
tick), return visits (some outside the window, some unsatisfied → reopened, V3), manual
reopenings (R12), a few tickets that get stuck after the work order, and a few steps
entered late with ``--at``. ``tick`` runs every simulated hour for every office.

For one seed and size both paths write byte-identical event tables (same originators,
versions, topics and states, in the same order); the bulk path is ~20–30× faster.

Usage (see ``python benchmarks/workload.py --help``)::

    python benchmarks/workload.py --db /tmp/w.db --events 20000 --path app
    python benchmarks/workload.py --db /tmp/w.db --events 1000000 --path bulk
"""

from __future__ import annotations

import argparse
import gc
import heapq
import json
import os
import random
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from propsvc.clock import SettableClock
from propsvc.desks.visit import VisitDesk
from propsvc.office import Actor, Backend, Office
from propsvc.profile import Profile

LOCAL = timedelta(hours=8)  # Asia/Shanghai, the default office calendar (no DST)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
         "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "志强", "晓东", "海燕"]
IN_HOME = [
    ("厨房水管", ["厨房水管接头漏水", "水槽下水管渗水", "厨房龙头关不紧"]),
    ("卫生间地漏", ["卫生间地漏堵塞返味", "淋浴房排水慢"]),
    ("马桶水箱", ["马桶水箱一直流水", "马桶冲水按钮失灵"]),
    ("电路开关", ["客厅开关跳闸", "插座没电", "卧室灯不亮"]),
    ("入户门锁", ["入户门锁芯卡死", "门把手松动"]),
    ("空调排水", ["空调冷凝水管滴水", "空调排水管脱落"]),
    ("燃气热水器", ["热水器打不着火", "热水器水温忽冷忽热"]),
    ("窗户", ["窗户密封条老化漏风", "推拉窗滑轮损坏"]),
    ("天花板", ["天花板渗水发霉", "楼上漏水到卫生间吊顶"]),
    ("阳台排水", ["阳台地漏堵塞", "雨水管渗漏"]),
]
PUBLIC = [
    ("{b}栋大堂", "大堂照明", ["大堂筒灯不亮", "感应门故障"]),
    ("{b}栋电梯厅", "电梯按钮", ["电梯外呼按钮失灵", "电梯厅灯管闪烁"]),
    ("{b}栋楼梯间", "楼梯间照明", ["楼梯间声控灯不亮", "消防门闭门器损坏"]),
    ("地下车库B1", "车库照明", ["车库灯管损坏一排", "车库排水沟堵塞"]),
    ("小区东门", "门禁", ["门禁刷卡无反应", "道闸抬杆故障"]),
    ("中心花园", "喷灌", ["喷灌管爆裂", "景观灯不亮"]),
]
MATERIALS = [
    ("PPR管", "DN20", "联塑", "2", "18.50"), ("角阀", "4分", "九牧", "1", "35.00"),
    ("生料带", "20m", "通用", "1", "3.00"), ("LED灯管", "T8 18W", "欧普", "2", "28.00"),
    ("空气开关", "C16", "正泰", "1", "42.00"), ("锁芯", "C级", "王力", "1", "120.00"),
    ("密封条", "10m", "通用", "1", "25.00"), ("进水阀", "通用型", "箭牌", "1", "48.00"),
    ("排水管", "DN50", "联塑", "1.5", "22.00"), ("玻璃胶", "300ml", "道康宁", "2", "16.00"),
]
FEES = [("更换水龙头及人工", 80, 260), ("更换锁芯及人工", 150, 380),
        ("疏通下水及人工", 60, 180), ("更换热水器配件及人工", 200, 650)]
MEASURES = [("关闭总阀并临时封堵", "等待厂家配件"), ("拉临时照明", "需要停电施工，待通知"),
            ("临时加固并设警示", "需业委会审批维修资金")]
ESCALATIONS = [("contractor", "需电梯维保单位处理"), ("manager", "业主情绪激动要求经理出面"),
               ("adviser", "涉及结构安全，请顾问评估"), ("insurer", "楼上漏水损失需保险理赔")]
VISIT_NOTES = ["修好了，谢谢", "师傅很专业", None, None, "准时到场"]
UNSATISFIED = ["还是漏水", "用了两天又坏了", "没修好，问题依旧"]


@dataclass
class Workload:
    offices: int = 10
    units: int = 2000  # apartments per office
    calls_per_unit_month: float = 0.3  # repair calls per apartment per month
    start: date = date(2026, 1, 1)
    seed: int = 20261122
    max_events: int = 1_000_000  # stop normal traffic once this many events are written
    days: int | None = None  # ...or after this many days
    storm_open_deadlines: int = 0  # end with a backlog: open deadlines to reach (see storm)
    storm_hours: int = 6
    tick_minutes: int = 60

    def office_codes(self) -> list[str]:
        return [f"of{i + 1:02d}" for i in range(self.offices)]


@dataclass
class Step:
    op: str
    at: datetime  # business time (occurred_at)
    entered: datetime  # when the desk records it (the clock); > at for a late entry
    args: dict[str, Any] = field(default_factory=dict)


@dataclass
class Plan:
    office: str
    steps: list[Step]
    number: str | None = None
    ticket_id: UUID | None = None
    pos: int = 0


def _m(minutes: float) -> timedelta:
    return timedelta(minutes=minutes)


class Planner:
    """Turns a seeded RNG into per-ticket plans (pure: no I/O, no application calls)."""

    def __init__(self, w: Workload) -> None:
        self.w = w
        self.rng = random.Random(w.seed)
        self.techs = {o: [f"{self.rng.choice(SURNAMES)}师傅" for _ in range(6)]
                      for o in w.office_codes()}

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)

    def phone(self) -> str:
        return "1" + self.rng.choice("3589") + "".join(self.rng.choice("0123456789")
                                                       for _ in range(9))

    def unit(self) -> str:
        r = self.rng
        buildings = max(1, self.w.units // 320)
        building, entrance = r.randint(1, buildings), r.randint(1, 4)
        return f"{building}-{entrance}-{r.randint(1, 20)}{r.randint(1, 4):02d}"

    def call_time(self, day: date) -> datetime:
        """Office-local hours weighted like a service desk: busy mornings and evenings."""
        r = self.rng
        hour = r.choices(range(24), weights=[1, 1, 1, 1, 1, 1, 2, 5, 9, 10, 9, 7, 5, 6, 8, 8,
                                             7, 7, 8, 9, 7, 4, 2, 1])[0]
        local = datetime(day.year, day.month, day.day, hour, r.randrange(60),
                         r.randrange(60), tzinfo=UTC)
        return local - LOCAL

    def day_plans(self, day: date) -> Iterator[Plan]:
        r = self.rng
        mean = self.w.units * self.w.calls_per_unit_month / 30
        for office in self.w.office_codes():
            n = max(0, round(r.gauss(mean, mean ** 0.5)))
            times = sorted(self.call_time(day) for _ in range(n))
            for t in times:
                yield self.ticket(office, t)

    def stuck_plan(self, office: str, t0: datetime) -> Plan:
        """A backlog ticket: called in and ordered, then nothing (storm at the end)."""
        steps = [self._intake(t0, public=self.rng.random() < 0.5, urgent=False, channel="phone",
                              appointment=None),
                 Step("order", t0 + _m(2), t0 + _m(2),
                      {"technician": self.rng.choice(self.techs[office])})]
        return Plan(office, steps)

    def _intake(self, t0: datetime, *, public: bool, urgent: bool, channel: str,
                appointment: datetime | None) -> Step:
        r = self.rng
        caller = self.name()
        if public:
            loc, part, summaries = r.choice(PUBLIC)
            args: dict[str, Any] = {
                "unit": None, "location": loc.format(b=r.randint(1, 8)), "part": part,
                "summary": r.choice(summaries), "public_area": True, "home": None,
                "spare_key": None}
        else:
            part, summaries = r.choice(IN_HOME)
            home = r.random() < 0.7
            args = {"unit": self.unit(), "location": None, "part": part,
                    "summary": r.choice(summaries), "public_area": False, "home": home,
                    "spare_key": None if home else r.random() < 0.4}
        args.update(caller=caller, phone=None if channel in ("staff", "patrol") else
                    self.phone(), urgent=urgent, appointment=appointment, channel=channel)
        return Step("open", t0, t0, args)

    def ticket(self, office: str, t0: datetime) -> Plan:
        r = self.rng
        techs = self.techs[office]
        channel = r.choices(["phone", "visit", "staff", "patrol"], [70, 15, 10, 5])[0]
        staff = channel in ("staff", "patrol")
        public = r.random() < (0.8 if staff else 0.2)
        urgent = r.random() < 0.1
        appointment = None
        if not public and not urgent and r.random() < 0.3:
            appointment = (t0 + _m(r.choice([120, 180, 240, 600, 1440, 1500, 2880]))).replace(
                minute=r.choice([0, 30]), second=0)
            if appointment <= t0:
                appointment += timedelta(hours=1)
        intake = self._intake(t0, public=public, urgent=urgent, channel=channel,
                              appointment=appointment)
        caller = intake.args["caller"]
        steps = [intake]
        t = t0

        def add(op: str, delay: float, late_entry: bool = False, **args: Any) -> None:
            nonlocal t
            t = t + _m(delay) + timedelta(seconds=r.randrange(60))
            entered = t
            if late_entry and r.random() < 0.04:  # typed in afterwards with --at
                entered = t + _m(r.randint(10, 90))
            steps.append(Step(op, t, entered, args))
            t = entered

        tech = r.choice(techs)
        chargeable = not public and r.random() < 0.2

        def cycle(first: bool) -> bool:
            if not (staff and first):
                add("order", r.uniform(1, 4) if r.random() < 0.9 else r.uniform(6, 40),
                    technician=tech)
                if first and r.random() < 0.015:  # stuck: never progresses
                    return False
            if urgent:
                gap = r.uniform(4, 14) if r.random() < 0.85 else r.uniform(16, 50)
            elif appointment is not None and first:
                arrive_at = appointment + _m(r.uniform(-20, 10) if r.random() < 0.9
                                             else r.uniform(20, 90))
                gap = max(2.0, (arrive_at - t).total_seconds() / 60)
            else:
                gap = r.uniform(20, 110) if r.random() < 0.85 else r.uniform(125, 300)
            if not (staff and first) and gap > 70 and r.random() < 0.4:
                add("chase", r.uniform(45, 60), note="业主来电催促")
                gap -= 61
            add("arrive", max(gap, 1.0), late_entry=True,
                technician=tech if staff and first else None)
            if first and r.random() < 0.02:
                to, why = r.choice(ESCALATIONS)
                add("escalate", r.uniform(3, 10), to=to, reason=why)
            if r.random() < 0.05:
                add("assess", r.uniform(5, 15))
                add("reassess_done", r.uniform(10, 25) if r.random() < 0.9
                    else r.uniform(31, 70))
            if chargeable and first:
                items, lo, hi = r.choice(FEES)
                amount = r.randint(lo, hi)
                add("quote", r.uniform(5, 15), amount=f"{amount}.00", items=items)
                if r.random() < 0.1:
                    amount = max(lo, amount - r.randint(10, 50))
                    add("quote", r.uniform(10, 30), amount=f"{amount}.00", items=items)
                add("accept_fee", r.uniform(2, 20))
            if chargeable or r.random() < 0.8:
                add("start", r.uniform(1, 10))
            if r.random() < 0.4:
                items = [",".join(m) for m in r.sample(MATERIALS, r.randint(1, 3))]
                add("materials", r.uniform(10, 60), items=items)
            if first and r.random() < 0.05:
                measure, reason = r.choice(MEASURES)
                add("defer", r.uniform(10, 40), measure=measure, reason=reason)
                work = r.uniform(1, 10) * 1440
            else:
                work = r.uniform(20, 180) if r.random() < 0.9 else r.uniform(250, 600)
            signer = caller if staff else (caller if not public else "物业-" + self.name())
            add("complete", work, late_entry=True, signed_by=signer,
                rating=r.choices([5, 4, 3, 2, 1], [55, 30, 10, 3, 2])[0])
            if chargeable and first:
                add("collect_fee", r.uniform(5, 30), amount=f"{amount}.00")
            return True

        if not cycle(True):
            return Plan(office, steps)  # stuck after the work order
        roll = r.random()
        if roll < 0.65:
            method = r.choices(["phone", "in-person", "on-site"], [70, 20, 10])[0]
            unhappy = r.random() < 0.08
            delay = r.uniform(1, 6.5) if r.random() < 0.9 else r.uniform(8, 12)
            add("visit", delay * 1440, method=method,
                result="unsatisfied" if unhappy else "satisfied",
                note=r.choice(UNSATISFIED) if unhappy else r.choice(VISIT_NOTES),
                resident_signed_by=None if method == "phone" else caller)
            if unhappy:  # V3: reopened by the visit itself
                cycle(False)
                add("visit", r.uniform(1, 3) * 1440, method="phone", result="satisfied",
                    note="这次修好了", resident_signed_by=None)
        elif roll < 0.67:  # R12: the owner calls back days later
            add("reopen", r.uniform(1, 5) * 1440, reason="同一问题再次出现", appointment=None)
            cycle(False)
        return Plan(office, steps)


# -- backends -------------------------------------------------------------------------------


def office_registry(codes: list[str], clock: SettableClock) -> Any:
    """Every office of the workload, registered before its desks write (issue 9): the
    same events first in the store on both paths."""
    from propsvc.aggregates.base import Context
    from propsvc.aggregates.offices import OfficeRegistry

    ctx = Context(clock.now(), clock.now(), "bench", "manager", codes[0])
    found = OfficeRegistry.begin(codes[0], codes[0], "Asia/Shanghai", ctx)
    for code in codes[1:]:
        found.add(code, code, "Asia/Shanghai", ctx)
    return found


def _register_offices(backend: Backend, codes: list[str], clock: SettableClock) -> None:
    from propsvc.store.offices import registry

    if registry(backend.store) is None:
        backend.store.save(office_registry(codes, clock))


class AppBackend:
    """The real application: one ``Office`` per office, all sharing one backend (store and
    runner) and one clock. Writes leave the read models to the hourly tick, as before the
    facade caught up after each write (``catch_up_writes=False``)."""

    def __init__(self, db: str, w: Workload, clock: SettableClock) -> None:
        codes = w.office_codes()
        backend = Backend(db)
        self.rts = {code: Office(backend, code, Actor(f"desk-{code}", "desk"), clock,
                                 catch_up_writes=False) for code in codes}
        self.base = self.rts[codes[0]]
        _register_offices(backend, codes, clock)
        self.clock = clock
        self.write_seconds = 0.0
        self.tick_seconds = 0.0

    def desk(self, office: str) -> Any:
        return self.rts[office].repairs

    def run(self, office: str, fn: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        try:
            return fn()
        finally:
            self.write_seconds += time.perf_counter() - started

    def tick(self, at: datetime) -> None:
        started = time.perf_counter()
        for rt in self.rts.values():
            rt.tick(at)
        self.tick_seconds += time.perf_counter() - started

    def written(self) -> int:
        return self.base.backend.store.recorder.max_notification_id() or 0

    def plan_done(self, plan: Plan) -> None:
        pass

    def flush(self) -> None:
        pass

    def open_deadlines(self) -> int:
        from sqlalchemy import func, select

        from propsvc.projections.tables.deadlines import deadlines

        self.base.catch_up()
        with self.base.read_engine.connect() as conn:
            return conn.execute(select(func.count()).where(
                deadlines.c.state == "open")).scalar() or 0

    def close(self) -> None:
        self.base.backend.close()


class MemoryRepository:
    """Just enough of the library's store for ``Service``: get, save, and an event sink."""

    def __init__(self) -> None:
        self.aggregates: dict[UUID, Any] = {}
        self.sink: list[Any] = []
        self.repository = self

    def get(self, aggregate_id: UUID, version: int | None = None) -> Any:
        from eventsourcing.application import AggregateNotFoundError

        assert version is None
        try:
            return self.aggregates[aggregate_id]
        except KeyError:
            raise AggregateNotFoundError(aggregate_id) from None

    def save(self, *aggregates: Any) -> None:
        for agg in aggregates:
            self.sink.extend(agg.collect_events())
            self.aggregates[agg.id] = agg


class Writer:
    """Inserts row batches with ``executemany`` on its own connection, in a child process,
    so the database work runs on the other core (a thread would fight the generator for
    the GIL: the driver takes it back for every row it binds)."""

    def __init__(self, url: str, table: str) -> None:
        import multiprocessing

        self.dialect = "sqlite" if url.startswith("sqlite") else "postgresql"
        ctx = multiprocessing.get_context("fork")
        self.queue: Any = ctx.Queue(maxsize=3)
        self.results: Any = ctx.Queue()
        self.proc = ctx.Process(target=_write_rows, args=(url, table, self.queue, self.results),
                                name="bulk-writer", daemon=True)
        self.proc.start()
        self.seconds = 0.0

    def put(self, rows: list[tuple[Any, ...]]) -> None:
        if not self.proc.is_alive():
            raise RuntimeError(f"bulk writer died: {self.results.get(timeout=1)}")
        self.queue.put(rows)

    def close(self) -> None:
        self.queue.put(None)
        outcome = self.results.get()
        self.proc.join()
        if outcome.get("error"):
            raise RuntimeError(f"bulk writer failed: {outcome['error']}")
        self.seconds = outcome["seconds"]


class _Chain:
    """The bulk writer links its rows as the store's recorder would (``store.chain``), so a
    bulk-loaded store verifies and its first application write appends to the chain
    instead of chaining a million rows as an old store's upgrade."""

    def __init__(self, conn: Any, mark: str) -> None:
        from propsvc.store.chain import GENESIS

        self.conn, self.mark = conn, mark
        head = conn.execute("SELECT head_position, head_link FROM propsvc_chain").fetchone()
        last = conn.execute("SELECT MAX(id) FROM propsvc_events").fetchone()[0] or 0
        self.has_head = head is not None
        self.position, self.previous = (int(head[0]), bytes(head[1])) if head else (0, GENESIS)
        if last != self.position:
            raise RuntimeError("bulk load into a store whose chain does not end at its last "
                               "event: use a new store")
        self.sql = (f"INSERT INTO propsvc_events (id, originator_id, originator_version, topic,"
                    f" state, chain_hash) VALUES ({', '.join([mark] * 6)})")

    def link(self, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        from propsvc.store.chain import link

        out = []
        position, previous = self.position, self.previous
        for oid, version, topic, state in rows:
            position += 1
            previous = link(previous, position, oid, version, topic, state)
            out.append((position, oid, version, topic, state, previous))
        self.position, self.previous = position, previous
        return out

    def save_head(self) -> None:
        m = self.mark
        if self.has_head:
            self.conn.execute(f"UPDATE propsvc_chain SET head_position = {m}, head_link = {m} "
                              "WHERE id = 1", (self.position, self.previous))
        else:
            self.conn.execute(f"INSERT INTO propsvc_chain (id, head_position, head_link, "
                              f"upgraded_upto, upgraded_at, remark) VALUES (1, {m}, {m}, 0, "
                              "NULL, NULL)", (self.position, self.previous))
            self.has_head = True


def _write_rows(url: str, table: str, queue: Any, results: Any) -> None:
    """The writer process: one transaction per batch, then a checkpoint (SQLite)."""
    seconds = 0.0
    try:
        if url.startswith("sqlite"):
            path = url.split("///", 1)[1].split("?", 1)[0]
            conn: Any = sqlite3.connect(path, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            # A bulk load is all-or-rerun: no fsync per batch (on this VM each checkpoint's
            # fsync costs more than the inserts); the end checkpoints under FULL.
            conn.execute("PRAGMA synchronous=OFF")
            conn.execute("PRAGMA cache_size=-200000")
            chain = _Chain(conn, "?")
            while (rows := queue.get()) is not None:
                started = time.perf_counter()
                conn.execute("BEGIN IMMEDIATE")
                conn.executemany(chain.sql, chain.link(rows))
                chain.save_head()
                conn.execute("COMMIT")
                seconds += time.perf_counter() - started
            started = time.perf_counter()
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.close()
            seconds += time.perf_counter() - started
        else:
            import psycopg

            with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://", 1),
                                 autocommit=True) as pg:
                chain = _Chain(pg, "%s")
                while (rows := queue.get()) is not None:
                    started = time.perf_counter()
                    with pg.transaction(), pg.cursor() as cur:
                        cur.executemany(chain.sql, chain.link(rows))
                        chain.save_head()
                    seconds += time.perf_counter() - started
        results.put({"seconds": seconds})
    except BaseException as err:
        results.put({"error": repr(err), "seconds": seconds})
        while queue.get() is not None:  # let the producer finish and learn of it at close
            pass


def _memory_service() -> type:
    from propsvc.desks.service import Service

    class MemoryService(Service):
        """``Service`` unchanged but for a cache of number → id (uuid5 is a SHA-1)."""

        def ticket_id(self, number: str) -> UUID:
            ids = self.__dict__.setdefault("_ids", {})
            tid = ids.get(number)
            if tid is None:
                tid = ids[number] = super().ticket_id(number)
            return tid

    return MemoryService


class BulkBackend:
    """The same use cases in memory; events mapped by the store's mapper, executemany."""

    def __init__(self, db: str, w: Workload, clock: SettableClock, chunk: int = 10_000) -> None:
        from propsvc.desks.repair import RepairDesk
        from propsvc.desks.service import Who
        from propsvc.store.event_store import normalise_url, open_store

        url = normalise_url(db)
        store = open_store(url)  # gives the mapper
        store.recorder.ready(create=True)  # type: ignore[attr-defined]  # table and indexes
        self.mapper = store.mapper
        table = store.recorder.events_table_name
        store.close()
        self.writer = Writer(url, table)
        self.repo = MemoryRepository()
        self.repo.sink.extend(office_registry(w.office_codes(), clock).collect_events())
        self.clock = clock
        self.services: dict[str, Any] = {}
        self.desks: dict[str, Any] = {}
        _MemoryService = _memory_service()
        for code in w.office_codes():
            svc = _MemoryService(self.repo, clock, Profile(),  # type: ignore[arg-type]
                                 Who(code, f"desk-{code}", "desk"))
            self.services[code] = svc
            self.desks[code] = RepairDesk(svc)
        self.due: dict[str, list[tuple[datetime, str, str, str, UUID]]] = {
            c: [] for c in self.services}
        self.seen = 0  # events of the sink already scanned for DeadlineSet
        self.count = 0
        self.chunk = chunk
        self.write_seconds = 0.0
        self.tick_seconds = 0.0
        self.sql_seconds = 0.0
        self.map_seconds = 0.0
        # fewer cyclic-GC passes over the live aggregates (nearly all garbage here is freed
        # by reference counting); restored by close()
        self._gc_threshold = gc.get_threshold()
        gc.set_threshold(100_000, 50, 100)

    def desk(self, office: str) -> Any:
        return self.desks[office]

    def run(self, office: str, fn: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        try:
            result = fn()
            self._index_deadlines(office)
            return result
        finally:
            self.write_seconds += time.perf_counter() - started
            if len(self.repo.sink) >= self.chunk:
                self.flush()

    def _index_deadlines(self, office: str) -> None:
        from propsvc.aggregates.deadlines import DeadlineSet

        sink = self.repo.sink
        for e in sink[self.seen:]:
            if type(e) is DeadlineSet:
                heapq.heappush(self.due[e.office],
                               (e.due_at, e.subject, e.ref, e.key, e.originator_id))
        self.seen = len(sink)

    def tick(self, at: datetime) -> None:
        """``ticking.tick`` without the database: the due heap stands in for the index."""
        started = time.perf_counter()
        for office, heap in self.due.items():
            svc = self.services[office]
            found: dict[tuple[str, str], list[str]] = {}
            while heap and heap[0][0] < at:
                _, subject, ref, key, aggregate_id = heapq.heappop(heap)
                aggregate = self.repo.aggregates.get(aggregate_id)
                if aggregate is None:
                    continue
                d = aggregate.deadlines.get(key)
                if d is not None and d.state == "open" and not d.missed:
                    found.setdefault((subject, ref), []).append(key)
            for (subject, ref), keys in found.items():
                svc.record_misses(subject, ref, keys, at)
            self._index_deadlines(office)
        self.tick_seconds += time.perf_counter() - started
        if len(self.repo.sink) >= self.chunk:
            self.flush()

    def plan_done(self, plan: Plan) -> None:
        """Forget a finished ticket unless a deadline of it is still open (tick needs it)."""
        tid = plan.ticket_id
        ticket = self.repo.aggregates.get(tid)
        if ticket is not None and not any(d.state == "open" and not d.missed
                                          for d in ticket.deadlines.values()):
            del self.repo.aggregates[tid]

    def forget_counters(self, before: datetime) -> None:
        from propsvc.aggregates.counter import Counter

        for key in [k for k, a in self.repo.aggregates.items()
                    if isinstance(a, Counter) and a.last_occurred_at < before]:
            del self.repo.aggregates[key]

    def written(self) -> int:
        return self.count + len(self.repo.sink)

    def flush(self) -> None:
        """Map the pending events with the store's mapper; the writer process inserts them."""
        events, self.repo.sink = self.repo.sink, []
        self.seen = 0
        if not events:
            return
        started = time.perf_counter()
        to_stored = self.mapper.to_stored_event
        if self.writer.dialect == "sqlite":
            rows = [(s.originator_id.bytes, s.originator_version, s.topic, s.state)
                    for s in map(to_stored, events)]
        else:
            rows = [(s.originator_id, s.originator_version, s.topic, s.state)
                    for s in map(to_stored, events)]
        self.map_seconds += time.perf_counter() - started
        self.writer.put(rows)
        self.count += len(events)

    def open_deadlines(self) -> int:
        return sum(1 for a in self.repo.aggregates.values()
                   for d in getattr(a, "deadlines", {}).values() if d.state == "open")

    def close(self) -> None:
        self.flush()
        self.writer.close()
        self.sql_seconds = self.writer.seconds
        gc.set_threshold(*self._gc_threshold)


# -- the driver -----------------------------------------------------------------------------


@dataclass
class Result:
    events: int
    tickets: int
    steps: int
    first: datetime
    end: datetime
    seconds: float
    write_seconds: float
    tick_seconds: float
    storm_tickets: int = 0
    skipped: int = 0
    sql_seconds: float | None = None  # bulk: executemany + commits (writer process)
    map_seconds: float | None = None  # bulk: PydanticMapper.to_stored_event
    cpu_seconds: float | None = None  # CPU of this process and its writer: the machine is shared

    def as_dict(self) -> dict[str, Any]:
        return {"events": self.events, "tickets": self.tickets, "steps": self.steps,
                "business_from": self.first.isoformat(), "business_to": self.end.isoformat(),
                "days": round((self.end - self.first).total_seconds() / 86400, 1),
                "seconds": round(self.seconds, 3),
                "write_seconds": round(self.write_seconds, 3),
                "tick_seconds": round(self.tick_seconds, 3),
                "sql_seconds": None if self.sql_seconds is None else round(self.sql_seconds, 3),
                "map_seconds": None if self.map_seconds is None else round(self.map_seconds, 3),
                "cpu_seconds": None if self.cpu_seconds is None else round(self.cpu_seconds, 3),
                "events_per_second": round(self.events / self.seconds) if self.seconds else None,
                "storm_tickets": self.storm_tickets, "skipped_steps": self.skipped}


def execute(backend: Any, plan: Plan, step: Step, clock: SettableClock) -> None:
    """Run one step as a desk would; a late entry the rules refuse (tick recorded something
    in between) is entered again as of now, as the desk would do."""
    from propsvc.errors import InvalidInput

    clock.set(step.entered)
    if step.entered != step.at:
        try:
            _execute(backend, plan, step, step.at)
            return
        except InvalidInput:
            pass
    _execute(backend, plan, step, None)


def _execute(backend: Any, plan: Plan, step: Step, at: datetime | None) -> None:
    desk = backend.desk(plan.office)
    a = step.args
    if step.op == "open":
        outcome = backend.run(plan.office, lambda: desk.open(at=at, **a))
        plan.number = outcome.number
        plan.ticket_id = outcome.aggregate.id
        return
    n = plan.number
    calls: dict[str, Callable[[], Any]] = {
        "order": lambda: desk.order(n, a["technician"], at=at),
        "arrive": lambda: desk.arrive(n, a.get("technician"), at=at),
        "assess": lambda: desk.assess(n, at=at),
        "reassess_done": lambda: desk.reassess_done(n, at=at),
        "quote": lambda: desk.quote(n, a["amount"], a["items"], at=at),
        "accept_fee": lambda: desk.accept_fee(n, at=at),
        "start": lambda: desk.start(n, at=at),
        "materials": lambda: desk.materials(n, a["items"], at=at),
        "escalate": lambda: desk.escalate(n, a["to"], a["reason"], at=at),
        "defer": lambda: desk.defer(n, a["measure"], a["reason"], at=at),
        "complete": lambda: desk.complete(n, a["signed_by"], a["rating"], at=at),
        "collect_fee": lambda: desk.collect_fee(n, a["amount"], at=at),
        "chase": lambda: desk.chase(n, a.get("note"), at=at),
        "visit": lambda: VisitDesk(desk.svc).record(n, a["method"], a["result"], a.get("note"),
                                                    a.get("resident_signed_by"), at=at),
        "reopen": lambda: desk.reopen(n, a["reason"], a.get("appointment"), at=at),
    }
    backend.run(plan.office, calls[step.op])


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def drive(backend: Any, w: Workload, clock: SettableClock,
          progress: Callable[[int], None] | None = None) -> Result:
    """Run the traffic in business-time order until ``max_events`` (or ``days``)."""
    from propsvc.errors import PropsvcError

    planner = Planner(w)
    started = time.perf_counter()
    cpu_started = _cpu()
    first = datetime(w.start.year, w.start.month, w.start.day, tzinfo=UTC) - LOCAL
    heap: list[tuple[datetime, int, Any, Any]] = []
    seq = 0

    def push(when: datetime, item: Any, extra: Any = None) -> None:
        nonlocal seq
        seq += 1
        heapq.heappush(heap, (when, seq, item, extra))

    next_day = w.start
    next_tick = first + _m(w.tick_minutes)
    push(next_tick, "tick")
    tickets = steps = skipped = 0
    last_day = None if w.days is None else w.start + timedelta(days=w.days)
    now = first
    day_start = first
    while True:
        # plan the next office-day before its first call can come up
        if (last_day is None or next_day < last_day) and (not heap or heap[0][0] >= day_start):
            for plan in planner.day_plans(next_day):
                push(plan.steps[0].entered, plan)
                tickets += 1
            next_day += timedelta(days=1)
            if hasattr(backend, "forget_counters"):
                backend.forget_counters(day_start - timedelta(days=1))
            day_start += timedelta(days=1)
            continue
        if not heap:
            break
        now, _, item, _ = heapq.heappop(heap)
        if item == "tick":
            clock.set(now)
            backend.tick(now)
            push(now + _m(w.tick_minutes), "tick")
        else:
            plan: Plan = item
            step = plan.steps[plan.pos]
            try:
                execute(backend, plan, step, clock)
            except PropsvcError as err:  # a plan the rules refuse: a generator bug
                skipped += 1
                if skipped <= 5:
                    print(f"skipped {plan.number} {step.op}: {err}", file=sys.stderr)
                plan.pos = len(plan.steps)
            steps += 1
            plan.pos += 1
            if plan.pos < len(plan.steps):
                push(plan.steps[plan.pos].entered, plan)
            elif plan.number is not None:
                backend.plan_done(plan)
        if steps % 500 == 0:
            written = backend.written()
            if progress:
                progress(written)
            if written >= w.max_events:
                break
        if last_day is not None and not heap:
            break
    storm = 0
    if w.storm_open_deadlines:
        storm = _storm(backend, w, planner, clock, now)
        now = clock.now()
    backend.flush()
    events = backend.written()
    backend.close()
    return Result(events, tickets + storm, steps, first, now,
                  time.perf_counter() - started, backend.write_seconds, backend.tick_seconds,
                  storm, skipped, getattr(backend, "sql_seconds", None),
                  getattr(backend, "map_seconds", None), _cpu() - cpu_started)


def _storm(backend: Any, w: Workload, planner: Planner, clock: SettableClock,
           now: datetime) -> int:
    """A backlog at the end: tickets called in and ordered, nobody arrives (≈3 deadlines
    each), spread over ``storm_hours`` with the hourly ticks, until the open-deadline count
    reaches ``storm_open_deadlines``."""
    need = w.storm_open_deadlines - backend.open_deadlines()
    n = max(0, need // 3)
    codes = w.office_codes()
    span = w.storm_hours * 60
    items: list[tuple[datetime, int, Any]] = []
    for i in range(n):
        t0 = now + _m(span * i / max(n, 1))
        items.append((t0, i, planner.stuck_plan(codes[i % len(codes)], t0)))
    for h in range(1, w.storm_hours + 1):
        items.append((now + _m(60 * h - 0.5), n + h, "tick"))
    items.sort(key=lambda x: (x[0], x[1]))
    for when, _, item in items:
        if item == "tick":
            clock.set(when)
            backend.tick(when)
            continue
        for step in item.steps:
            execute(backend, item, step, clock)
    clock.set(now + _m(span))
    return n


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", required=True, help="SQLite file path or postgresql:// URL")
    p.add_argument("--path", choices=["app", "bulk"], default="bulk")
    p.add_argument("--events", type=int, default=20_000, help="stop at about this many")
    p.add_argument("--offices", type=int, default=10)
    p.add_argument("--units", type=int, default=2000)
    p.add_argument("--seed", type=int, default=20261122)
    p.add_argument("--storm-open-deadlines", type=int, default=0)
    args = p.parse_args(argv)
    w = Workload(offices=args.offices, units=args.units, seed=args.seed,
                 max_events=args.events, storm_open_deadlines=args.storm_open_deadlines)
    clock = SettableClock(datetime(w.start.year, w.start.month, w.start.day, tzinfo=UTC))
    backend: Any = (AppBackend if args.path == "app" else BulkBackend)(args.db, w, clock)
    result = drive(backend, w, clock)  # closes the backend (final flush included)
    print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
