"""Tables of the lost-property register (拾遗物品登记表, Q3)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, String, Table, Text

from propsvc.projections.tables.base import UTC_, metadata

found_items = Table(
    "rm_found", metadata,
    Column("found_id", String(36), primary_key=True),
    Column("office", String(32), nullable=False),
    Column("number", String(32), nullable=False),
    Column("found_at", UTC_, nullable=False),
    Column("place", Text, nullable=False),
    Column("item", Text, nullable=False),
    Column("finder", Text, nullable=False),
    Column("valuable", Boolean, nullable=False),
    Column("recorded_by", Text, nullable=False),
    Column("admin_by", Text),
    Column("admin_at", UTC_),
    Column("noticed", Text),  # the weeks of the notices that listed it
    Column("claimant", Text),
    Column("id_last4", String(4)),
    Column("description", Text),
    Column("claimed_at", UTC_),
    Column("disposed_at", UTC_),
    Column("status", String(12), nullable=False),
    Column("updated_at", UTC_, nullable=False),
    Index("rm_found_number", "office", "number", unique=True),
    Index("rm_found_when", "office", "found_at"),
    Index("rm_found_status", "office", "status"),
)
