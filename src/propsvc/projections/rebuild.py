"""Rebuild: replay the whole log into new tables, then switch them in one transaction.

1. Under the catch-up lock, note the head of the log.
2. Replay every event up to that head into new tables, with the projections split into
   independent groups, one process each (``workers``; one group in-process for small
   logs). On SQLite each group writes its own scratch file next to the database (no
   journal, no fsync: a killed rebuild just leaves it to be deleted); on PostgreSQL each
   writes shadow tables ``<name>__new``. The new tables carry their primary key and
   unique indexes only (the unique ones refuse what catch-up refuses). Desks keep
   writing meanwhile, and their catch-ups keep the live read models current. A projection
   that cannot apply an event stops there, exactly as in catch-up.
3. SQLite: copy the scratch files' tables into shadow tables ``<name>__new`` of the
   database, 50,000 rows per transaction. Then index the shadows, one index per
   transaction (each index takes the name the live table does not use: ``<index>`` or
   ``<index>__new``, alternately). Desks go on between these short transactions.
4. In one short transaction: drop the live tables, rename the shadows, set positions and
   stale marks, and catch up the events written since step 1.

At a ``kill -9`` anywhere, readers see the old read models (before 4 commits) or the new
ones (after); never empty or half-built ones. What a killed rebuild leaves (scratch files,
shadow tables) is removed by the next one.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import queue
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from propsvc.aggregates.base import EVENT_TYPES
from propsvc.projections import ddl
from propsvc.projections._schema import stale as stale_table
from propsvc.projections._schema import tracking
from propsvc.projections.base import Projection
from propsvc.projections.db import Db
from propsvc.projections.rows import q
from propsvc.projections.runs import Progress, Replaying, Stale, gc_paused, sqlite_path

PARALLEL_FROM = 50_000  # events: a smaller log is replayed in-process
# Relative replay cost of each projection (CPU of its handlers and writes, plus its share
# of the decoding, on the benchmark workload: 250k events, 2026-12-04); groups are
# balanced on it, heaviest first. Unknown projections weigh 1. With these the two groups
# are {tickets, visits, handover, desk items, …} and {deadlines, notifications, …}: the
# deadline events, most of the log, are decoded by one worker for both its read models.
WEIGHTS = {"tickets": 30, "deadlines": 29, "notifications": 20, "visits": 9, "handover": 8,
           "desk_items": 2, "incidents": 1, "keys": 1, "renovations": 1}
SCRATCH = ".rebuild-"


def table_names(projections: Sequence[Projection]) -> list[str]:
    return [t.name for p in projections for t in p.tables]


def events_upto(runner: Replaying, db: Db, head: int) -> int:
    rows = db.rows(f"SELECT count(*) FROM {q(runner.events_name)} WHERE {q('id')} <= {db.mark}",
                   (head,))
    db.end_read()
    return int(rows[0][0])


def groups_for(projections: Sequence[Projection], workers: int) -> list[list[int]]:
    """Projection indexes split into ``workers`` groups of about equal weight."""
    groups: list[list[int]] = [[] for _ in range(max(1, min(workers, len(projections))))]
    load = [0] * len(groups)
    order = sorted(range(len(projections)),
                   key=lambda i: -WEIGHTS.get(projections[i].name, 1))
    for i in order:
        k = load.index(min(load))
        groups[k].append(i)
        load[k] += WEIGHTS.get(projections[i].name, 1)
    return [sorted(g) for g in groups if g]


def rebuild(runner: Replaying, progress: Progress | None = None, *,
            workers: int | None = None) -> int:
    db = runner.db
    names = table_names(runner.projections)
    with db.write():
        head = runner.head(db)
        ddl.drop_shadows(db, names)  # what a killed rebuild left
    index_names = ddl.free_index_names(db, names)
    with db.write():  # PostgreSQL's workers write these; SQLite's are copied in later
        ddl.create_shadows(db, names, index_names, unique_only=db.kind == "postgresql")
    if workers is None:
        workers = min(2, os.cpu_count() or 1) if head >= PARALLEL_FROM else 1
    groups = groups_for(runner.projections, workers)
    scratch: list[str | None] = [None] * len(groups)
    if db.kind == "sqlite":
        main = sqlite_path(runner.url)
        remove_leftovers(main)
        scratch = [f"{main}{SCRATCH}{os.getpid()}-{k}" for k in range(len(groups))]
    try:
        started = time.perf_counter()
        _, failures = build(runner, head, groups, scratch, progress)
        count = events_upto(runner, db, head)
        replayed = time.perf_counter()
        for p in runner.projections:
            p.reset()
        if db.kind == "sqlite":
            with _attached(db, scratch):
                for k, group in enumerate(groups):
                    ddl.copy_in(db, f"part{k}", table_names(
                        [runner.projections[i] for i in group]))
        copied = time.perf_counter()
        ddl.index_shadows(db, names, index_names)
        indexed = time.perf_counter()
        with gc_paused(), db.write():
            switch(runner, db, head, failures)
            count += catch_up_in(runner, db)
        runner.last_rebuild = {"workers": len(groups), "events": count,
                               "replay_seconds": round(replayed - started, 3),
                               "copy_seconds": round(copied - replayed, 3),
                               "index_seconds": round(indexed - copied, 3),
                               "switch_seconds": round(time.perf_counter() - indexed, 3)}
    finally:
        for path in scratch:
            if path:
                _remove(path)
    return count


# -- step 2: the replay -------------------------------------------------------------------
def build(runner: Replaying, head: int, groups: list[list[int]], scratch: list[str | None],
          progress: Progress | None) -> tuple[int, dict[str, Stale]]:
    """Replay each group into its scratch file or shadow tables; (events, failures)."""
    if len(groups) == 1:
        return build_part(runner, groups[0], head, scratch[0], progress)
    ctx = multiprocessing.get_context("fork")  # the projections as they are, no pickling
    results: Any = ctx.Queue()
    procs = [ctx.Process(target=_part_main, args=(runner, g, head, s, k, results),
                         daemon=True)
             for k, (g, s) in enumerate(zip(groups, scratch, strict=True))]
    for proc in procs:
        proc.start()
    count, failures, done = 0, {}, set[int]()
    positions = [0] * len(procs)
    try:
        while len(done) < len(procs):
            try:
                message = results.get(timeout=1.0)
            except queue.Empty:
                dead = [k for k, p in enumerate(procs) if k not in done and not p.is_alive()]
                if dead:
                    raise RuntimeError(f"rebuild worker {dead[0]} died "
                                       f"(exit {procs[dead[0]].exitcode})") from None
                continue
            kind, k = message[0], message[1]
            if kind == "progress":
                positions[k] = message[2]
                if progress:
                    progress(min(positions), head)
            elif kind == "done":
                done.add(k)
                count = max(count, message[2])
                failures.update(message[3])
            else:
                raise RuntimeError(f"rebuild worker {k} failed: {message[2]}")
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
            proc.join()
    return count, failures


def _part_main(runner: Replaying, group: list[int], head: int, scratch: str | None, k: int,
               results: Any) -> None:
    try:
        count, failures = build_part(
            runner, group, head, scratch, lambda done, total: results.put(("progress", k, done)))
        results.put(("done", k, count, failures))
    except BaseException as err:  # tell the parent; it raises
        results.put(("error", k, f"{type(err).__name__}: {err}"))


def build_part(runner: Replaying, group: list[int], head: int, scratch: str | None,
               progress: Progress | None) -> tuple[int, dict[str, Stale]]:
    projections = [runner.projections[i] for i in group]
    part = runner.part(projections)
    names = table_names(projections)
    try:
        source = part.db
        if source.kind == "sqlite":  # it only reads the log, in order: no big cache
            source.run("PRAGMA cache_size=-2000")
        if scratch is not None:
            out = open_scratch(scratch)
            ddl.create_part_tables(out, names)
            targets = None
        else:
            out = source
            targets = {n: ddl.shadow_name(n) for n in names}
        try:
            for p in projections:
                p.reset(assume_empty=True, targets=targets)
            failures: dict[str, Stale] = {}
            count = replay(part, source, out, head, failures, progress)
        finally:
            if out is not source:
                out.close()
    finally:
        part.dispose()
        for p in projections:
            p.reset()
    return count, failures


def open_scratch(path: str) -> Db:
    import sqlite3

    _remove(path)
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA journal_mode=MEMORY")  # savepoints still roll back
    raw.execute("PRAGMA synchronous=OFF")
    raw.execute("PRAGMA cache_size=-65536")
    return Db(raw, "sqlite")


def replay(runner: Replaying, source: Db, out: Db, head: int, failures: dict[str, Stale],
           progress: Progress | None = None) -> int:
    """Every event up to ``head`` (read from ``source``) into the projections' tables in
    ``out``; a projection that fails is recorded in ``failures`` and given no more.
    Reads ``batch_size`` ids at a time, and only the events some projection of this
    group handles (``read_filter``); returns how many it read."""
    position, count = 0, 0
    where, params = read_filter(runner, source)
    narrower, more = runner.row_filter(source)
    where, params = where + narrower, [*params, *more]
    cols = ", ".join(runner.read_columns)
    m = source.mark
    sql = (f"SELECT {cols} FROM {q(runner.events_name)} WHERE {q('id')} > {m} "
           f"AND {q('id')} <= {m}{where} ORDER BY {q('id')}")
    # No cyclic GC for the whole replay: its objects are freed by reference counting, and
    # re-enabling it between batches made the next allocation pay a collection of every
    # object the batch had made (~10 % of the replay). One collection at the end.
    with gc_paused():
        while position < head:
            upto = min(head, position + runner.batch_size)
            rows = source.rows(sql, (position, upto, *params))
            if source is not out:
                source.end_read()
            if rows:
                with out.transaction():
                    at = {i: position for i, p in enumerate(runner.projections)
                          if p.name not in failures}
                    work = runner.route(rows, at)
                    for i in at:
                        p = runner.projections[i]
                        failure = runner.apply_guarded(p, out, work.get(i, []))
                        if failure is not None:
                            failures[p.name] = failure
                del work
            count += len(rows)
            position = upto
            if progress:
                progress(position, head)
    gc.collect()
    return count


def read_filter(runner: Replaying, db: Db) -> tuple[str, list[Any]]:
    """The SQL condition that keeps only the events the runner's projections handle:
    their topics, narrowed by ``wants_raw`` where every projection of a topic has it
    (the same test ``route`` makes). Empty when some projection takes every event."""
    if any(runner.routes_everything(p) for p in runner.projections):
        return "", []
    plain: list[str] = []
    narrowed: list[tuple[str, tuple[bytes, ...]]] = []
    for topic in sorted(EVENT_TYPES):
        targets = runner.targets(topic)
        if not targets:
            continue
        if any(not wants for _, wants in targets):
            plain.append(topic)
        else:
            narrowed.append((topic, tuple(sorted({w for _, ws in targets for w in ws}))))
    m, state = db.mark, q("state")
    contains = (f"instr({state}, {m}) > 0" if db.kind == "sqlite"
                else f"position({m} IN {state}) > 0")
    terms: list[str] = []
    params: list[Any] = []
    if plain:
        terms.append(f"{q('topic')} IN ({', '.join([m] * len(plain))})")
        params.extend(plain)
    for topic, wants in narrowed:
        found = " OR ".join(contains for _ in wants)
        terms.append(f"({q('topic')} = {m} AND ({found}))")
        params.extend([topic, *wants])
    return (f" AND ({' OR '.join(terms)})" if terms else " AND 1 = 0"), params


# -- step 3: the switch -------------------------------------------------------------------
@contextlib.contextmanager
def _attached(db: Db, scratch: list[str | None]) -> Any:
    """The scratch files attached to the main connection (outside any transaction)."""
    attached = []
    try:
        for k, path in enumerate(scratch):
            if path is not None:
                db.run(f"ATTACH DATABASE {db.mark} AS {q(f'part{k}')}", (path,))
                attached.append(k)
        yield
    finally:
        for k in attached:
            with contextlib.suppress(Exception):
                db.run(f"DETACH DATABASE {q(f'part{k}')}")


def switch(runner: Replaying, db: Db, head: int, failures: dict[str, Stale]) -> None:
    """Inside db's write transaction: the new tables become the read models at ``head``."""
    ddl.switch_in(db, table_names(runner.projections))
    m = db.mark
    for p in runner.projections:
        failure = failures.get(p.name)
        position = failure.event_id - 1 if failure else head
        db.run(f"UPDATE {q(tracking.name)} SET {q('position')} = {m} WHERE {q('name')} = {m}",
               (position, p.name))
        db.run(f"DELETE FROM {q(stale_table.name)} WHERE {q('name')} = {m}", (p.name,))
    cols = ", ".join(q(c) for c in stale_table.columns)
    for f in failures.values():
        db.run(f"INSERT INTO {q(stale_table.name)} ({cols}) VALUES ({', '.join([m] * 6)})",
               (f.projection, f.event_id, f.topic, f.originator_id, f.originator_version,
                f.error))


def catch_up_in(runner: Replaying, db: Db) -> int:
    """The events written during the replay, inside db's open transaction."""
    count = 0
    while True:
        done, _ = runner.step(db)
        count += done
        if done < runner.batch_size:
            return count


# -- leftovers ----------------------------------------------------------------------------
def remove_leftovers(main: str) -> None:
    """Scratch files of rebuilds whose process is gone (killed)."""
    for path in Path(main).parent.glob(Path(main).name + SCRATCH + "*"):
        pid = path.name.rsplit(SCRATCH, 1)[1].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            _remove(str(path))


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # ours from an earlier rebuild in this process: finished or failed
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove(path: str) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path + suffix)
