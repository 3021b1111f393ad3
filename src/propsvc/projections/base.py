"""The projection contract: which events it handles, which rows they touch, how they
change them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import singledispatchmethod
from typing import Any, ClassVar

from propsvc.aggregates.base import Event
from propsvc.projections.db import Db
from propsvc.projections.rows import Key, RowCache
from propsvc.projections.schema import TableSpec

RawWants = dict[type[Event], tuple[bytes, ...]]


class Projection:
    """One read model. Subclasses list their tables and handle events they care about.

    The runner gives a projection only the events it handles: those whose class has its
    own handler in the ``singledispatchmethod`` ``handle`` (or is listed in
    ``fallback_handles``, for a generic handler that acts on some classes). A projection
    whose ``handle`` is not a ``singledispatchmethod`` gets every event.
    """

    name: ClassVar[str]
    tables: ClassVar[tuple[TableSpec, ...]]
    fallback_handles: ClassVar[tuple[type[Event], ...]] = ()
    # Events of these classes change this read model only when their stored JSON holds
    # one of the given pieces (a field with a value: ``b'"first_miss":true'``); the
    # others are not even decoded for it. Only for fields whose absence means a value the
    # handler ignores, and whose name cannot occur unescaped inside a JSON string.
    wants_raw: ClassVar[RawWants] = {}
    # Handlers named by event topic (method names), for classes of other families that
    # this module should not import (a repair write would load them all for nothing):
    # the default handler of ``handle`` calls ``on_topic``, and ``routes`` takes them.
    by_topic: ClassVar[dict[str, str]] = {}

    def __init__(self) -> None:
        self.caches = {t.name: RowCache(t) for t in self.tables}
        # the id strings of the events being applied, computed once per event by the
        # runner (by ``id()`` of the event object, alive while it is applied)
        self.ids: dict[int, str] = {}

    def oid(self, event: Event) -> str:
        """``str(event.originator_id)``, computed once per event during a catch-up."""
        known = self.ids.get(id(event))
        return known if known is not None else str(event.originator_id)

    def cache(self, table: TableSpec) -> RowCache:
        return self.caches[table.name]

    def routes(self, cls: type[Event]) -> bool:
        """Does this projection handle events of ``cls``? (True when it cannot tell.)"""
        dispatcher = dispatcher_of(self)
        if dispatcher is None:
            return True
        return (dispatcher.dispatch(cls) is not dispatcher.dispatch(object)
                or issubclass(cls, self.fallback_handles)
                or getattr(cls, "topic", "") in type(self).by_topic)

    def on_topic(self, event: Event) -> None:
        """Apply ``event`` with its handler in ``by_topic``, if it has one."""
        name = type(self).by_topic.get(event.topic)
        if name is not None:
            getattr(self, name)(event)

    def touches(self, event: Event) -> Iterable[tuple[TableSpec, Key]]:
        """Rows to preload before handling ``event`` (one query per table per batch)."""
        return ()

    def handle(self, event: Event) -> None:
        """Apply one event to the cached rows."""

    def apply(self, db: Db, events: Sequence[Event]) -> None:
        """The plain path (every event through ``touches`` and ``handle``); the runner
        takes a faster one with the same result unless a subclass overrides this."""
        wanted: dict[str, list[Key]] = {}
        for event in events:
            for table, key in self.touches(event):
                wanted.setdefault(table.name, []).append(key)
        for name, keys in wanted.items():
            self.caches[name].preload(db, keys)
        for event in events:
            self.handle(event)
        for cache in self.caches.values():
            cache.flush(db)

    def reset(self, *, assume_empty: bool = False,
              targets: dict[str, str] | None = None) -> None:
        """Empty the caches; a rebuild sets ``assume_empty`` and the tables to write."""
        for cache in self.caches.values():
            cache.reset()
            cache.assume_empty = assume_empty
            if targets:
                cache.target = targets.get(cache.spec.name, cache.spec.name)

    def forget(self) -> None:
        """After a rollback: drop cached rows, keep the mode and the targets."""
        for cache in self.caches.values():
            cache.forget()

    def row(self, table: TableSpec, key: Key) -> dict[str, Any] | None:
        return self.caches[table.name].get(key)


def dispatcher_of(p: Projection) -> Any:
    """The ``singledispatch`` function behind ``p.handle`` when it is the class's
    ``singledispatchmethod`` (the usual projection); None otherwise (e.g. replaced on the
    instance, or a plain method)."""
    if "handle" in vars(p):
        return None
    for klass in type(p).__mro__:
        if "handle" in klass.__dict__:
            found = klass.__dict__["handle"]
            return found.dispatcher if isinstance(found, singledispatchmethod) else None
    return None
