"""Table of the cashier's arrears per unit (Q2), checked by goods release."""

from __future__ import annotations

from sqlalchemy import Column, Index, String, Table, Text

from propsvc.projections.tables.base import UTC_, Money, metadata

unit_fees = Table(
    "rm_unit_fees", metadata,
    Column("fees_id", String(36), primary_key=True),
    Column("office", String(32), nullable=False),
    Column("unit", String(32), nullable=False),
    Column("owed", Money, nullable=False),
    Column("updated_at", UTC_, nullable=False),
    Column("updated_by", Text, nullable=False),
    Index("rm_unit_fees_unit", "office", "unit", unique=True),
)
