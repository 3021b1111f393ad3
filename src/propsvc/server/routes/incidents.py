"""Special incidents (I1–I4)."""

from __future__ import annotations

from fastapi import APIRouter

from propsvc.desks.incident import IncidentDesk as D
from propsvc.office.reader import Reader
from propsvc.server.routes.actions import read, write

router = APIRouter(prefix="/incidents", tags=["incidents"])

write(router, "", "incidents", D.report, "Report a special incident (I1)")
read(router, "/register", Reader.incident_register, "A month's incidents")
read(router, "/{number}", Reader.incident, "An incident and its playbook steps")
write(router, "/{number}/step", "incidents", D.step, "A playbook step done (I2)")
write(router, "/{number}/written-report", "incidents", D.written_report,
      "The written report (I3)")
