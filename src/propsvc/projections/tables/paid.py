"""Table of 有偿服务登记表 (Q1, V1)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Integer, String, Table, Text

from propsvc.projections.tables.base import UTC_, Money, metadata

paid_services = Table(
    "rm_paid", metadata,
    Column("paid_id", String(36), primary_key=True),
    Column("office", String(32), nullable=False),
    Column("number", String(32), nullable=False),
    Column("requested_at", UTC_, nullable=False),
    Column("unit", String(32), nullable=False),
    Column("caller", Text),
    Column("phone", String(24)),
    Column("service", Text, nullable=False),
    Column("chargeable", Boolean),
    Column("rate", String(32)),
    Column("unit_price", Money),
    Column("quantity", Integer),
    Column("amount", Money),
    Column("free_reason", Text),
    Column("accepted_by", Text),
    Column("accepted_at", UTC_),
    Column("department", String(16)),
    Column("dispatched_to", Text),
    Column("order_number", String(32)),
    Column("dispatched_at", UTC_),
    Column("completed_at", UTC_),
    Column("collected", Money),
    Column("cashier", Text),
    Column("collected_at", UTC_),
    Column("visited_at", UTC_),
    Column("visit_result", String(16)),
    Column("visit_within_window", Boolean),
    Column("status", String(12), nullable=False),
    Index("rm_paid_number", "office", "number", unique=True),
    Index("rm_paid_requested", "office", "requested_at"),
    Index("rm_paid_completed", "office", "completed_at"),
)
