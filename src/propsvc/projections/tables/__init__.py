"""The read models' tables, one module per family. Importing the package defines them all
on one ``metadata`` (what catch-up creates and ``rebuild`` drops)."""

from propsvc.projections.tables import (  # noqa: F401  (each module adds its tables)
    deadlines,
    fees,
    found,
    handover,
    incident,
    keys,
    movein,
    notification,
    paid,
    release,
    renovation,
    requests,
    ticket,
    user,
    vacancy,
    visit,
)
from propsvc.projections.tables.base import UTC_, Money, metadata, stale, tracking

__all__ = ["UTC_", "Money", "metadata", "stale", "tracking"]
