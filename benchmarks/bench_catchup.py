"""Per-write catch-up cost, and the command path's start-up, as printed figures.

    python benchmarks/bench_catchup.py --db STORE.db [--db pg:DBNAME …] [--pg] [--writes 200]
    python benchmarks/bench_catchup.py --startup --db STORE.db

``catchup``: on a copy of each store (its read models caught up first), ``--writes`` desk
writes (open, order, arrive, complete: what a desk does all day); after each,
``backend.catch_up()`` is timed (CPU and wall) as every CLI write does it. An empty store is
always measured too. Anchor in the same run: the stock ``eventsourcing`` command round
trip (a new aggregate saved and read back, SQLite file, the library's own recorder).

``startup``: wall time of ``propsvc --help``, a read (``ticket list``-like: catch-up +
query) and a write (``ticket open``: save + catch-up) as separate processes, each the
median of several runs, and each as a multiple of ``python -c pass`` run in the same loop;
plus ``python -X importtime`` of the catch-up path alone.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PG_URL = os.environ.get("PROPSVC_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def _end_of(db: str) -> datetime:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        row = conn.execute("SELECT max(opened_at) FROM rm_tickets").fetchone()
    except sqlite3.OperationalError:
        row = None
    conn.close()
    if row and row[0]:
        return datetime.fromisoformat(row[0]).replace(tzinfo=UTC) + timedelta(days=1)
    return datetime(2026, 11, 22, 1, 0, tzinfo=UTC)


def summary(values: list[float]) -> dict[str, float]:
    values = sorted(values)
    return {"median_ms": round(statistics.median(values) * 1000, 3),
            "p95_ms": round(values[int(len(values) * 0.95) - 1] * 1000, 3),
            "max_ms": round(values[-1] * 1000, 3)}


def _pg_copy(template: str | None) -> str:
    """A new PostgreSQL database (a copy of ``template``, a database name, if given)."""
    import uuid

    import psycopg

    name = f"propsvc_catchup_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        if template:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        else:
            conn.execute(f'CREATE DATABASE "{name}"')
    return PG_URL.rsplit("/", 1)[0] + f"/{name}"


def _pg_drop(url: str) -> None:
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def _pg_end(url: str) -> datetime:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT max(opened_at) FROM rm_tickets").fetchone()
    if row and row[0]:
        return row[0].replace(tzinfo=UTC) + timedelta(days=1)  # type: ignore[no-any-return]
    return datetime(2026, 11, 22, 1, 0, tzinfo=UTC)


def catchup_per_write(db: str | None, writes: int) -> dict[str, Any]:
    """``db``: a SQLite file (copied), ``pg:`` (an empty PostgreSQL database) or
    ``pg:NAME`` (a copy of PostgreSQL database NAME), or None (an empty SQLite file)."""
    from propsvc.clock import SettableClock
    from propsvc.office import Actor, Office

    work = Path(tempfile.mkdtemp(prefix="propsvc-catchup-"))
    target = str(work / "store.db")
    events = 0
    full = bool(db) and db != "pg:"
    if db and db.startswith("pg:"):
        target = _pg_copy(db[3:] or None)
        end = _pg_end(target) if full else datetime(2026, 11, 22, 1, tzinfo=UTC)
    else:
        if db:
            shutil.copyfile(db, target)
        end = _end_of(target) if db else datetime(2026, 11, 22, 1, tzinfo=UTC)
    clock = SettableClock(end)
    rt = Office.open(target, "of01" if full else "main", Actor("bench", "desk"), clock,
                     catch_up_writes=False)  # the catch-up is timed on its own
    try:
        rt.backend.catch_up()  # the copy's read models at the head before the first write
        # an empty store has no events table until its first write (reads create nothing)
        events = rt.backend.runner.max_position() if db else 0
        cpu: list[float] = []
        wall: list[float] = []

        def timed() -> None:
            w, c = time.perf_counter(), time.process_time()
            rt.backend.catch_up()
            cpu.append(time.process_time() - c)
            wall.append(time.perf_counter() - w)

        desk = rt.repairs
        for i in range(writes // 4):
            n = desk.open(unit=f"9-9-{i % 100:04d}", caller="业主", phone=None,
                          summary="水管漏水").number
            timed()
            clock.advance(timedelta(minutes=5))
            desk.order(n, "李师傅")
            timed()
            clock.advance(timedelta(minutes=20))
            desk.arrive(n)
            timed()
            desk.complete(n, "业主", 5)
            timed()
        return {"database": "postgresql" if target.startswith("postgres") else "sqlite",
                "store_events": events, "writes": len(cpu), "cpu": summary(cpu),
                "wall": summary(wall)}
    finally:
        rt.close()
        shutil.rmtree(work, ignore_errors=True)
        if target.startswith("postgres"):
            _pg_drop(target)


def eventsourcing_round_trip(runs: int = 200) -> dict[str, Any]:
    """Anchor: the library's own command round trip on a SQLite file."""
    from eventsourcing.application import Application
    from eventsourcing.domain import Aggregate

    class Thing(Aggregate):
        pass

    work = Path(tempfile.mkdtemp(prefix="propsvc-es-"))
    app = Application(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite",
                           "SQLITE_DBNAME": str(work / "es.db")})
    try:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            thing = Thing()
            app.save(thing)
            app.repository.get(thing.id)
            times.append(time.perf_counter() - started)
        return {"runs": runs, **summary(times),
                "command": "eventsourcing.Application (eventsourcing.sqlite): create, save, get"}
    finally:
        app.close()
        shutil.rmtree(work, ignore_errors=True)


# -- start-up ---------------------------------------------------------------------------
def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, from ``RUSAGE_CHILDREN``) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    took = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd}: exit {proc.returncode}: {proc.stderr[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return took, cpu


def _wall(cmd: list[str], env: dict[str, str]) -> float:
    return _run(cmd, env)[0]


def _imports(cmd: list[str], env: dict[str, str]) -> set[str]:
    """The top-level packages ``cmd`` (a ``python -m propsvc …``) imports."""
    done = subprocess.run([cmd[0], "-X", "importtime", *cmd[1:]], env=env,
                          capture_output=True, text=True, check=False)
    found = set()
    for line in done.stderr.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 3 and parts[1].isdigit():
            found.add(parts[2].split(".")[0])
    return found


def _bytecode() -> dict[str, Any]:
    """Compile propsvc's modules once, as an install does: this machine sets
    PYTHONDONTWRITEBYTECODE, and without the cached bytecode every command would compile
    its modules from source (~0.1–0.2 s of each run)."""
    import compileall

    import propsvc

    src = Path(propsvc.__file__).parent
    compileall.compile_dir(str(src), quiet=1)
    return {"PYTHONDONTWRITEBYTECODE": os.environ.get("PYTHONDONTWRITEBYTECODE"),
            "compiled": str(src)}


def startup(db: str, runs: int) -> dict[str, Any]:
    """Each command as a fresh process, the cases interleaved run by run (a busy machine
    slows them alike), wall and CPU medians, and what each imports."""
    work = Path(tempfile.mkdtemp(prefix="propsvc-startup-"))
    path = work / "store.db"
    shutil.copyfile(db, path)
    py = sys.executable
    end = _end_of(str(path))
    env = {**os.environ, "PROPSVC_DB": str(path), "PROPSVC_OFFICE": "of01",
           "PROPSVC_NOW": end.strftime("%Y-%m-%d %H:%M")}
    env.pop("PROPSVC_PROFILE", None)
    propsvc = [py, "-m", "propsvc"]
    day = (end - timedelta(days=1)).strftime("%Y-%m-%d")
    cases = {
        "python -c pass": [py, "-c", "pass"],
        "propsvc --help": [*propsvc, "--help"],
        "read: propsvc --json overdue": [*propsvc, "--json", "overdue"],
        "read: register repairs --date, --json": [*propsvc, "--json", "register", "repairs",
                                                  "--date", day],
        "read: register repairs --date, table": [*propsvc, "register", "repairs",
                                                 "--date", day],
        "read: ticket show (one aggregate)": [*propsvc, "--json", "ticket", "show", "{number}"],
        "write: propsvc --json ticket open": [
            *propsvc, "--json", "ticket", "open", "--kind", "repair", "--unit", "9-9-0909",
            "--caller", "业主", "--summary", "水管漏水"],
        "catch-up alone (python -c)": [py, "-c", (
            "import sys; from propsvc.projections.catchup import Runner; "
            f"Runner('sqlite:///{path}').catch_up()")],
    }
    try:
        out: dict[str, Any] = {"bytecode": _bytecode(), "loadavg_before": os.getloadavg()}
        opened = subprocess.run(cases["write: propsvc --json ticket open"], env=env,
                                capture_output=True, text=True, check=True)  # catches up too
        number = json.loads(opened.stdout)["number"]
        cases["read: ticket show (one aggregate)"][-1] = number
        rows = json.loads(subprocess.run(cases["read: register repairs --date, --json"],
                                         env=env, capture_output=True, text=True,
                                         check=True).stdout)["rows"]
        walls: dict[str, list[float]] = {k: [] for k in cases}
        cpus: dict[str, list[float]] = {k: [] for k in cases}
        for _ in range(runs):
            for name, cmd in cases.items():
                wall, cpu = _run(cmd, env)
                walls[name].append(wall)
                cpus[name].append(cpu)
        base = statistics.median(walls["python -c pass"])
        base_cpu = statistics.median(cpus["python -c pass"])
        for name in cases:
            wall, cpu = statistics.median(walls[name]), statistics.median(cpus[name])
            out[name] = {"median_s": round(wall, 3), "min_s": round(min(walls[name]), 3),
                         "cpu_median_s": round(cpu, 3),
                         "x_python_pass": round(wall / base, 1),
                         "cpu_x_python_pass": round(cpu / base_cpu, 1) if base_cpu else None}
        table, js = (out["read: register repairs --date, table"],
                     out["read: register repairs --date, --json"])
        out["register table / its --json"] = {
            "rows": len(rows), "wall": round(table["median_s"] / js["median_s"], 2),
            "cpu": round(table["cpu_median_s"] / js["cpu_median_s"], 2)}
        out["imports"] = {
            name: {pkg: pkg in found for pkg in ("sqlalchemy", "pydantic", "rich")}
            for name, cmd in cases.items() if cmd[1:3] == ["-m", "propsvc"]
            for found in [_imports(cmd, env)]}
        imports = subprocess.run(
            [py, "-X", "importtime", "-c", "import propsvc.projections.catchup"],
            env=env, capture_output=True, text=True, check=False).stderr.splitlines()
        cumulative = {}
        for line in imports:
            parts = [p.strip() for p in line.split("|")]
            if len(parts) == 3 and parts[1].isdigit():
                cumulative[parts[2].strip()] = int(parts[1])
        top = sorted(cumulative.items(), key=lambda kv: -kv[1])[:8]
        out["catch-up path imports (cumulative ms)"] = {k: round(v / 1000, 1) for k, v in top}
        out["sqlalchemy on the catch-up path"] = any(
            k.startswith("sqlalchemy") for k in cumulative)
        # what catch-up adds to a write, whose desk has already imported the domain and
        # the store: the runner, the projections, and one catch-up after one write
        marginal = subprocess.run([py, "-c", (
            "import time, propsvc.aggregates.ticket, propsvc.aggregates.handover, "
            "propsvc.aggregates.keys, propsvc.aggregates.renovation, "
            "propsvc.aggregates.incident, propsvc.store.event_store\n"
            "t = time.perf_counter(); c = time.process_time()\n"
            "from propsvc.projections.catchup import Runner, all_projections\n"
            f"r = Runner('sqlite:///{path}'); r.catch_up()\n"
            "print(round((time.perf_counter() - t) * 1000, 1), "
            "round((time.process_time() - c) * 1000, 1))")],
            env=env, capture_output=True, text=True, check=False).stdout.split()
        if len(marginal) == 2:
            out["catch-up added to a write (import + run), wall/cpu ms"] = [
                float(marginal[0]), float(marginal[1])]
        out["runs"] = runs
        out["loadavg_after"] = os.getloadavg()
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", action="append", default=[],
                   help="a store with its read models built: a SQLite file, or pg:NAME "
                        "(a PostgreSQL database to copy); repeatable")
    p.add_argument("--pg", action="store_true", help="also an empty PostgreSQL database")
    p.add_argument("--writes", type=int, default=200)
    p.add_argument("--startup", action="store_true", help="measure the command path's start")
    p.add_argument("--runs", type=int, default=9)
    args = p.parse_args(argv)
    report: dict[str, Any] = {"command": "python benchmarks/bench_catchup.py " + " ".join(
        argv if argv is not None else sys.argv[1:]), "loadavg": os.getloadavg()}
    if args.startup:
        report["startup"] = startup(args.db[0], args.runs)
    else:
        report["anchor_eventsourcing_round_trip"] = eventsourcing_round_trip()
        stores = ["", *(["pg:"] if args.pg else []), *args.db]
        report["catchup"] = [catchup_per_write(db or None, args.writes) for db in stores]
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
