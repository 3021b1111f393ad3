"""Notifications at scale (issue 15): generate a store with the repair workload (its hourly
ticks record misses, chases and escalations), then time

* the notifications read model's share of a rebuild (it alone, and the others alone);
* a user's feed (newest 50, a deep page, unread only) and the unread count, per role;
* marking read (one, and read-all) including the write's catch-up;
* one delivery run to a local webhook receiver (notifications per second).

    .venv/bin/python benchmarks/bench_notifications.py --events 200000 [--db URL]

Figures go to stdout as JSON; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.receivers import webhook_receiver  # noqa: E402

from propsvc.clock import SettableClock  # noqa: E402
from propsvc.delivery.config import DeliveryConfig  # noqa: E402
from propsvc.office import Actor, Office  # noqa: E402
from propsvc.projections.catchup import Runner, all_projections  # noqa: E402
from propsvc.projections.notification import NotificationFeed  # noqa: E402
from propsvc.store.event_store import normalise_url  # noqa: E402


def timed(fn: Callable[[], Any], runs: int) -> dict[str, float]:
    fn()  # warm
    ms = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - started) * 1000)
    ms.sort()
    return {"p50_ms": round(statistics.median(ms), 2),
            "p95_ms": round(ms[max(0, int(len(ms) * 0.95) - 1)], 2), "runs": runs}


def rebuild_rate(url: str, projections: list[Any]) -> dict[str, float]:
    runner = Runner(normalise_url(url), projections=projections)
    started = time.perf_counter()
    events = runner.rebuild(workers=1)
    seconds = time.perf_counter() - started
    runner.dispose()
    return {"events": events, "seconds": round(seconds, 2),
            "events_per_s": round(events / seconds)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--events", type=int, default=200_000)
    p.add_argument("--db", help="a store URL to fill (default: a temporary SQLite file)")
    p.add_argument("--runs", type=int, default=50)
    args = p.parse_args()
    url = args.db or str(Path(tempfile.mkdtemp()) / "notify.db")
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "workload.py"), "--db", url,
                    "--events", str(args.events), "--path", "bulk"], check=True,
                   stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT)})
    out: dict[str, Any] = {"events_asked": args.events, "store": "postgresql" if
                           url.startswith("postgres") else "sqlite",
                           "generate_s": round(time.perf_counter() - started, 1),
                           "load": os.getloadavg()}
    out["rebuild_all"] = rebuild_rate(url, all_projections())
    out["rebuild_notifications_only"] = rebuild_rate(url, [NotificationFeed()])
    out["rebuild_without_notifications"] = rebuild_rate(
        url, [x for x in all_projections() if not isinstance(x, NotificationFeed)])
    clock = SettableClock(datetime.now(UTC) + timedelta(days=800))
    with Office.open(url, "of01", Actor("bench", "manager"), clock) as office:
        office.rebuild()
        out["reads"] = reads(office, args.runs)
        out["marks"] = marks(office, args.runs)
        out["delivery"] = delivery(office)
    print(json.dumps(out, ensure_ascii=False, indent=2))


def reads(office: Office, runs: int) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for role in ("desk", "supervisor", "engineering", "manager"):
        user = office.acting_as(Actor(f"bench-{role}", role, True))
        total = user.read.notifications(limit=1)["total"]
        found[role] = {
            "notifications": total,
            "feed_newest_50": timed(lambda u=user: u.read.notifications(), runs),
            "feed_page_at_1000": timed(lambda u=user: u.read.notifications(offset=1000), runs),
            "feed_unread_only": timed(lambda u=user: u.read.notifications(unread=True), runs),
            "unread_count": timed(lambda u=user: u.read.unread_notifications(), runs)}
    return found


def marks(office: Office, runs: int) -> dict[str, Any]:
    user = office.acting_as(Actor("bench-marker", "desk", True))
    ids = iter([n["id"] for n in user.read.notifications(limit=500)["items"]])
    return {"mark_one_read": timed(lambda: user.notifications.mark_read([next(ids)]),
                                   min(runs, 200)),
            "read_all": timed(user.notifications.mark_all_read, 5)}


def delivery(office: Office) -> dict[str, Any]:
    with webhook_receiver() as hook:
        config = DeliveryConfig.model_validate({
            "delivery": {"max_age_hours": 24 * 3650},
            "webhook": [{"name": "bench", "url": hook.url, "roles": ["supervisor"]}]})
        started = time.perf_counter()
        done = office.deliver(config)
        seconds = time.perf_counter() - started
        again = time.perf_counter()
        office.deliver(config)
        idle = time.perf_counter() - again
    sent = done.count("sent")
    return {"sent": sent, "seconds": round(seconds, 2),
            "per_s": round(sent / seconds) if seconds else None,
            "idle_run_ms": round(idle * 1000, 1)}


if __name__ == "__main__":
    main()
