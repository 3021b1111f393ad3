"""The office's business calendar (issue 14): public holidays and make-up working days."""

from __future__ import annotations

from fastapi import APIRouter

from propsvc.desks.calendar import CalendarDesk as D
from propsvc.server.routes.actions import write

router = APIRouter(prefix="/calendar", tags=["calendar"])

write(router, "/days", "calendar_days", D.add, "Record a holiday or a make-up working day")
write(router, "/days/remove", "calendar_days", D.remove, "Remove a holiday or make-up day")
