"""A key as a user sees it, from its own events only (``key show``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from propsvc.aggregates.keys import Key
from propsvc.calendar import iso
from propsvc.views.common import chases_view, deadlines_view


def key_view(k: Key, now: datetime) -> dict[str, Any]:
    loan = k.loan
    return {
        "label": k.label, "office": k.office, "class": k.key_class, "unit": k.unit,
        "area": k.area, "equipment": k.equipment, "status": k.status, "owner": k.owner,
        "loan": None if loan is None else {
            "loan": loan.loan, "borrower": loan.borrower, "borrower_type": loan.borrower_type,
            "purpose": loan.purpose, "lent_at": iso(loan.occurred_at),
            "due_at": iso(loan.due_at), "ticket": loan.ticket,
            "renovation": loan.renovation},
        "label_checked_at": iso(k.label_checked_at), "version": k.version,
        "deadlines": deadlines_view(k, now), "chases": chases_view(k),
    }
