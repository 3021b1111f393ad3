"""Bulk import, export, chaining and verify throughput (issue 11 item 3, issue 9 item 5).

    python benchmarks/import_export.py                  # 200k events, SQLite (+ PostgreSQL)
    python benchmarks/import_export.py --events 1000000 --no-pg

A store of realistic repair traffic is bulk-loaded by ``workload.py`` (rows without
links, like a store made before the chain); then, each timed on its own: the one-off
chaining of those rows (``verify`` on an old store), ``verify`` of the chained store,
``events export`` to JSON lines, and ``events import`` of that file into an empty SQLite
file (and an empty PostgreSQL database when one is reachable) — with every link
recomputed and checked. Prints one JSON document; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PG = os.environ.get("PROPSVC_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def _recorder(db: str) -> Any:
    from propsvc.store.event_store import normalise_url, open_store

    store = open_store(normalise_url(db))
    return store, store.recorder


def _timed(label: str, out: dict[str, Any], events: int, step: Any) -> Any:
    started = time.perf_counter()
    cpu = time.process_time()
    result = step()
    wall = time.perf_counter() - started
    out[label] = {"seconds": round(wall, 3), "cpu_seconds": round(time.process_time() - cpu, 3),
                  "events_per_second": round(events / wall) if wall else None}
    return result


def _import_into(db: str, path: Path, out: dict[str, Any], label: str, events: int) -> str:
    from propsvc.store.transfer import import_events

    store, recorder = _recorder(db)
    try:
        with path.open(encoding="utf-8") as fh:
            done = _timed(label, out, events, lambda: import_events(recorder, fh))
        return str(done.head)
    finally:
        store.close()


def _pg_database() -> str | None:
    try:
        import psycopg

        name = f"propsvc_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(PG, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return PG.rsplit("/", 1)[0] + f"/{name}"
    except Exception:
        return None


def _drop(url: str) -> None:
    import psycopg

    with psycopg.connect(PG, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--no-pg", action="store_true")
    args = parser.parse_args()
    from propsvc.store.transfer import export_events
    from propsvc.store.verify import verify

    tmp = Path(tempfile.mkdtemp(prefix="propsvc-bench-io-"))
    source = tmp / "source.db"
    subprocess.run([sys.executable, str(HERE / "workload.py"), "--db", str(source),
                    "--events", str(args.events), "--path", "bulk"], check=True,
                   stdout=subprocess.DEVNULL)
    out: dict[str, Any] = {"events_requested": args.events}
    store, recorder = _recorder(str(source))
    try:
        events = recorder.max_notification_id() or 0
        out["events"] = events
        upgraded = _timed("chain_old_rows", out, events, lambda: verify(recorder, "of01"))
        report = _timed("verify", out, events, lambda: verify(recorder, "of01"))
        assert upgraded.ok and report.ok and report.verdict.events == events
        export = tmp / "events.jsonl"
        with export.open("w", encoding="utf-8") as fh:
            done = _timed("export", out, events,
                          lambda: export_events(recorder, fh, "2026-01-01T00:00:00+00:00"))
        out["export_bytes"] = export.stat().st_size
    finally:
        store.close()
    head = _import_into(str(tmp / "imported.db"), export, out, "import_sqlite", events)
    out["import_sqlite"]["same_head"] = head == done.head
    if not args.no_pg and (pg := _pg_database()) is not None:
        try:
            head = _import_into(pg, export, out, "import_postgresql", events)
            out["import_postgresql"]["same_head"] = head == done.head
        finally:
            _drop(pg)
    print(json.dumps(out, indent=2))
    for path in tmp.iterdir():
        path.unlink()
    tmp.rmdir()


if __name__ == "__main__":
    main()
