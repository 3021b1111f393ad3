"""The repair registers (登记表) that have no family route of their own, and the overdue list."""

from __future__ import annotations

from fastapi import APIRouter

from propsvc.office.reader import Reader
from propsvc.server.routes.actions import read

router = APIRouter(tags=["registers"])

read(router, "/registers/repairs", Reader.repair_register,
     "业主报修记录表 — a day's or month's repair calls", rename={"day": "date"})
read(router, "/registers/daily-repairs", Reader.daily_repairs, "维修日报表",
     rename={"day": "date"})
read(router, "/overdue", Reader.overdue, "Open deadlines past due, oldest first")
read(router, "/profile", Reader.profile, "The SOP profile in force")
