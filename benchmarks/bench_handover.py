"""Handover read model at scale: generate N events (tickets and their handover matters
over a year), catch up, rebuild, and time `handover show`, `carryover show` and
`register patrol` against the indexed tables.

    .venv/bin/python benchmarks/bench_handover.py --events 1000000 [--db URL]

Figures go to stdout (one line each); nothing is asserted.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from propsvc.aggregates import handover as h
from propsvc.aggregates.base import Context
from propsvc.aggregates.ticket import Ticket
from propsvc.clock import SettableClock
from propsvc.office import Office
from propsvc.queries.handover import carryover_file, handover_log, patrol_register

START = datetime(2026, 1, 1, 1, 0, tzinfo=UTC)
EVENTS_PER_MATTER = 5  # CallReceived, MatterTracked, ItemTriaged, ReasonNoted, MarkedOk


def ctx(when: datetime) -> Context:
    return Context(when, when, "desk", "desk", "main")


def generate(rt: Office, events: int, batch: int = 400) -> int:
    rng = random.Random(7)
    matters = max(1, events // EVENTS_PER_MATTER)
    per_day = max(1, matters // 365)
    pending: list[Any] = []
    written = 0
    for i in range(matters):
        day, seq = divmod(i, per_day)
        when = START + timedelta(days=day, minutes=seq * 700 // per_day)
        stamp = (START + timedelta(days=day)).strftime("%Y%m%d")
        patrol = i % 10 == 0
        shift = f"{(when + timedelta(hours=8)).date().isoformat()}/day"
        if patrol:
            number = f"XS-{stamp}-{seq + 1:03d}"
            m = h.start_matter(h.FindingRecorded, ctx(when), number,
                               str(h.matter_id("main", number)), shift=shift, kind="patrol",
                               summary="巡视发现", area="环境", location=None,
                               department="保洁部")
            pending.append(m)
        else:
            number = f"BX-{stamp}-{seq + 1:03d}"
            t = Ticket.receive_call(number, ctx(when), kind="repair", unit="3-2-1201",
                                    part="水管", caller="王女士", phone=None, summary="漏水",
                                    channel="phone")
            m = h.start_matter(h.MatterTracked, ctx(when), number, str(t.id), shift=shift,
                               kind="repair", summary="漏水")
            pending.extend([t, m])
        m.triage_as(ctx(when), shift, rng.choice(h.TRIAGES))
        m.note_reason(ctx(when + timedelta(minutes=5)), shift, "缺配件")
        if rng.random() < 0.98:
            m.mark_ok(ctx(when + timedelta(hours=rng.choice((2, 30, 400)))), shift, None,
                      None)
        if len(pending) >= batch:
            written += sum(len(a.pending) for a in pending)
            rt.backend.store.save(*pending)
            pending = []
    if pending:
        written += sum(len(a.pending) for a in pending)
        rt.backend.store.save(*pending)
    return written


def timed(label: str, fn: Any, repeat: int = 5) -> Any:
    result, best = None, float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - began)
    print(f"{label}: {best * 1000:.1f} ms (best of {repeat})")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--db", default=None, help="SQLite file or postgresql:// URL")
    args = parser.parse_args()
    db = args.db or str(Path(tempfile.mkdtemp()) / "bench.db")
    rt = Office.open(db, clock=SettableClock(datetime(2027, 1, 15, 1, 0, tzinfo=UTC)))
    began = time.perf_counter()
    written = generate(rt, args.events)
    print(f"generated {written} events in {time.perf_counter() - began:.1f} s ({db})")
    began = time.perf_counter()
    rt.backend.catch_up()
    print(f"catch-up of all projections: {time.perf_counter() - began:.1f} s")
    cal, engine, now = rt.profile.office_calendar, rt.backend.read_db, rt.clock.now()
    span = rt.handover.shifts.parse("2026-11-20/day")
    log = timed("handover show 2026-11-20/day",
                lambda: handover_log(engine, "main", span, now))
    print(f"  carried in {len(log['carried_in'])}, raised {len(log['raised'])}")
    data = timed("carryover show 2026-11 (live)",
                 lambda: carryover_file(engine, "main", cal, "2026-11", now))
    print(f"  rows {len(data['rows'])}")
    timed("register patrol 2026-11",
          lambda: patrol_register(engine, "main", cal, "2026-11", now))
    began = time.perf_counter()
    rt.backend.rebuild()
    print(f"rebuild of all projections: {time.perf_counter() - began:.1f} s")
    rt.close()


if __name__ == "__main__":
    main()
