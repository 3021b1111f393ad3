"""``propsvc backup``: a consistent copy of a SQLite store while desks keep working.

SQLite's online backup API copies the database as of one read snapshot, including what
is still in the write-ahead log (a plain ``cp`` of the ``.db`` file misses those pages).
The copy is written beside the target under a temporary name and renamed into place
only once complete and checked, so a failed backup leaves no half-written file. The copy
carries the event log, its chain and the read models; ``propsvc verify`` works on it.
PostgreSQL has its own tools (pg_dump); ``propsvc events export`` works on both.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from propsvc.errors import InvalidInput
from propsvc.i18n import _
from propsvc.store.database import EVENTS, Database

PG_ADVICE = ("propsvc backup copies a SQLite file; for PostgreSQL use the server's own "
             "tools (pg_dump -Fc DBNAME > FILE, restored with pg_restore), or "
             "propsvc events export --out FILE.jsonl (see docs/operations.md)")


@dataclass(frozen=True)
class Copied:
    path: str
    events: int
    bytes: int


def writable_target(out: str, force: bool) -> Path:
    """The file ``--out`` names, checked before anything is read or written."""
    try:
        path = Path(out).expanduser().resolve()
    except (OSError, RuntimeError, ValueError) as err:
        raise InvalidInput(_("--out {out!r} is not a usable file name ({err})",
                             out=out, err=err)) from None
    if len(path.name.encode("utf-8", "surrogateescape")) > 255:
        raise InvalidInput(_("--out: the file name is longer than 255 bytes"))
    if path.is_dir():
        raise InvalidInput(_("--out {path} is a folder: name a file", path=path))
    if not path.parent.is_dir():
        raise InvalidInput(_("--out: folder {parent} does not exist", parent=path.parent))
    if path.exists() and not force:
        raise InvalidInput(_("--out {path} already exists: choose another name, or pass --force "
                             "to replace it", path=path))
    return path


def backup_sqlite(db: Database, target: Path) -> Copied:
    if db.kind != "sqlite":
        raise InvalidInput(PG_ADVICE)
    if Path(db.target.path).resolve() == target:
        raise InvalidInput(_("--out is the store itself: name another file"))
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    partial.unlink(missing_ok=True)
    try:
        _copy(db, partial)
        events = _check(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return Copied(str(target), events, target.stat().st_size)


def _copy(db: Database, partial: Path) -> None:
    source = sqlite3.connect(db.target.path, timeout=db.target.timeout)
    try:
        dest = sqlite3.connect(partial)
        try:
            source.backup(dest)  # every page in one step: one consistent snapshot
            dest.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        finally:
            dest.close()
    finally:
        source.close()


def _check(partial: Path) -> int:
    conn = sqlite3.connect(partial)
    try:
        ok = conn.execute("PRAGMA quick_check").fetchone()
        if not ok or ok[0] != "ok":
            raise InvalidInput(_("the copy failed SQLite's integrity check ({ok}): retry", ok=ok))
        return int(conn.execute(f"SELECT COUNT(*) FROM {EVENTS}").fetchone()[0])
    finally:
        conn.close()
