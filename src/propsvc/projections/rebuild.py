"""Rebuild: replay the whole log into new tables, then switch them in one transaction.

1. Under the catch-up lock, note the head of the log and create empty shadow tables
   (``<name>__new``: primary key and unique indexes only), dropping any left by a rebuild
   that was killed.
2. Replay every event up to that head into the shadow tables, batch by batch (each its
   own short transaction: desks keep writing meanwhile, and their catch-ups keep the
   live read models current). A projection that cannot apply an event stops there,
   exactly as in catch-up.
3. In one transaction: drop the live tables, rename the shadows, create the secondary
   indexes, set positions and stale marks, and catch up the events written meanwhile.

At a ``kill -9`` anywhere, readers see the old read models (before 3 commits) or the new
ones (after); never empty or half-built ones. The shadows a killed rebuild leaves behind
are dropped by the next one.
"""

from __future__ import annotations

from propsvc.projections import ddl
from propsvc.projections._schema import stale as stale_table
from propsvc.projections._schema import tracking
from propsvc.projections.catchup import Progress, Runner, Stale, gc_paused
from propsvc.projections.db import Db
from propsvc.projections.rows import q


def table_names(runner: Runner) -> list[str]:
    return [t.name for p in runner.projections for t in p.tables]


def rebuild(runner: Runner, progress: Progress | None = None, *,
            workers: int | None = None) -> int:
    db = runner.db
    names = table_names(runner)
    with db.write():
        head = runner.head(db)
        ddl.create_shadows(db, names)
    targets = {n: ddl.shadow_name(n) for n in names}
    for p in runner.projections:
        p.reset(assume_empty=True, targets=targets)
    failures: dict[str, Stale] = {}
    count = replay(runner, db, head, failures, progress)
    for p in runner.projections:
        p.reset()
    with gc_paused(), db.write():
        count += switch(runner, db, names, head, failures)
    return count


def replay(runner: Runner, db: Db, head: int, failures: dict[str, Stale],
           progress: Progress | None = None) -> int:
    """Every event up to ``head`` into the projections' current targets; a projection
    that fails is recorded in ``failures`` and given no further events."""
    position, count = 0, 0
    while position < head:
        with gc_paused(), db.write():
            rows = runner.read(db, position, upto=head)
            if not rows:
                break
            at = {i: position for i, p in enumerate(runner.projections)
                  if p.name not in failures}
            work = runner.route(rows, at)
            for i in at:
                p = runner.projections[i]
                failure = runner.apply_guarded(p, db, work.get(i, []))
                if failure is not None:
                    failures[p.name] = failure
        count += len(rows)
        position = rows[-1][0]
        if progress:
            progress(position, head)
        if len(rows) < runner.batch_size:
            break
    return count


def switch(runner: Runner, db: Db, names: list[str], head: int,
           failures: dict[str, Stale]) -> int:
    """Inside db's write transaction: the shadows become the read models at ``head``,
    then catch up with whatever was written since. Returns the events caught up."""
    ddl.switch_in(db, names)
    m = db.mark
    for p in runner.projections:
        failure = failures.get(p.name)
        position = failure.event_id - 1 if failure else head
        db.run(f"UPDATE {q(tracking.name)} SET {q('position')} = {m} WHERE {q('name')} = {m}",
               (position, p.name))
        db.run(f"DELETE FROM {q(stale_table.name)} WHERE {q('name')} = {m}", (p.name,))
    for failure in failures.values():
        cols = ", ".join(q(c) for c in stale_table.columns)
        db.run(f"INSERT INTO {q(stale_table.name)} ({cols}) VALUES ({', '.join([m] * 6)})",
               (failure.projection, failure.event_id, failure.topic, failure.originator_id,
                failure.originator_version, failure.error))
    count = 0
    while True:
        done, _ = runner.step(db)
        count += done
        if done < runner.batch_size:
            return count
