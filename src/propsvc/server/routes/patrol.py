"""Estate patrol findings (P1)."""

from __future__ import annotations

from fastapi import APIRouter

from propsvc.desks.patrol import PatrolDesk
from propsvc.office.reader import Reader
from propsvc.server.routes.actions import read, write

router = APIRouter(prefix="/patrol", tags=["patrol"])

write(router, "", "patrol", PatrolDesk.record, "Record a patrol finding (P1)")
read(router, "/register", Reader.patrol_register, "A month's patrol findings")
write(router, "/report", "patrol", PatrolDesk.report,
      "Report the day's patrol to the manager (P1)")
read(router, "/report", Reader.patrol_report,
     "The day's patrol report: findings, progress, reported or not (P1)")
