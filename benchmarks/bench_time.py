"""Time as the SOPs mean it, and sealed months, at scale: a store of N events made by the
workload generator (offices from 2026-01), then, for office of01:

* ``close_month`` of the first months in order (each builds and seals every register of
  the month) — seconds per month;
* ``register repairs --month`` of a closed month (from the seal) and of an open month
  (from the read models, plus the late-entry check against the seals) — ms per read;
* ``whatif`` of a month under a stricter profile (each record's events replayed in
  memory) — seconds, records, deadlines;
* ``OfficeCalendar.due`` on the working-days basis, 3 days across a holiday — µs a call.

    .venv/bin/python benchmarks/bench_time.py --events 200000 [--keep /tmp/t.db]

Figures go to stdout as JSON; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def timed(fn: Any, repeat: int = 1) -> tuple[float, Any]:
    started = time.perf_counter()
    for _ in range(repeat):
        out = fn()
    return (time.perf_counter() - started) / repeat, out


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--events", type=int, default=200_000)
    p.add_argument("--keep", help="build the store here (and keep it)")
    p.add_argument("--months", type=int, default=3, help="months to close in order")
    a = p.parse_args()
    db = a.keep or str(Path(tempfile.mkdtemp()) / "time.db")
    if not Path(db).exists():
        subprocess.run([sys.executable, str(HERE / "workload.py"), "--db", db, "--events",
                        str(a.events), "--path", "bulk"], check=True, stdout=subprocess.DEVNULL)

    from propsvc.calendar import OfficeCalendar
    from propsvc.clock import SettableClock
    from propsvc.office import Actor, Office
    from propsvc.profile import Profile

    clock = SettableClock(datetime(2027, 6, 1, 1, 0, tzinfo=UTC))
    office = Office.open(db, "of01", Actor("经理", "manager"), clock)
    out: dict[str, Any] = {"events": a.events, "db": db, "load_average": os.getloadavg()}
    office.backend.catch_up()
    months = [f"2026-{m:02d}" for m in range(1, a.months + 1)]
    out["close_month_s"] = {m: round(timed(lambda m=m: office.close_month(m))[0], 3)
                            for m in months}
    read = office.read
    out["sealed_month_read_ms"] = round(timed(lambda: read.repair_register(
        month=months[0]), 5)[0] * 1000, 2)
    open_month = f"2026-{a.months + 1:02d}"
    seconds, data = timed(lambda: read.repair_register(month=open_month), 5)
    out["open_month_read_ms"] = round(seconds * 1000, 2)
    out["open_month_rows"] = len(data["rows"])
    strict = Profile.from_dict({"name": "strict", "repair": {"work_order_minutes": 3,
                                                              "chase_after_hours": 2}})
    seconds, found = timed(lambda: read.what_if(strict, open_month))
    out["whatif_s"] = round(seconds, 3)
    out["whatif_records"] = found["records"]
    out["whatif_deadlines"] = sum(r["now"]["deadlines"] for r in found["rules"])
    cal = OfficeCalendar(holidays=frozenset({date(2026, 10, 1), date(2026, 10, 2)}))
    start = datetime(2026, 9, 30, 2, 0, tzinfo=UTC)
    seconds, _ = timed(lambda: cal.due(start, 3 * 1440, "working-days"), 10_000)
    out["calendar_due_us"] = round(seconds * 1e6, 2)
    office.close()
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
