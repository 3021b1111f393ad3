"""A renovation as a user sees it, from its own events only (``reno show``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from propsvc.aggregates.renovation import Renovation
from propsvc.calendar import iso
from propsvc.views.common import chases_view, deadlines_view


def reno_view(r: Renovation, now: datetime) -> dict[str, Any]:
    return {
        "number": r.number, "office": r.office, "unit": r.unit, "owner": r.owner,
        "contractor": r.contractor, "status": r.status, "phase": r.phase,
        "planned_to": r.planned_to.isoformat(), "permit_active": r.permit_active,
        "deposit": None if r.deposit is None else str(r.deposit),
        "passes": [{"number": n, "state": s} for n, s in r.passes.items()],
        "violations": [{"violation": n, "kind": v.kind, "note": v.note, "serious": v.serious,
                        "at": iso(v.occurred_at), "resolved": n in r.resolved}
                       for n, v in r.violations.items()],
        "keys_out": dict(r.keys_out), "inspections": r.inspections, "version": r.version,
        "deadlines": deadlines_view(r, now), "chases": chases_view(r),
    }
