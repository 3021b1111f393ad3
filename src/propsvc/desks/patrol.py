"""Patrol findings (P1): each one a tracked matter, dispatched to its area's department
and carried over monthly until it is OK'd (S7)."""

from __future__ import annotations

from datetime import datetime

from propsvc.aggregates import handover as h
from propsvc.desks.common import optional, required
from propsvc.desks.handover import new_matter
from propsvc.desks.result import Result
from propsvc.desks.service import Service
from propsvc.errors import InvalidInput
from propsvc.i18n import _
from propsvc.permissions import permit
from propsvc.shifts import Shifts

PATROL_PREFIX = "XS"


class PatrolDesk:
    def __init__(self, service: Service) -> None:
        self.svc = service
        self.shifts = Shifts(service.profile)

    def record(self, area: str, finding: str, location: str | None = None,
               at: datetime | None = None) -> Result:
        """P1: a patrol finding, dispatched to the department of its area."""
        permit(self.svc.who.role, "patrol.record")
        if area not in h.PATROL_AREAS:
            raise InvalidInput(_("P1: --area must be one of {value}",
                                 value=', '.join(h.PATROL_AREAS)))
        what = required(finding, "the finding (--finding)", "P1")
        return new_matter(self.svc, self.shifts, PATROL_PREFIX, h.FindingRecorded, "patrol",
                          what, at, False, area=area, location=optional(location),
                          department=h.PATROL_AREAS[area])
