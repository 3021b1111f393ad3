"""Return visits (R13, V1–V3): record one, the day's plan, the month's register."""

from __future__ import annotations

from fastapi import APIRouter

from propsvc.desks.visit import VisitDesk
from propsvc.office.reader import Reader
from propsvc.server.routes.actions import read, write

router = APIRouter(prefix="/visits", tags=["visits"])

read(router, "/plan", Reader.visit_plan, "Visits due today and the proposed sample (V1, V2)",
     rename={"day": "date"})
read(router, "/register", Reader.visit_register, "回访登记表 — a month's visits (R13, V2)")
write(router, "/{number}", "visits", VisitDesk.record, "Record a return visit (R13, V3)")
write(router, "/{number}/review", "visits", VisitDesk.review,
      "The manager reviews the latest visit, not their own (V3)")
