"""Return visits (R13, V1–V3, C9, H6): one use case for a completed ticket of any kind."""

from __future__ import annotations

from datetime import datetime

from propsvc import vocabulary
from propsvc.desks.result import Result
from propsvc.desks.service import Service
from propsvc.errors import InvalidInput, RuleViolation
from propsvc.i18n import _
from propsvc.permissions import permit
from propsvc.policies.visit import window_days

VISIT_METHODS = vocabulary.VISIT_METHODS.codes
VISIT_RESULTS = vocabulary.VISIT_RESULTS.codes


class VisitDesk:
    def __init__(self, service: Service) -> None:
        self.svc = service

    def record(self, number: str, method: str, result: str, note: str | None = None,
               resident_signed_by: str | None = None, at: datetime | None = None) -> Result:
        """V3: the visit record; an unsatisfied visit reopens the ticket (R12)."""
        permit(self.svc.who.role, "repair.visit")
        if method not in VISIT_METHODS:
            raise InvalidInput(_("V3: --method must be one of {value}",
                                 value=', '.join(VISIT_METHODS)))
        if result not in VISIT_RESULTS:
            raise InvalidInput(_("V3: --result must be one of {value}",
                                 value=', '.join(VISIT_RESULTS)))
        if method == "phone" and resident_signed_by:
            raise RuleViolation("V3", _("phone visits carry no resident signature"))
        profile = self.svc.profile
        return self.svc.act(number, lambda t, c: t.record_visit(
            c, method=method, result=result, note=note,
            resident_signed_by=resident_signed_by, window_days=window_days(profile, t)), at)

    def review(self, number: str, note: str | None = None,
               at: datetime | None = None) -> Result:
        """V3: the manager reviews the latest return visit (not one they made)."""
        permit(self.svc.who.role, "repair.visit_review")
        text = note.strip() if note and note.strip() else None
        return self.svc.act(number, lambda t, c: t.review_visit(c, text), at)
