"""The desk server under load, as a real process: 8 concurrent clients × 200 requests lose
no event, duplicate none and fail none (SQLite file and PostgreSQL); two server processes
on one PostgreSQL database tick without recording a miss twice (the advisory lock)."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

from propsvc.clock import SettableClock
from tests.office import open_office
from tests.server.support import SETUP, config_file, make_store, serving

API = "/api/v1"
CLIENTS = 8
ROUNDS = 50  # × 4 requests = 200 requests per client


def _client_work(url: str, token: str, index: int, out: dict[int, list[object]]) -> None:
    """One desk: call in a repair, order it, read it, find it — ROUNDS times."""
    answers: list[object] = []
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"},
                      timeout=60) as client:
        for n in range(ROUNDS):
            unit = f"{index + 1}-{n % 9 + 1}-{n + 101:04d}"
            opened = client.post(f"{API}/repairs", json={
                "unit": unit, "caller": f"住户{index}", "phone": "13800000000",
                "summary": f"并发测试 {index}/{n}"})
            answers.append(opened.status_code)
            if opened.status_code != 200:
                answers.append(opened.text)
                continue
            number = opened.json()["number"]
            answers.append(("opened", number))
            ordered = client.post(f"{API}/repairs/{number}/order",
                                  json={"technician": f"师傅{index}"})
            answers.append(ordered.status_code)
            shown = client.get(f"{API}/tickets/{number}")
            answers.append(shown.status_code)
            if shown.status_code == 200:
                answers.append(("status", number, shown.json()["status"]))
            answers.append(client.get(f"{API}/tickets", params={"unit": unit}).status_code)
    out[index] = answers


def _load(url: str, token: str) -> dict[int, list[object]]:
    out: dict[int, list[object]] = {}
    threads = [threading.Thread(target=_client_work, args=(url, token, i, out))
               for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert len(out) == CLIENTS, "a client did not finish"
    return out


@pytest.mark.slow
def test_eight_clients_times_two_hundred_requests_lose_and_duplicate_nothing(
        db_url: str, tmp_path: Path) -> None:
    store = make_store(db_url)
    with serving(db_url, tmp_path, "--no-tick") as running:
        out = _load(running.url, store.role_token("desk"))
    codes = [a for answers in out.values() for a in answers if isinstance(a, int)]
    failures = [a for answers in out.values() for a in answers if isinstance(a, str)]
    assert not failures, (Counter(codes), failures[:3])
    assert len(codes) == CLIENTS * ROUNDS * 4
    assert codes.count(200) == len(codes), Counter(codes)
    numbers = [a[1] for answers in out.values() for a in answers
               if isinstance(a, tuple) and a[0] == "opened"]
    assert len(numbers) == len(set(numbers)) == CLIENTS * ROUNDS
    seen = {a[1]: a[2] for answers in out.values() for a in answers
            if isinstance(a, tuple) and a[0] == "status"}
    assert set(seen.values()) == {"ordered"}
    with open_office(db_url, actor="auditor", role="auditor") as office:
        for number in numbers:
            kinds = Counter(e["event"] for e in office.read.ticket_history(number))
            assert kinds["CallReceived"] == 1 and kinds["WorkOrderIssued"] == 1, number
        assert office.read.find_tickets(limit=1)["total"] == CLIENTS * ROUNDS


@pytest.mark.slow
@pytest.mark.postgres
def test_two_server_processes_on_postgresql_tick_each_miss_once(pg_url: str,
                                                                tmp_path: Path) -> None:
    make_store(pg_url)
    with open_office(pg_url, clock=SettableClock(SETUP)) as office:
        for n in range(20):  # each misses R3 (work order within 5 min) by noon
            office.repairs.open(unit=f"3-2-{n + 1201}", caller="张三", phone="13800000001",
                                summary="漏水")
    config = config_file(tmp_path, tick_seconds=0.2)
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    with serving(pg_url, first, config=config) as one, \
            serving(pg_url, second, config=config) as two:
        for _ in range(150):  # both processes tick for a while (bounded: 30 s at most)
            lines = [*one.log_lines(), *two.log_lines()]
            if sum('"kind": "tick"' in line for line in lines) >= 20:
                break
            time.sleep(0.2)  # waiting for two processes' ticker threads, not a business time
    ticks = [json.loads(line) for line in [*one.log_lines(), *two.log_lines()]
             if line.startswith("{") and '"kind": "tick"' in line]
    assert len(ticks) >= 2 and not [t for t in ticks if "error" in t], ticks[:3]
    with open_office(pg_url, actor="auditor", role="auditor") as office:
        missed = Counter()
        for row in office.read.find_tickets(limit=100)["rows"]:
            for event in office.read.ticket_history(row["number"]):
                if event["event"] == "DeadlineMissed":
                    missed[(row["number"], event["data"]["key"])] += 1
    assert len(missed) >= 20 and set(missed.values()) == {1}
