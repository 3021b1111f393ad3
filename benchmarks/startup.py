"""Start-up cost of the command line (issue 11 item 4): wall times as multiples of
``python -c pass`` measured in the same run, and the store's share of the imports.

    python benchmarks/startup.py [--runs 15] [--compare OLD_SRC]

``--compare`` names the ``src`` folder of another checkout (e.g. ``git worktree add
/tmp/old <commit>``): its commands are timed in the same run, interleaved, on their own
store, by putting that folder first on ``PYTHONPATH``.

Measures wall and CPU time (user + system of the child), alternating the commands run by
run so a busy machine slows them alike, after compiling each checkout's bytecode:
``python -c pass`` (the anchor), ``propsvc --help``, two reads (``--json overdue`` from the
read models, ``ticket show`` from one aggregate's events) and a write
(``ticket open``) on a small SQLite store; then, with ``-X importtime``, what a write
imports: the store package (propsvc.store.*), SQLAlchemy (Core, for the read models),
and whether the SQLAlchemy ORM or sqlalchemy_utils were imported at all — plus, for
comparison, what ``eventsourcing_sqlalchemy`` (the recorder used before) costs to import.
Prints one JSON document; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
ENV = {**os.environ, "PROPSVC_NOW": "2026-11-22 09:00"}
ENV.pop("PROPSVC_CIPHER_KEY", None)


def _wall(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system of the child) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=env)
    took = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return took, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _compile(src: Path) -> None:
    """Bytecode for a checkout, as an install has it (PYTHONDONTWRITEBYTECODE may be set:
    then every run would compile every module from source)."""
    import compileall

    compileall.compile_dir(str(src / "propsvc"), quiet=1)


def _importtime(argv: list[str]) -> dict[str, int]:
    """Cumulative import microseconds per top-level module of interest."""
    done = subprocess.run([sys.executable, "-X", "importtime", *argv], check=True,
                          capture_output=True, text=True, env=ENV)
    cumulative: dict[str, int] = {}
    for line in done.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if m:
            cumulative[m.group(4)] = max(cumulative.get(m.group(4), 0), int(m.group(2)))
    return cumulative


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--compare", metavar="OLD_SRC", default=None)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="propsvc-start-"))
    db = str(tmp / "s.db")
    propsvc = str(BIN / "propsvc")
    module = [sys.executable, "-m", "propsvc"]  # the same launcher for both checkouts
    intake = ["ticket", "open", "--kind", "repair", "--unit", "3-2-1201", "--caller", "王",
              "--summary", "漏水"]
    subprocess.run([propsvc, "--db", db, *intake], check=True, stdout=subprocess.DEVNULL,
                   env=ENV)
    commands = {
        "python -c pass": ([sys.executable, "-c", "pass"], ENV),
        "propsvc --help": ([*module, "--help"], ENV),
        "read: --json overdue": ([*module, "--db", db, "--json", "overdue"], ENV),
        "read: ticket show": ([*module, "--db", db, "ticket", "show", "BX-20261122-001"], ENV),
        "write: ticket open": ([*module, "--db", db, *intake], ENV),
    }
    if args.compare:
        old_env = {**ENV, "PYTHONPATH": str(Path(args.compare).resolve())}
        old_db = str(tmp / "old.db")
        subprocess.run([*module, "--db", old_db, *intake], check=True,
                       stdout=subprocess.DEVNULL, env=old_env)
        commands.update({
            "before: propsvc --help": ([*module, "--help"], old_env),
            "before: read: --json overdue": ([*module, "--db", old_db, "--json", "overdue"],
                                             old_env),
            "before: read": ([*module, "--db", old_db, "ticket", "show", "BX-20261122-001"],
                             old_env),
            "before: write": ([*module, "--db", old_db, *intake], old_env),
        })
    _compile(Path(__file__).resolve().parents[1] / "src")
    if args.compare:
        _compile(Path(args.compare).resolve())
    samples: dict[str, list[tuple[float, float]]] = {k: [] for k in commands}
    for _ in range(args.runs):
        for name, (argv, env) in commands.items():
            samples[name].append(_wall(argv, env))
    anchor = statistics.median(w for w, _ in samples["python -c pass"])
    anchor_cpu = statistics.median(c for _, c in samples["python -c pass"])
    out: dict[str, object] = {"runs": args.runs, "anchor_seconds": round(anchor, 4),
                              "anchor_cpu_seconds": round(anchor_cpu, 4),
                              "loadavg": os.getloadavg()}
    for name, values in samples.items():
        med = statistics.median(w for w, _ in values)
        cpu = statistics.median(c for _, c in values)
        out[name] = {"median_seconds": round(med, 4), "times_python_pass": round(med / anchor, 1),
                     "cpu_median_seconds": round(cpu, 4),
                     "cpu_times_python_pass": round(cpu / anchor_cpu, 1) if anchor_cpu else None}
    write = _importtime(["-m", "propsvc", "--db", db, *intake])
    store_us = sum(us for mod, us in write.items()
                   if mod.startswith("propsvc.store.") and mod.count(".") == 2)
    out["write_imports_ms"] = {
        "propsvc.store (own modules)": round(store_us / 1000, 1),
        "eventsourcing": round(write.get("eventsourcing", 0) / 1000, 1),
        "sqlalchemy (Core, read models)": round(write.get("sqlalchemy", 0) / 1000, 1),
        "sqlalchemy.orm imported": "sqlalchemy.orm" in write,
        "sqlalchemy_utils imported": "sqlalchemy_utils" in write,
        "eventsourcing_sqlalchemy imported": "eventsourcing_sqlalchemy" in write,
    }
    try:
        old = _importtime(["-c", "import eventsourcing_sqlalchemy.factory"])
        out["before_the_change_ms"] = {
            "eventsourcing_sqlalchemy.factory": round(
                old.get("eventsourcing_sqlalchemy.factory", 0) / 1000, 1)}
    except subprocess.CalledProcessError:
        out["before_the_change_ms"] = "eventsourcing_sqlalchemy not installed"
    print(json.dumps(out, indent=2, ensure_ascii=False))
    import shutil

    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
