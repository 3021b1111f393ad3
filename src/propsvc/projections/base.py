"""The projection contract: which rows an event touches, and how it changes them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from sqlalchemy import Connection, Table

from propsvc.aggregates.base import Event
from propsvc.projections.rows import Key, RowCache


class Projection:
    """One read model. Subclasses list their tables and handle events they care about."""

    name: ClassVar[str]
    tables: ClassVar[tuple[Table, ...]]

    def __init__(self) -> None:
        self.caches = {t.name: RowCache(t) for t in self.tables}

    def cache(self, table: Table) -> RowCache:
        return self.caches[table.name]

    def touches(self, event: Event) -> Iterable[tuple[Table, Key]]:
        """Rows to preload before handling ``event`` (one query per table per batch)."""
        return ()

    def handle(self, event: Event) -> None:
        """Apply one event to the cached rows."""

    def apply(self, conn: Connection, events: Sequence[Event]) -> None:
        wanted: dict[str, list[Key]] = {}
        for event in events:
            for table, key in self.touches(event):
                wanted.setdefault(table.name, []).append(key)
        for name, keys in wanted.items():
            self.caches[name].preload(conn, keys)
        for event in events:
            self.handle(event)
        for cache in self.caches.values():
            cache.flush(conn)

    def reset(self, *, assume_empty: bool = False) -> None:
        for cache in self.caches.values():
            cache.reset()
            cache.assume_empty = assume_empty

    def row(self, table: Table, key: Key) -> dict[str, Any] | None:
        return self.caches[table.name].get(key)
