"""The desk services through the facade: write latency of each use case (save + policies
+ read-model catch-up, as the CLI and a server pay it) and the time to read each register
and the handover log once a few months of records are in the store.

    .venv/bin/python benchmarks/bench_services.py [--records 200] [--db URL]

``--records`` is the number of each kind of record (move-ins, paid services, releases,
found items, vacancies), spread over four months. Figures go to stdout, one line each;
nothing is asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from propsvc.clock import SettableClock
from propsvc.errors import RuleViolation
from propsvc.office import Actor, Office

START = datetime(2026, 7, 1, 1, 0, tzinfo=UTC)
Timings = dict[str, list[float]]


def timed(times: Timings, name: str, fn: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    out = fn()
    times.setdefault(name, []).append((time.perf_counter() - started) * 1000)
    return out


def unit(i: int) -> str:
    return f"{i % 6 + 1}-{i % 2 + 1}-{(i // 12) % 26 + 1:02d}{i % 2 + 1:02d}"


def play(rt: Office, clock: SettableClock, n: int, times: Timings) -> None:
    cashier = rt.acting_as(Actor("收银员", "cashier"))
    guard = rt.acting_as(Actor("门岗", "security"))
    rt.keys.handover(developer="开发商", units=[f"9-1-{i:04d}" for i in range(1, n + 1)])
    step = timedelta(days=120) / n
    for i in range(n):
        clock.set(START + step * i)
        one(rt, cashier, guard, i, START + step * i, times)


def one(rt: Office, cashier: Office, guard: Office, i: int, when: datetime,
        times: Timings) -> None:
    """Each service once, at ``when``."""
    m = timed(times, "movein start", lambda: rt.movein.start(
        unit_=f"9-1-{i + 1:04d}", owner="业主", phone="13800000000")).ref
    timed(times, "movein verify", lambda: rt.movein.verify(
        m, documents=["purchase-contract", "id", "move-in-notice"]))
    rt.movein.sign(m, agreements=["preliminary-service", "owner-rules"])
    rt.movein.file(m, members=["家人"])
    rt.movein.pay(m, amount="3600")
    timed(times, "movein keys (K6 check)", lambda: rt.movein.keys(m, count=3))
    timed(times, "movein inspect (2 defect tickets)", lambda: rt.movein.inspect(
        m, result="defects", defects=["墙面裂缝", "地漏堵塞"]))
    p = timed(times, "paid request", lambda: rt.paid.request(
        unit_=unit(i), service="换门锁")).ref
    timed(times, "paid decide", lambda: rt.paid.decide(p, rate="lock-change"))
    rt.paid.accept(p, signed_by="业主")
    timed(times, "paid dispatch (repair ticket)", lambda: rt.paid.dispatch(p, to="王师傅"))
    r = timed(times, "release apply", lambda: rt.release.apply(
        unit_=unit(i), goods="沙发", plate_="粤B12345", driver="刘", driver_id_last4="1234"
    )).ref
    timed(times, "release confirm (arrears check)", lambda: rt.release.confirm(r))
    rt.release.sign(r, signed_by="业主")
    timed(times, "release out", lambda: guard.release.out(r))
    if i % 10 == 0:
        cashier.fees.arrears(unit_=unit(i), amount="100")
        cashier.fees.settle(unit_=unit(i))
    timed(times, "found record", lambda: rt.found.record(item="雨伞", place="大堂",
                                                         finder="保安"))
    timed(times, "vacancy apply", lambda: rt.vacancy.apply(
        unit_=f"8-1-{i + 1:04d}", starts=when.date().isoformat(),
        ends=(when + timedelta(days=200)).date().isoformat()))
    if i % 7 == 0:
        week = when.isocalendar()
        with contextlib.suppress(RuleViolation):  # this week's notice is already up
            timed(times, "found notice (the week's items)", lambda: rt.found.notice(
                week=f"{week.year}-W{week.week:02d}"))


def reads(rt: Office, times: Timings, repeat: int = 5) -> None:
    for _ in range(repeat):
        timed(times, "register moveins --month", lambda: rt.read.moveins(month="2026-08"))
        timed(times, "register paid --month", lambda: rt.read.paid(month="2026-08"))
        timed(times, "register releases --month", lambda: rt.read.releases(month="2026-08"))
        timed(times, "register found --month", lambda: rt.read.found(month="2026-08"))
        timed(times, "register vacancies (whole)", lambda: rt.read.vacancies())
        timed(times, "register vacancy-inspections --month",
              lambda: rt.read.vacancy_inspections("2026-08"))
        timed(times, "visit classes (V2, month)", lambda: rt.read.visit_register("2026-08"))
        timed(times, "handover show", lambda: rt.read.handover_log())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=200)
    ap.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "bench.db")
        clock = SettableClock(START)
        times: Timings = {}
        with Office.open(db, "main", Actor("前台", "desk"), clock) as rt:
            started = time.perf_counter()
            play(rt, clock, args.records, times)
            total = time.perf_counter() - started
            clock.set(START + timedelta(days=125))
            reads(rt, times)
            print(f"records per service: {args.records}; all writes: {total:.1f} s")
            for name, values in times.items():
                values.sort()
                p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
                print(f"{name:40s} n={len(values):5d}  median {statistics.median(values):7.2f} ms"
                      f"  p95 {p95:7.2f} ms")


if __name__ == "__main__":
    main()
