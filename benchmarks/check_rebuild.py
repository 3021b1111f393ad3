"""Check that a rebuild gives exactly the tables incremental catch-up gave (and that a
faster runner gives exactly the tables the old one gave).

    python benchmarks/check_rebuild.py --db /tmp/w.db                 # catch up, rebuild, compare
    python benchmarks/check_rebuild.py --db /tmp/w.db --save a.pickle # ...and keep the tables
    python benchmarks/check_rebuild.py --db /tmp/w.db --against a.pickle
    python benchmarks/check_rebuild.py --db /tmp/w.db --reference --batch 2000 --save ref.pickle

Tables are compared row by row, every column, in primary-key order, as SQLAlchemy reads
them back (datetimes, decimals, booleans included). Prints JSON; exit 1 on a difference.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import pickle
import sys
import time
from pathlib import Path
from typing import Any
from uuid import UUID

from propsvc.office import Backend


def reference_mode() -> None:
    """The plain paths: every event decoded the general way (``json.loads`` +
    ``model_validate``) and given to every projection through ``Projection.apply``
    (``touches`` → preload → ``handle`` through ``singledispatchmethod`` → flush), GC on,
    the whole cache dropped at 50,000 rows, SQLite's default settings."""
    import json as json_

    import propsvc.projections.catchup as catchup
    import propsvc.projections.db as db
    import propsvc.projections.rows as rows
    from propsvc.aggregates.base import EVENT_TYPES

    def general_decode(topic: str, state: bytes, originator_id: Any, version: int) -> Any:
        cls = EVENT_TYPES[topic]
        data = cls.upcast(json_.loads(bytes(state)))
        data["originator_id"] = (UUID(bytes=originator_id) if type(originator_id) is bytes
                                 else originator_id)
        data["originator_version"] = version
        return cls.model_validate(data)

    def reset_all(self: Any, count: int) -> None:  # the old bound: forget everything
        self.forget()

    def plain_apply(self: Any, p: Any, conn: Any, items: Any) -> None:
        events = []
        for _, event in items:
            if isinstance(event, catchup._Undecodable):
                raise event.error
            events.append(event)
        p.apply(conn, events)

    catchup.decode_event = general_decode  # type: ignore[assignment]
    catchup.Runner.apply = plain_apply  # type: ignore[method-assign]
    catchup.Runner._targets = (  # type: ignore[method-assign]
        lambda self, topic: [(i, ()) for i in range(len(self.projections))])
    catchup.gc_paused = contextlib.nullcontext  # type: ignore[assignment]
    db.SQLITE_CACHE_KIB = 2000
    rows.MAX_CACHED = 50_000
    rows.RowCache._evict = reset_all  # type: ignore[method-assign]


def dump(rt: Backend) -> dict[str, list[tuple[Any, ...]]]:
    from sqlalchemy import select

    from propsvc.projections.tables import metadata

    out: dict[str, list[tuple[Any, ...]]] = {}
    with rt.runner.engine.connect() as conn:
        for p in rt.runner.projections:
            for spec in p.tables:
                table = metadata.tables[spec.name]
                pk = list(table.primary_key.columns)
                out[table.name] = [tuple(r) for r in conn.execute(select(table).order_by(*pk))]
        from propsvc.projections.tables.base import tracking

        out[tracking.name] = [tuple(r) for r in conn.execute(
            select(tracking).order_by(tracking.c.name))]
    return out


def digest(tables: dict[str, list[tuple[Any, ...]]]) -> dict[str, Any]:
    return {name: {"rows": len(rows),
                   "sha1": hashlib.sha1(repr(rows).encode()).hexdigest()[:12]}
            for name, rows in tables.items()}


def diff(a: dict[str, list[tuple[Any, ...]]], b: dict[str, list[tuple[Any, ...]]]
         ) -> list[str]:
    problems = []
    for name in sorted(set(a) | set(b)):
        ra, rb = a.get(name), b.get(name)
        if ra == rb:
            continue
        if ra is None or rb is None:
            problems.append(f"{name}: missing on one side")
            continue
        problems.append(f"{name}: {len(ra)} vs {len(rb)} rows")
        for x, y in zip(ra, rb, strict=False):
            if x != y:
                problems.append(f"  first difference:\n    {x}\n    {y}")
                break
    return problems


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", required=True)
    p.add_argument("--save", help="pickle the rebuilt tables here")
    p.add_argument("--against", help="compare the rebuilt tables with a pickle")
    p.add_argument("--no-incremental", action="store_true",
                   help="skip the catch-up pass (tables already caught up, or not wanted)")
    p.add_argument("--batch", type=int, help="runner batch size (default: the runner's)")
    p.add_argument("--max-cached", type=int,
                   help="rows kept per table cache (small values exercise eviction)")
    p.add_argument("--reference", action="store_true",
                   help="rebuild the plain way, as the runner did before the fast paths "
                        "(SQLAlchemy Core reads and writes, json.loads + model_validate, "
                        "Projection.apply, GC on, whole-cache reset at 50,000 rows, default "
                        "SQLite settings; give --batch 2000): the oracle for --save/--against "
                        "and the 'before' timing")
    args = p.parse_args(argv)
    if args.reference:
        reference_mode()
    if args.max_cached:
        import propsvc.projections.rows as rows

        rows.MAX_CACHED = args.max_cached
    rt = Backend(args.db)
    if args.batch:
        rt.runner.batch_size = args.batch
    report: dict[str, Any] = {"db": args.db, "batch": rt.runner.batch_size,
                              "max_cached": args.max_cached, "reference": args.reference}
    problems: list[str] = []
    incremental = None
    if not args.no_incremental:
        started = time.perf_counter()
        report["caught_up"] = rt.runner.catch_up()
        report["catch_up_seconds"] = round(time.perf_counter() - started, 3)
        incremental = dump(rt)
    started = time.perf_counter()
    report["rebuilt"] = rt.runner.rebuild()
    report["rebuild_seconds"] = round(time.perf_counter() - started, 3)
    rebuilt = dump(rt)
    report["tables"] = digest(rebuilt)
    if incremental is not None:
        found = diff(incremental, rebuilt)
        report["incremental_equals_rebuilt"] = not found
        problems += found
    if args.against:
        with Path(args.against).open("rb") as f:
            found = diff(pickle.load(f), rebuilt)
        report["equals_saved"] = not found
        problems += found
    if args.save:
        with Path(args.save).open("wb") as f:
            pickle.dump(rebuilt, f)
    rt.close()
    report["problems"] = problems
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
