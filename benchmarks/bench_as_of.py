"""How long an as-of register read takes (issue 14, decision 0014): the office's events
that pass the cut replayed into scratch read models in memory, then the register query.

    python benchmarks/workload.py --db /tmp/w.db --events 250000 --path bulk
    python benchmarks/bench_as_of.py --db /tmp/w.db --office of01 --month 2026-02 \\
        --moment "2026-02-15 12:00"

Prints one JSON object: the live read's seconds (read models caught up first, not
counted), and for ``as_of`` and ``as_known_at`` the rebuild's and the whole read's
seconds, with the rows each register had.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

from propsvc.clock import SettableClock
from propsvc.office import Actor, Office
from propsvc.profile import load_profile


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--office", default="of01")
    parser.add_argument("--month", default="2026-02")
    parser.add_argument("--moment", default="2026-02-15 12:00")
    parser.add_argument("--now", default="2026-03-15 09:00")
    args = parser.parse_args()
    profile = load_profile(None, args.office)
    cal = profile.office_calendar
    clock = SettableClock(cal.parse_time(args.now))
    moment = cal.parse_time(args.moment)
    with Office.open(args.db, args.office, Actor("bench", "auditor"), clock,
                     profile) as office:
        office.backend.catch_up()
        out: dict[str, Any] = {"office": args.office, "month": args.month,
                               "moment": moment.isoformat()}
        started = time.perf_counter()
        live = office.read.repair_register(month=args.month)
        out["live"] = {"seconds": round(time.perf_counter() - started, 3),
                       "rows": len(live["rows"])}
        for name in ("as_of", "known_at"):
            started = time.perf_counter()
            then = office.read.at(**{name: moment})
            found = then.repair_register(month=args.month)
            overdue = then.overdue()
            out[name] = {"seconds": round(time.perf_counter() - started, 3),
                         "rebuild_seconds": round(then.scratch_seconds or 0.0, 3),
                         "rows": len(found["rows"]), "overdue": len(overdue)}
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
