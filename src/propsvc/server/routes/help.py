"""Help requests (H1–H6)."""

from __future__ import annotations

from fastapi import APIRouter

from propsvc.desks.help import HelpDesk as D
from propsvc.office.reader import Reader
from propsvc.server.routes.actions import read, write

router = APIRouter(prefix="/help", tags=["help"])
N = "/{number}"

write(router, "", "help", D.open, "Record a help request (H1)")
read(router, "/register", Reader.help_register, "住户求助登记表 — a month's (or year's)")
write(router, f"{N}/answer", "help", D.answer, "Answer a help request (H2, H3)")
write(router, f"{N}/medical", "help", D.medical, "A medical emergency handled (H5)")
write(router, f"{N}/route", "help", D.route, "Route to another ticket kind (H6)")
