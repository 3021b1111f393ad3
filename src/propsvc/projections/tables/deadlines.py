"""The deadline index: every deadline of every aggregate, by state and due time."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Integer, String, Table, Text

from propsvc.projections.tables.base import UTC_, metadata

deadlines = Table(
    "rm_deadlines", metadata,
    Column("ticket_id", String(36), primary_key=True),
    Column("key", String(48), primary_key=True),
    Column("office", String(32), nullable=False),
    Column("subject", String(16), nullable=False),
    Column("ref", String(64), nullable=False),
    Column("rule", String(8), nullable=False),
    Column("label", Text, nullable=False),
    Column("due_at", UTC_, nullable=False),
    Column("opened_at", UTC_, nullable=False),
    Column("limit_minutes", Integer, nullable=False),
    Column("state", String(12), nullable=False),
    Column("missed", Boolean, nullable=False),
    Column("met_at", UTC_),
    Column("late_minutes", Integer, nullable=False),
    Column("on_miss", String(48)),
    Index("rm_deadlines_due", "state", "due_at"),
    Index("rm_deadlines_office_due", "office", "state", "due_at"),
    # the dashboard's overdue trend: deadlines met after a moment (met late, most of them)
    Index("rm_deadlines_office_met", "office", "state", "met_at"),
)
