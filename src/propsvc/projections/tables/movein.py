"""Table of 业主入住登记表 (Q5, V1)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, Index, Integer, String, Table, Text

from propsvc.projections.tables.base import UTC_, Money, metadata

moveins = Table(
    "rm_moveins", metadata,
    Column("movein_id", String(36), primary_key=True),
    Column("office", String(32), nullable=False),
    Column("number", String(32), nullable=False),
    Column("started_at", UTC_, nullable=False),
    Column("unit", String(32), nullable=False),
    Column("owner", Text, nullable=False),
    Column("phone", String(24), nullable=False),
    Column("documents", Text),
    Column("missing", Text),
    Column("agreements", Text),
    Column("members", Text),
    Column("vehicles", Text),
    Column("emergency_contact", Text),
    Column("paid", Money),
    Column("keys", Integer, nullable=False),
    Column("inspections", Integer, nullable=False),
    Column("inspection_result", String(12)),
    Column("defect_tickets", Text),
    Column("completed_at", UTC_),
    Column("visit_due_at", UTC_),
    Column("visited_at", UTC_),
    Column("visit_result", String(16)),
    Column("visit_within_window", Boolean),
    Column("visit_days", Float),
    Column("status", String(12), nullable=False),
    Index("rm_moveins_number", "office", "number", unique=True),
    Index("rm_moveins_started", "office", "started_at"),
    Index("rm_moveins_completed", "office", "completed_at"),
)
