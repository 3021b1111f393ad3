"""The clock: ``POST /api/v1/tick`` (what the server's own ticker and cron run)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict

from propsvc.server.deps import CurrentOffice
from propsvc.server.render import data

router = APIRouter(tags=["admin"])


class Tick(BaseModel):
    model_config = ConfigDict(extra="forbid")
    at: str | None = None


@router.post("/tick", summary="Record every missed deadline up to now and chase (R11)")
def tick(office: CurrentOffice, body: Tick | None = None) -> Response:
    at = office.calendar.parse_time(body.at, today=office.clock.now()) if body and body.at \
        else None
    done = office.tick(at)
    return data(done.view(), done.warnings)
