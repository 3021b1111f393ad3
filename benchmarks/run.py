"""propsvc benchmarks: print (and save) one JSON document of measurements.

    python benchmarks/run.py                     # 1M events in the store (several minutes)
    python benchmarks/run.py --events 200000     # any size
    python benchmarks/run.py --quick             # 30k events, the headline ratios (< 3 min)
    python benchmarks/run.py --reuse             # keep a bulk-loaded store of the same size

What it measures (DESIGN §11), in this order:

* ``app_writes``: events/s written through the application (``office.repairs.*`` with a
  settable clock, hourly ``tick`` for every office), SQLite and PostgreSQL if reachable.
* ``bulk_load``: the same use cases in memory, events written with ``executemany``.
* ``raw_select``: the event table read by the driver's cursor (the physical limit), and
  read + ``decode_event`` (the floor of any rebuild).
* ``rebuild``: ``backend.rebuild()`` in a fresh process, with its RSS sampled.
* ``history`` / ``as_of``: ``service.events_of`` + ``views.history_view`` /
  ``views.as_of`` + ``views.ticket_view`` for random tickets (median/p95 ms).
* ``queries``: a month's repair register, a day's report, a month's visit register, the
  overdue list, for one office (median/p95 ms).
* ``tick``: ``office.tick`` for every office with ~10k open deadlines in the store.

Benchmarks print numbers; nothing here asserts a time. Files go to ``benchmarks/out/``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from propsvc.clock import SettableClock  # noqa: E402
from propsvc.office import Actor, Backend, Office  # noqa: E402
from workload import AppBackend, BulkBackend, Workload, drive  # noqa: E402

PG_URL = os.environ.get("PROPSVC_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


# -- helpers ----------------------------------------------------------------------------------


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def hwm_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


class RssSampler:
    def __init__(self, every: float = 0.1) -> None:
        self.every = every
        self.peak = 0.0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mb())
            self.samples += 1
            self._stop.wait(self.every)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mb())


def latency(fn: Callable[[], Any], runs: int) -> dict[str, Any]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return summary(times)


def summary(times_ms: list[float]) -> dict[str, Any]:
    times_ms = sorted(times_ms)
    p95 = times_ms[min(len(times_ms) - 1, round(0.95 * (len(times_ms) - 1)))]
    return {"runs": len(times_ms), "median_ms": round(statistics.median(times_ms), 3),
            "p95_ms": round(p95, 3), "max_ms": round(times_ms[-1], 3)}


def machine() -> dict[str, Any]:
    import eventsourcing
    import pydantic
    import sqlalchemy

    mem = ""
    try:
        with open("/proc/meminfo") as f:
            mem = f.readline().split(":")[1].strip()
    except OSError:
        pass
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")),
                       "")
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(), "usable_cpus": len(os.sched_getaffinity(0)), "cpu": cpu,
        "memory": mem, "python": platform.python_version(),
        "implementation": platform.python_implementation(), "platform": platform.platform(),
        "sqlite": sqlite3.sqlite_version, "sqlalchemy": sqlalchemy.__version__,
        "pydantic": pydantic.VERSION,
        "eventsourcing": getattr(eventsourcing, "__version__", "9.5"),
        "loadavg_at_start": os.getloadavg(),
    }


def fresh_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def pg_reachable() -> str | None:
    try:
        import psycopg

        with psycopg.connect(PG_URL, connect_timeout=3):
            return None
    except Exception as err:  # depends on the machine
        return str(err).splitlines()[0]


def start_clock(w: Workload) -> SettableClock:
    return SettableClock(datetime(w.start.year, w.start.month, w.start.day, tzinfo=UTC))


# -- phases -----------------------------------------------------------------------------------


def app_writes(db: str, events: int, label: str) -> dict[str, Any]:
    w = Workload(max_events=events)
    clock = start_clock(w)
    backend = AppBackend(db, w, clock)
    result = drive(backend, w, clock).as_dict()
    result["writes_only_events_per_second"] = (
        round(result["events"] / result["write_seconds"]) if result["write_seconds"] else None)
    result["database"] = label
    result["command"] = "AppBackend: office.repairs.* + office.tick every simulated hour"
    return result


def app_writes_pg(events: int) -> dict[str, Any]:
    import psycopg

    reason = pg_reachable()
    if reason:
        return {"skipped": f"PostgreSQL not reachable at {PG_URL}: {reason}"}
    name = f"propsvc_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = PG_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        return app_writes(url, events, "postgresql")
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def bulk_load(db: Path, events: int, open_deadlines: int, reuse: bool) -> dict[str, Any]:
    meta = Path(str(db) + ".json")
    if reuse and db.exists() and meta.exists():
        saved: dict[str, Any] = json.loads(meta.read_text())
        saved["reused"] = True
        return saved
    fresh_sqlite(db)
    w = Workload(max_events=events, storm_open_deadlines=open_deadlines)
    clock = start_clock(w)
    result = drive(BulkBackend(str(db), w, clock), w, clock).as_dict()
    result["workload"] = {"offices": w.offices, "units_per_office": w.units,
                          "calls_per_unit_month": w.calls_per_unit_month, "seed": w.seed,
                          "storm_open_deadlines": w.storm_open_deadlines}
    result["db_mb"] = round(db.stat().st_size / 2**20, 1)
    result["command"] = (f"python benchmarks/workload.py --db {db} --path bulk --events {events}"
                         f" --storm-open-deadlines {open_deadlines}")
    meta.write_text(json.dumps(result, ensure_ascii=False, indent=2))
    return result


def raw_select(db: Path) -> dict[str, Any]:
    from propsvc.store.event_store import decode_event

    conn = sqlite3.connect(db)
    sql = ("SELECT id, originator_id, originator_version, topic, state FROM propsvc_events "
           "WHERE id > ? ORDER BY id LIMIT ?")
    out: dict[str, Any] = {}
    for label, decode in (("select", False), ("select_and_decode", True)):
        started, cpu = time.perf_counter(), time.process_time()
        count, last = 0, 0
        while True:
            rows = conn.execute(sql, (last, 10_000)).fetchall()
            if not rows:
                break
            if decode:
                for r in rows:
                    decode_event(r[3], r[4], r[1], r[2])
            count += len(rows)
            last = rows[-1][0]
        seconds = time.perf_counter() - started
        out[label] = {"rows": count, "seconds": round(seconds, 3),
                      "cpu_seconds": round(time.process_time() - cpu, 3),
                      "rows_per_second": round(count / seconds)}
    conn.close()
    out["command"] = ("sqlite3 cursor, batches of 10,000 by id (the runner's query); "
                      "decode = propsvc.store.event_store.decode_event per row")
    return out


def rebuild_in_child(db: Path | str, runs: int) -> dict[str, Any]:
    """Each run in a fresh process (clean RSS); the machine is shared, so several runs."""
    results = []
    for _ in range(runs):
        proc = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child-rebuild", str(db)],
            capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            return {"error": proc.stderr[-2000:]}
        run: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
        run["loadavg_after"] = round(os.getloadavg()[0], 2)
        results.append(run)
    rates = sorted(r["events_per_second"] for r in results)
    return {
        "events": results[0]["events"], "runs": results,
        "events_per_second_median": statistics.median(rates),
        "events_per_second_best": rates[-1],
        "events_per_cpu_second_median": statistics.median(
            r["events_per_cpu_second"] for r in results),
        "rss_peak_mb_max": max(r["rss_peak_mb"] for r in results),
        "workers_rss_peak_mb_max": max(r["workers_rss_peak_mb"] for r in results),
        "command": f"python benchmarks/run.py --child-rebuild {db}  (backend.rebuild())",
    }


def child_rebuild(db: str) -> None:
    import resource

    backend = Backend(db)
    runner = backend.runner
    runner.setup()
    before = rss_mb()
    with RssSampler() as sampler:
        started, cpu = time.perf_counter(), time.process_time()
        count = runner.rebuild()
        seconds = time.perf_counter() - started
        cpu_s = time.process_time() - cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers_cpu = children.ru_utime + children.ru_stime
    backend.close()
    print(json.dumps({
        "events": count, "seconds": round(seconds, 3), "cpu_seconds": round(cpu_s, 3),
        "workers_cpu_seconds": round(workers_cpu, 3),
        "events_per_second": round(count / seconds),
        "events_per_cpu_second": round(count / (cpu_s + workers_cpu)),
        "batch_size": runner.batch_size,
        "rss_before_mb": round(before, 1), "rss_peak_mb": round(sampler.peak, 1),
        "workers_rss_peak_mb": round(children.ru_maxrss / 1024, 1),
        "vm_hwm_mb": round(hwm_mb(), 1), "rss_samples": sampler.samples,
        **runner.last_rebuild,
    }))


def copy_events(source: Path, url: str) -> dict[str, Any]:
    """The SQLite store's events into the empty PostgreSQL database ``url``, exactly as
    stored (``events export`` → ``events import``: same ids, states and links)."""
    from propsvc.store.event_store import normalise_url, open_store
    from propsvc.store.transfer import export_events, import_events

    started, cpu = time.perf_counter(), time.process_time()
    dump = Path(str(source) + ".events.jsonl")
    src = open_store(normalise_url(str(source)))
    try:
        with dump.open("w", encoding="utf-8") as fh:
            export_events(src.recorder, fh, "2026-01-01T00:00:00+00:00")
    finally:
        src.close()
    dst = open_store(normalise_url(url))
    try:
        with dump.open(encoding="utf-8") as fh:
            done = import_events(dst.recorder, fh)
    finally:
        dst.close()
        dump.unlink(missing_ok=True)
    seconds = time.perf_counter() - started
    return {"events": done.events, "seconds": round(seconds, 3),
            "cpu_seconds": round(time.process_time() - cpu, 3),
            "command": "events export of the SQLite store → events import (COPY)"}


def rebuild_pg(db: Path, events: int, open_deadlines: int, runs: int,
               load_by: str = "copy", writes: int = 100) -> dict[str, Any]:
    """The same bulk workload in a fresh PostgreSQL database, rebuilt like SQLite's:
    the SQLite store's own events copied in (``copy``, seconds), or the workload driven
    again into PostgreSQL (``drive``, many minutes at 1M; gives its bulk-load rate)."""
    import psycopg

    reason = pg_reachable()
    if reason:
        return {"skipped": f"PostgreSQL not reachable at {PG_URL}: {reason}"}
    name = f"propsvc_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = PG_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        if load_by == "copy":
            load = copy_events(db, url)
        else:
            w = Workload(max_events=events, storm_open_deadlines=open_deadlines)
            clock = start_clock(w)
            load = drive(BulkBackend(url, w, clock), w, clock).as_dict()
        out = rebuild_in_child(url, runs)
        out["load"] = {k: load.get(k) for k in ("events", "seconds", "cpu_seconds",
                                                  "events_per_second", "command")}
        out["bulk_load_events_per_second"] = load.get("events_per_second")
        import bench_catchup as bc  # per-write catch-up on a copy of this database

        out["catchup"] = {"empty": bc.catchup_per_write("pg:", writes),
                          "this_store": bc.catchup_per_write(f"pg:{name}", writes)}
        return out
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def catchup_phase(db: Path, writes: int) -> dict[str, Any]:
    """Per-write catch-up CPU on an empty store and on this one (a copy), with the stock
    eventsourcing round trip as the anchor (bench_catchup.py)."""
    import bench_catchup as bc

    return {"anchor_eventsourcing_round_trip": bc.eventsourcing_round_trip(),
            "empty": bc.catchup_per_write(None, writes),
            "this_store": bc.catchup_per_write(str(db), writes),
            "command": "python benchmarks/bench_catchup.py --db STORE --writes N"}


def startup_phase(db: Path, runs: int) -> dict[str, Any]:
    import bench_catchup as bc

    return bc.startup(str(db), runs)


QUICK = "raw_select,rebuild,rebuild_pg,catchup,startup,queries"


def headline(report: dict[str, Any]) -> dict[str, Any]:
    """The ratios docs/performance.md tabulates: figure | anchor in the same run | ratio."""
    out: dict[str, Any] = {}
    raw = report.get("raw_select", {}).get("select", {}).get("rows_per_second")
    rb = report.get("rebuild", {}).get("events_per_second_median")
    if raw and rb:
        out["rebuild_sqlite_events_per_s"] = rb
        out["raw_select_rows_per_s"] = raw
        out["rebuild / raw SELECT"] = f"1/{raw / rb:.1f}"
    pg = report.get("rebuild_postgresql", {}).get("events_per_second_median")
    if pg and rb:
        out["rebuild_postgresql_events_per_s"] = pg
        out["PostgreSQL / SQLite rebuild"] = round(pg / rb, 2)
    pgc = report.get("rebuild_postgresql", {}).get("catchup")
    if pgc:
        for key in ("empty", "this_store"):
            out[f"PostgreSQL catch-up per write, CPU ms ({pgc[key]['store_events']} events)"] = (
                pgc[key]["cpu"]["median_ms"])
    cu = report.get("catchup")
    if cu:
        anchor = cu["anchor_eventsourcing_round_trip"]["median_ms"]
        for key in ("empty", "this_store"):
            ms = cu[key]["cpu"]["median_ms"]
            out[f"catch-up per write, CPU ms ({cu[key]['store_events']} events)"] = ms
        out["eventsourcing round trip ms (anchor)"] = anchor
        out["catch-up / round trip (this store)"] = round(cu["this_store"]["cpu"]["median_ms"]
                                                          / anchor, 2)
    st = report.get("startup")
    if st:
        out["python -c pass s (anchor)"] = st["python -c pass"]["median_s"]
        for key in ("propsvc --help", "read: propsvc --json overdue",
                    "read: register repairs --date, --json",
                    "read: ticket show (one aggregate)",
                    "write: propsvc --json ticket open", "catch-up alone (python -c)"):
            out[f"{key}: wall s (x pass) / CPU s (x pass)"] = (
                f"{st[key]['median_s']} ({st[key]['x_python_pass']}x) / "
                f"{st[key]['cpu_median_s']} ({st[key]['cpu_x_python_pass']}x)")
        ratio = st["register table / its --json"]
        out[f"register table / --json ({ratio['rows']} rows), wall / CPU"] = (
            f"{ratio['wall']} / {ratio['cpu']}")
        out["load average during start-up runs"] = [round(x, 1) for x in
                                                    st["loadavg_before"][:1] +
                                                    st["loadavg_after"][:1]]
    q = report.get("queries")
    if q:
        out["daily repair report ms"] = q["daily_repairs_day"]["median_ms"]
        out["overdue list ms"] = q["overdue"]["median_ms"]
    return out


def office_runtimes(db: str, clock: SettableClock, offices: list[str]) -> dict[str, Office]:
    """One office facade per office code, all on one shared backend."""
    backend = Backend(db)
    return {code: Office(backend, code, Actor("bench", "desk"), clock) for code in offices}


def sample_tickets(db: str, n: int, seed: int = 7) -> list[tuple[str, str]]:
    from sqlalchemy import select

    from propsvc.projections.tables.ticket import tickets

    backend = Backend(db)
    with backend.read_engine.connect() as conn:
        everything = conn.execute(select(tickets.c.office, tickets.c.number)).all()
    backend.close()
    rng = random.Random(seed)
    return [tuple(r) for r in rng.sample(everything, min(n, len(everything)))]  # type: ignore[misc]


def history_and_as_of(db: str, end: datetime, offices: list[str], n: int) -> dict[str, Any]:
    from propsvc.views.ticket import as_of, history_view, ticket_view

    picks = sample_tickets(db, n)
    clock = SettableClock(end)
    rts = office_runtimes(db, clock, offices)
    for office, number in picks[:5]:  # warm up (imports, first queries)
        history_view(rts[office].service.events_of(number))
    hist, asof, known, load, sizes = [], [], [], [], []
    for office, number in picks:
        svc = rts[office].service
        started = time.perf_counter()
        events = svc.events_of(number)
        loaded = time.perf_counter()
        history_view(events)
        done = time.perf_counter()
        load.append((loaded - started) * 1000)
        hist.append((done - started) * 1000)
        sizes.append(len(events))
        moment = events[len(events) // 2].occurred_at
        started = time.perf_counter()
        evs = svc.events_of(number)
        state = as_of(evs, moment)
        assert state is not None
        ticket_view(state, moment)
        asof.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        evs = svc.events_of(number)
        state = as_of(evs, evs[len(evs) // 2].timestamp, known=True)
        assert state is not None
        ticket_view(state, moment)
        known.append((time.perf_counter() - started) * 1000)
    rts[offices[0]].backend.close()
    return {
        "tickets": len(picks), "events_per_ticket_median": statistics.median(sizes),
        "events_per_ticket_max": max(sizes),
        "history": summary(hist), "events_of_only": summary(load),
        "as_of": summary(asof), "as_known_at": summary(known),
        "command": "service.events_of(number) + views.history_view(...) / views.as_of(...) "
                   "+ views.ticket_view(...), in-process, random tickets of every office",
    }


def queries(db: str, first: datetime, end: datetime, office: str, runs: int
            ) -> dict[str, Any]:
    from sqlalchemy import func, select

    from propsvc.profile import Profile
    from propsvc.projections.tables.deadlines import deadlines
    from propsvc.projections.tables.ticket import tickets
    from propsvc.queries import deadlines as dq
    from propsvc.queries import repair as q
    from propsvc.queries import visit as vq

    backend = Backend(db)
    engine = backend.read_engine
    profile = Profile()
    cal = profile.office_calendar
    local_end = cal.local(end)
    month_date = (local_end.replace(day=1) - timedelta(days=1)).replace(day=1)  # last full
    if month_date.date() < cal.local(first).date().replace(day=1):
        month_date = local_end.replace(day=1)  # a short run: its only month
    month = month_date.strftime("%Y-%m")
    start, stop = cal.month_bounds(month)
    day = month_date.replace(day=15).date()
    if month_date.month == local_end.month and month_date.year == local_end.year:
        day = (local_end - timedelta(days=1)).date()
    with engine.connect() as conn:
        n_tickets = conn.execute(select(func.count()).select_from(tickets)).scalar()
        n_deadlines = conn.execute(select(func.count()).select_from(deadlines)).scalar()
    out: dict[str, Any] = {"office": office, "month": month, "day": day.isoformat(),
                           "rm_tickets_rows": n_tickets, "rm_deadlines_rows": n_deadlines}
    reads = backend.read_db
    out["repair_register_month"] = latency(
        lambda: q.repair_register(reads, office, start, stop), runs)
    out["repair_register_month"]["rows"] = len(q.repair_register(reads, office, start, stop))
    out["daily_repairs_day"] = latency(lambda: q.daily_repairs(reads, office, cal, day), runs)
    out["visit_register_month"] = latency(
        lambda: vq.visit_register(reads, office, cal, month, profile), runs)
    out["visit_register_month"]["visits"] = len(
        vq.visit_register(reads, office, cal, month, profile)["visits"])
    out["overdue"] = latency(lambda: dq.overdue(reads, office, end), runs)
    out["overdue"]["rows"] = len(dq.overdue(reads, office, end))
    out["command"] = ("propsvc.queries.repair.repair_register / daily_repairs, "
                      "queries.visit.visit_register, queries.deadlines.overdue on the rebuilt "
                      "read models, in-process")
    backend.close()
    return out


def tick_phase(db: str, end: datetime, offices: list[str]) -> dict[str, Any]:
    from sqlalchemy import func, select

    from propsvc.projections.tables.deadlines import deadlines

    clock = SettableClock(end)
    rts = office_runtimes(db, clock, offices)
    base = rts[offices[0]].backend
    base.catch_up()

    def open_counts(at: datetime) -> dict[str, int]:
        d = deadlines.c
        with base.read_engine.connect() as conn:
            total = conn.execute(select(func.count()).where(d.state == "open")).scalar() or 0
            due = conn.execute(select(func.count()).where(
                d.state == "open", d.missed.is_(False), d.due_at < at)).scalar() or 0
        return {"open_deadlines": total, "due_unrecorded": due}

    out: dict[str, Any] = {"offices": len(offices)}
    for label, minutes in (("first_tick_after_load", 1), ("one_minute_later", 2),
                           ("same_moment_again", 2), ("fifteen_minutes_later", 17)):
        at = end + timedelta(minutes=minutes)
        clock.set(at)
        before = open_counts(at)
        per_office = []
        missed = follow = 0
        started = time.perf_counter()
        for rt in rts.values():
            t0 = time.perf_counter()
            result = rt.tick(at)
            per_office.append((time.perf_counter() - t0) * 1000)
            missed += len(result.missed)
            follow += len(result.follow_ups)
        total_ms = (time.perf_counter() - started) * 1000
        out[label] = {"at": at.isoformat(), **before, "missed_recorded": missed,
                      "follow_ups": follow, "all_offices_ms": round(total_ms, 1),
                      "per_office": summary(per_office)}
    base.close()
    out["command"] = "office.tick(at) for each office (what `propsvc tick` runs)"
    return out


# -- main -------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--events", type=int, default=1_000_000, help="store size (bulk-loaded)")
    p.add_argument("--app-events", type=int, default=20_000,
                   help="events written through the application per database")
    p.add_argument("--open-deadlines", type=int, default=10_000,
                   help="end the bulk workload with about this many open deadlines")
    p.add_argument("--quick", action="store_true",
                   help=f"30k-event store, the headline phases only ({QUICK})")
    p.add_argument("--reuse", action="store_true", help="reuse a bulk store of the same size")
    p.add_argument("--no-pg", action="store_true", help="skip PostgreSQL")
    p.add_argument("--rebuild-runs", type=int, default=3, help="rebuilds to time (median)")
    p.add_argument("--pg-load", choices=("copy", "drive"), default="copy",
                   help="PostgreSQL's store: the SQLite store's events copied in (default) "
                        "or the workload driven again")
    p.add_argument("--only", help="comma-separated phases to run (default: all)")
    p.add_argument("--out", default=str(HERE / "out"))
    p.add_argument("--child-rebuild", metavar="DB", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child_rebuild:
        child_rebuild(args.child_rebuild)
        return
    if args.quick:  # the phases of the headline ratios only, on a small store
        args.events, args.app_events, args.rebuild_runs = 30_000, 3_000, 1
        args.open_deadlines = min(args.open_deadlines, 2_000)
        args.only = args.only or QUICK
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    phases = set(args.only.split(",")) if args.only else None

    def want(name: str) -> bool:
        return phases is None or name in phases

    report: dict[str, Any] = {"started": datetime.now(UTC).isoformat(timespec="seconds"),
                              "command": "python benchmarks/run.py " + " ".join(
                                  argv if argv is not None else sys.argv[1:]),
                              "machine": machine(), "store_events_target": args.events}

    def phase(name: str, fn: Callable[[], Any]) -> None:
        print(f"[bench] {name} …", file=sys.stderr, flush=True)
        started = time.perf_counter()
        report[name] = fn()
        print(f"[bench] {name} done in {time.perf_counter() - started:.1f} s",
              file=sys.stderr, flush=True)

    if want("app_writes"):
        app_db = out_dir / f"app-{args.app_events}.db"
        fresh_sqlite(app_db)
        phase("app_writes_sqlite", lambda: app_writes(str(app_db), args.app_events, "sqlite"))
        if not args.no_pg:
            phase("app_writes_postgresql", lambda: app_writes_pg(args.app_events))
    db = out_dir / f"bench-{args.events}.db"
    phase("bulk_load", lambda: bulk_load(db, args.events, args.open_deadlines, args.reuse))
    end = datetime.fromisoformat(report["bulk_load"]["business_to"])
    offices = Workload().office_codes()
    if want("raw_select"):
        phase("raw_select", lambda: raw_select(db))
    if want("rebuild") or not args.reuse:
        phase("rebuild", lambda: rebuild_in_child(db, args.rebuild_runs))
    if want("rebuild_pg") and not args.no_pg:
        phase("rebuild_postgresql", lambda: rebuild_pg(
            db, args.events, args.open_deadlines, args.rebuild_runs, args.pg_load,
            50 if args.quick else 100))
    if want("catchup"):
        phase("catchup", lambda: catchup_phase(db, 50 if args.quick else 400))
    if want("startup"):
        phase("startup", lambda: startup_phase(db, 3 if args.quick else 9))
    if want("history"):
        phase("history", lambda: history_and_as_of(str(db), end, offices, 300))
    if want("queries"):
        first = datetime.fromisoformat(report["bulk_load"]["business_from"])
        phase("queries", lambda: queries(str(db), first, end, offices[0], 30))
    if want("tick"):  # on a copy: tick appends events, and --reuse wants the store as loaded
        scratch = out_dir / f"tick-{args.events}.db"
        fresh_sqlite(scratch)
        shutil.copyfile(db, scratch)
        phase("tick", lambda: tick_phase(str(scratch), end, offices))
        fresh_sqlite(scratch)
    report["machine"]["loadavg_at_end"] = os.getloadavg()
    report["headline"] = headline(report)
    report["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    text = json.dumps(report, ensure_ascii=False, indent=2)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (out_dir / f"results-{args.events}-{stamp}.json").write_text(text)
    print(text)
    print("\nheadline (same run):", file=sys.stderr)
    for key, value in report["headline"].items():
        print(f"  {key}: {value}", file=sys.stderr)


if __name__ == "__main__":
    main()
