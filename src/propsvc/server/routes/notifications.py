"""Notifications over HTTP (issue 15): the acting user's feed, paged
(``GET /api/v1/notifications?unread=&limit=&offset=``), marking read
(``POST /api/v1/notifications/{id}/read``, ``POST /api/v1/notifications/read-all``) and
a live stream of server-sent events (``GET /api/v1/notifications/stream``).

The stream looks at the feed every ``[notify.stream] poll_seconds``, sends each new
notification as an ``event: notification`` (its ``id:`` the notification's, so a client
that reconnects with ``Last-Event-ID`` gets what it missed), the unread count as
``event: unread`` whenever it changes, a ``: heartbeat`` comment every
``heartbeat_seconds``, and ``event: bye`` before it ends when the server shuts down
(``stop_streams``, called on SIGTERM/SIGINT by ``propsvc serve``).
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Header, Query, Request
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from propsvc.delivery.config import DeliveryConfig, parse_config
from propsvc.office.facade import Office
from propsvc.server.deps import CurrentOffice
from propsvc.server.render import data
from propsvc.server.settings import Settings

router = APIRouter(tags=["notifications"])
STEP = 0.2  # seconds between looks at the shutdown flag while waiting
BACKLOG = 100  # notifications looked at per poll (and sent at most on a reconnect)


def notify_config(settings: Settings) -> DeliveryConfig:
    """The ``[notify]`` table of the server's config file, checked."""
    return parse_config(settings.section("notify"), f"config {settings.config_path}")


def stop_flag(app: FastAPI) -> threading.Event:
    flag: threading.Event | None = getattr(app.state, "notification_streams_stop", None)
    if flag is None:
        flag = app.state.notification_streams_stop = threading.Event()
    return flag


def stop_streams(app: FastAPI) -> None:
    """End every open stream (each sends ``event: bye``): the server is shutting down."""
    stop_flag(app).set()


@router.get("/notifications", summary="The acting user's notifications, newest first")
def feed(office: CurrentOffice, unread: bool = False,
         limit: Annotated[int, Query(ge=1, le=500)] = 50,
         offset: Annotated[int, Query(ge=0)] = 0) -> Response:
    answer = office.read.notifications(unread=unread, limit=limit, offset=offset)
    return data(answer, office.read.warnings)


@router.post("/notifications/read-all", summary="Mark everything visible now as read")
def read_all(office: CurrentOffice) -> Response:
    before = office.read.unread_notifications()
    result = office.notifications.mark_all_read()
    return data({"marked": before, "unread": office.read.unread_notifications()},
                result.all_warnings())


@router.post("/notifications/{notice_id}/read", summary="Mark one notification read")
def read_one(notice_id: str, office: CurrentOffice) -> Response:
    result = office.notifications.mark_read([notice_id])
    return data({"id": notice_id, "read": True,
                 "unread": office.read.unread_notifications()}, result.all_warnings())


@router.get("/notifications/stream", summary="New notifications as server-sent events")
async def stream(request: Request, office: CurrentOffice,
                 last_event_id: Annotated[str | None, Header()] = None) -> StreamingResponse:
    settings: Settings = request.app.state.settings
    config = notify_config(settings).stream
    feed = _Feed(office, last_event_id)
    await run_in_threadpool(feed.start)
    events = _events(request, feed, config.poll_seconds, config.heartbeat_seconds,
                     stop_flag(request.app))
    return StreamingResponse(events, media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


class _Feed:
    """What this stream has sent: the ids seen, the last unread count."""

    def __init__(self, office: Office, last_event_id: str | None) -> None:
        self.office, self.last_id = office, (last_event_id or "").strip().lower()
        self.seen: set[str] = set()
        self.unread: int | None = None
        self.pending: list[dict[str, Any]] = []

    def _look(self) -> dict[str, Any]:
        self.office.read.warnings.clear()
        return self.office.read.notifications(limit=BACKLOG)

    def start(self) -> None:
        answer = self._look()
        items = answer["items"]
        ids = [n["id"] for n in items]
        missed = ids.index(self.last_id) if self.last_id in ids else 0
        self.pending = list(reversed(items[:missed]))  # oldest first
        self.seen = set(ids)
        self.unread = None

    def poll(self) -> tuple[list[dict[str, Any]], int]:
        answer = self._look()
        new = [n for n in reversed(answer["items"]) if n["id"] not in self.seen]
        self.seen.update(n["id"] for n in new)
        out, self.pending = [*self.pending, *new], []
        return out, int(answer["unread"])


def _frame(event: str, payload: Any, ident: str | None = None) -> str:
    head = f"id: {ident}\n" if ident else ""
    return f"{head}event: {event}\ndata: {json.dumps(payload, ensure_ascii=False)}\n\n"


async def _events(request: Request, feed: _Feed, poll: float, heartbeat: float,
                  stop: threading.Event) -> AsyncIterator[str]:
    yield f"retry: {int(max(poll, 1) * 1000)}\n\n"
    beat = time.monotonic()
    while not stop.is_set():
        new, unread = await run_in_threadpool(feed.poll)
        for n in new:
            yield _frame("notification", n, n["id"])
        if unread != feed.unread:
            feed.unread = unread
            yield _frame("unread", {"unread": unread})
        if time.monotonic() - beat >= heartbeat:
            beat = time.monotonic()
            yield ": heartbeat\n\n"
        waited = 0.0
        while waited < poll and not stop.is_set():
            if await request.is_disconnected():
                return
            await asyncio.sleep(min(STEP, poll - waited))
            waited += STEP
    yield _frame("bye", {"reason": "the server is shutting down"})
