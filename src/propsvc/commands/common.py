"""Shared by ``propsvc key`` and ``propsvc reno``: printing a write, and an aggregate's
audit history."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from propsvc.cli import Ctx

if TYPE_CHECKING:
    from propsvc.desks.common import Recorded


def done(ctx: Ctx, rec: Recorded) -> None:
    """After a write: bring read models up to date, then say what was recorded."""
    from propsvc.views.recorded import recorded_view, render_recorded

    ctx.runtime.catch_up()
    ctx.emit(recorded_view(rec), lambda v: render_recorded(v, ctx.calendar))


def history(ctx: Ctx, aggregate_id: Any, what: str) -> None:
    from propsvc.errors import NotFound
    from propsvc.views.common import render_history
    from propsvc.views.ticket import history_view

    rt = ctx.runtime
    rt.require_existing()
    events = list(rt.store.events.get(aggregate_id))
    if not events:
        raise NotFound(f"no {what} in office {rt.office}")
    from propsvc.permissions import mask

    rows = history_view(events)  # type: ignore[arg-type]
    for row in rows:  # deposits and loans carry the ID digits (as ticket history does)
        if isinstance(row.get("data"), dict):
            row["data"] = mask([row["data"]], ctx.role)[0]
    ctx.emit(rows, lambda r: render_history(r, ctx.calendar))
