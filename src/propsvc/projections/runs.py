"""What the catch-up and the rebuild share: progress callbacks, the stale mark of a read
model, the failure a caller turns into a warning, the GC pause of a batch, and the
interface the rebuild drives a runner through (``Replaying``: the rebuild knows no
runner class, so the two modules do not import each other)."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from propsvc.errors import PropsvcError

if TYPE_CHECKING:
    from propsvc.projections.base import Projection
    from propsvc.projections.db import Db

Progress = Callable[[int, int], None]


class ReadModelsOutdated(PropsvcError):
    """The read models were created by an earlier version of propsvc and lack columns
    this one writes: ``propsvc rebuild`` (once) builds them anew from the events."""

    def __init__(self, missing: list[str]) -> None:
        more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
        super().__init__(f"the read models predate this version of propsvc ({missing[0]} "
                         f"is missing{more}): run 'propsvc rebuild' once; the events are "
                         "untouched")


class CatchUpFailed(Exception):
    """The read models could not be brought up to date now (the database is busy,
    unreachable or refused the transaction). Whatever was written before is committed;
    the next catch-up (any later command, or ``tick``) retries from where they stand."""


@dataclass(frozen=True)
class Stale:
    """A read model stopped before an event it could not apply."""

    projection: str
    event_id: int
    topic: str
    originator_id: str
    originator_version: int
    error: str

    def message(self) -> str:
        return (f"read model '{self.projection}' is stale: it could not apply event "
                f"#{self.event_id} ({self.topic}, {self.originator_id} "
                f"v{self.originator_version}): {self.error}; it shows the state before that "
                f"event until 'propsvc rebuild' succeeds")


class CaughtUp(int):
    """How many events a catch-up read (an ``int``), and which read models are stale."""

    stale: tuple[Stale, ...]

    def __new__(cls, count: int, stale: Sequence[Stale] = ()) -> CaughtUp:
        self = super().__new__(cls, count)
        self.stale = tuple(stale)
        return self


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic GC inside a batch. A batch allocates ~20 objects per event, almost all
    freed by reference counting; with the row caches alive, the collector's passes over
    them cost more than the decoding itself. It runs again between batches."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def sqlite_path(url: str) -> str:
    """The file of a ``sqlite:///…`` URL (query string dropped)."""
    return url.split("///", 1)[1].split("?", 1)[0] if "///" in url else ":memory:"




class Replaying(Protocol):
    """The runner as the rebuild uses it (``catchup.Runner`` is one)."""

    url: str
    events_name: str
    batch_size: int
    last_rebuild: dict[str, Any]
    read_columns: tuple[str, ...]

    @property
    def db(self) -> Db: ...

    @property
    def projections(self) -> list[Projection]: ...

    def part(self, projections: list[Projection]) -> Replaying: ...

    def dispose(self) -> None: ...

    def head(self, db: Db | None = None) -> int: ...

    def step(self, db: Db, upto: int | None = None, *, careful: bool = True
             ) -> tuple[int, int]: ...

    def route(self, rows: list[Any], at: dict[int, int]) -> dict[int, list[Any]]: ...

    def targets(self, topic: str) -> list[tuple[int, tuple[bytes, ...]]]: ...

    def routes_everything(self, p: Projection) -> bool: ...

    def row_filter(self, db: Db) -> tuple[str, list[Any]]: ...

    def apply_guarded(self, p: Projection, db: Db, items: list[Any]) -> Stale | None: ...
