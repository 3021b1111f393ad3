"""Decode every stored event twice — the fast path of ``decode_event`` and the general
path (json.loads → upcast → model_validate) — and check that the events are equal.

    python benchmarks/check_decode.py --db benchmarks/out/bench-1000000.db

Prints JSON with the counts and both decode rates; exit 1 on any difference.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from typing import Any
from uuid import UUID

from propsvc.aggregates.base import EVENT_TYPES
from propsvc.store.event_store import decode_event, load_domain

load_domain()  # every event class (decode_event alone imports a topic's module on demand)


def general(topic: str, state: bytes, originator_id: UUID, version: int) -> Any:
    cls = EVENT_TYPES[topic]
    data = cls.upcast(json.loads(state))
    data["originator_id"] = originator_id
    data["originator_version"] = version
    return cls.model_validate(data)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", required=True, help="a SQLite store file")
    p.add_argument("--limit", type=int, default=0)
    args = p.parse_args(argv)
    db = sqlite3.connect(args.db)
    sql = "SELECT originator_id, originator_version, topic, state FROM propsvc_events ORDER BY id"
    if args.limit:
        sql += f" LIMIT {int(args.limit)}"
    rows = db.execute(sql).fetchall()
    started = time.perf_counter()
    fast = [decode_event(t, s, o, v) for o, v, t, s in rows]
    fast_s = time.perf_counter() - started
    started = time.perf_counter()
    slow = [general(t, s, UUID(bytes=o), v) for o, v, t, s in rows]
    slow_s = time.perf_counter() - started
    bad = [i for i, (a, b) in enumerate(zip(fast, slow, strict=True))
           if type(a) is not type(b) or a != b
           or a.model_dump(mode="json") != b.model_dump(mode="json")]
    print(json.dumps({"events": len(rows), "different": len(bad),
                      "first_different": bad[:5],
                      "fast_events_per_second": round(len(rows) / fast_s),
                      "general_events_per_second": round(len(rows) / slow_s)}, indent=2))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
