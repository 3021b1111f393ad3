"""Return visits (回访登记表, R13, V1–V3)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Integer, String, Table, Text

from propsvc.projections.tables.base import UTC_, metadata

visits = Table(
    "rm_visits", metadata,
    Column("ticket_id", String(36), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("office", String(32), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("visited_at", UTC_, nullable=False),
    Column("completed_at", UTC_, nullable=False),
    Column("method", String(16), nullable=False),
    Column("result", String(16), nullable=False),
    Column("visitor", Text, nullable=False),
    Column("resident_signed_by", Text),
    Column("note", Text),
    Column("within_window", Boolean, nullable=False),
    Column("recorded_at", UTC_),
    Column("quality", String(8)),  # V3: good | fair | poor
    Column("effect", String(8)),
    Column("shortcomings", Text),
    Column("suggestions", Text),
    Column("reviewed_by", Text),  # V3: the manager's review
    Column("reviewed_at", UTC_),
    Column("review_note", Text),
    Index("rm_visits_office", "office", "visited_at"),
)
