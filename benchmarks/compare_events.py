"""Compare the event tables of two SQLite stores row by row (originator, version, topic,
state, in notification order) — e.g. the app path and the bulk path of one workload:

    python benchmarks/workload.py --db /tmp/a.db --path app  --events 5000 --offices 3
    python benchmarks/workload.py --db /tmp/b.db --path bulk --events 5000 --offices 3
    python benchmarks/compare_events.py /tmp/a.db /tmp/b.db
"""

from __future__ import annotations

import json
import sqlite3
import sys

SQL = ("SELECT originator_id, originator_version, topic, state FROM propsvc_events "
       "ORDER BY id")


def main(argv: list[str]) -> int:
    a, b = (sqlite3.connect(path).execute(SQL).fetchall() for path in argv[:2])
    first = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), None)
    same = a == b
    print(json.dumps({"events": [len(a), len(b)], "identical": same,
                      "first_difference_at": first}))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
