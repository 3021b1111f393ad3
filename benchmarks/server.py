"""Desk server latency (issue 15): a real ``propsvc serve`` process on a free port, driven
over HTTP with one keep-alive client, p50/p95 of

* a write including the read models' catch-up (``POST /api/v1/repairs``),
* a ticket's JSON (``GET /api/v1/tickets/{number}``),
* search (``GET /api/v1/tickets?unit=…`` and ``?q=…``),
* a month's register (``GET /api/v1/registers/repairs?month=…``, the busiest month),

and the in-process facade write (``office.repairs.open`` on the same store: issue 11
item 5). The store is the one named (e.g. made by ``benchmarks/workload.py``), or an empty
one when the file does not exist. A user ``bench`` (desk) is added to it when missing.
Prints JSON; never a timed assertion.

    python benchmarks/server.py --db /tmp/w1m.db --samples 200
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from propsvc.office import Actor, Office


def pct(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50_ms": round(statistics.median(ordered), 2), "p95_ms": round(p95, 2),
            "n": len(ordered)}


def prepare(db: str) -> tuple[str, str]:
    """The office to use and a token for ``bench`` there."""
    with Office.open(db, "main", Actor("admin", "manager")) as probe:
        offices = [r["code"] for r in probe.records.offices()] if Path(db).exists() else []
    office = offices[0] if offices else "main"
    with Office.open(db, office, Actor("admin", "manager")) as admin:
        if admin.users.account("bench") is None:
            admin.users.add("bench", ["desk"], [office], "bench-password-1")
        _, token = admin.users.issue_token("bench", "desk", office, "benchmark")
    return office, token


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(db: str, office: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "propsvc", "--db", db, "--office", office, "serve", "--port",
         str(port), "--no-tick"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={k: v for k, v in os.environ.items() if k != "PROPSVC_NOW"})
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(f"{url}/api/openapi.json", timeout=2).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not start")


SERVER: dict[str, int] = {}  # the server's pid, for its CPU time


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process (Linux /proc), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(client: httpx.Client, verb: str, path: str, samples: int,
          body: Any = None, params: Any = None) -> tuple[list[float], list[Any]]:
    """Wall times (ms) of ``samples`` requests; the server's CPU per request goes in
    ``LAST_CPU`` (a loaded machine stretches wall time, hardly CPU time)."""
    times, answers = [], []
    before = cpu_seconds(SERVER["pid"])
    for _ in range(samples):
        started = time.perf_counter()
        answer = client.request(verb, path, json=body, params=params)
        times.append((time.perf_counter() - started) * 1000)
        if answer.status_code != 200:
            raise SystemExit(f"{verb} {path}: {answer.status_code} {answer.text[:200]}")
        answers.append(answer)
    LAST_CPU[0] = round((cpu_seconds(SERVER["pid"]) - before) * 1000 / samples, 2)
    return times, answers


LAST_CPU = [0.0]


def stats(times: list[float]) -> dict[str, float]:
    return {**pct(times), "server_cpu_ms_per_request": LAST_CPU[0]}


def busiest_month(client: httpx.Client) -> tuple[str, str]:
    """A month with data and a unit prefix that finds tickets (from the newest tickets)."""
    rows = client.get("/api/v1/tickets", params={"limit": 1}).json()["rows"]
    if not rows:
        return time.strftime("%Y-%m"), "3-2"
    opened = rows[0]["opened_at"][:7]
    unit = (rows[0]["unit"] or "3-2-1201").rsplit("-", 1)[0]
    return opened, unit


def measure(db: str, samples: int) -> dict[str, Any]:
    office, token = prepare(db)
    process, url = start(db, office)
    SERVER["pid"] = process.pid
    out: dict[str, Any] = {"db": db, "office": office, "samples": samples}
    try:
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"},
                          timeout=60) as client:
            month, unit = busiest_month(client)
            client.get("/api/v1/me")  # the token's argon2 check, once per process
            body = {"unit": "9-9-0909", "caller": "基准测试", "phone": "13800000000",
                    "summary": "benchmark"}
            writes, answers = timed(client, "POST", "/api/v1/repairs", samples, body)
            out["write_incl_catch_up"] = stats(writes)
            number = answers[-1].json()["number"]
            out["ticket_json"] = stats(timed(client, "GET", f"/api/v1/tickets/{number}",
                                             samples)[0])
            out["search_unit"] = stats(timed(client, "GET", "/api/v1/tickets", samples,
                                             params={"unit": unit})[0])
            out["search_text"] = stats(timed(client, "GET", "/api/v1/tickets", samples,
                                             params={"q": "漏水"})[0])
            register = timed(client, "GET", "/api/v1/registers/repairs",
                             max(10, samples // 10), params={"month": month})
            out["month_register"] = {**stats(register[0]), "month": month,
                                     "rows": len(register[1][-1].json()["rows"])}
            out["tickets"] = client.get("/api/v1/tickets", params={"limit": 1}).json()["total"]
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    out["facade_write"] = facade_writes(db, office, samples)
    return out


def facade_writes(db: str, office: str, samples: int) -> dict[str, float]:
    """The in-process facade write (save + catch-up), no HTTP."""
    with Office.open(db, office, Actor("bench", "desk", authenticated=True)) as desk:
        desk.read.overdue()  # open the backend and catch up first
        times, cpu = [], time.process_time()
        for _ in range(samples):
            started = time.perf_counter()
            desk.repairs.open(unit="9-9-0910", caller="基准测试", phone="13800000000",
                              summary="benchmark in process")
            times.append((time.perf_counter() - started) * 1000)
        spent = (time.process_time() - cpu) * 1000 / samples
    return {**pct(times), "cpu_ms_per_write": round(spent, 2)}


def event_count(db: str) -> int:
    import sqlite3

    if not Path(db).exists():
        return 0
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM propsvc_events").fetchone()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="SQLite file (made empty if missing)")
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    before = event_count(args.db)
    result = measure(args.db, args.samples)
    result["events_before"] = before
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
