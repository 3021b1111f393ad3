"""One structured (JSON) line per request and per tick, on stderr (journald keeps it)."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from fastapi import Request, Response


def log_line(kind: str, **fields: Any) -> None:
    line = {"ts": datetime.now(UTC).isoformat(timespec="milliseconds"), "kind": kind,
            **fields}
    sys.stderr.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")
    sys.stderr.flush()


async def request_log(request: Request,
                      call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    started = time.perf_counter()
    response = await call_next(request)
    principal = getattr(request.state, "principal", None)
    log_line("request", method=request.method, path=request.url.path,
             status=response.status_code,
             ms=round((time.perf_counter() - started) * 1000, 2),
             user=getattr(principal, "name", None), role=getattr(principal, "role", None),
             office=getattr(principal, "office", None),
             remote=request.client.host if request.client else None)
    return response
