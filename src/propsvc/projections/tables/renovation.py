"""Tables of the renovation registers: renovations, passes, extensions, spot checks (N1–N10)."""

from __future__ import annotations

from sqlalchemy import Column, Date, Index, Integer, String, Table, Text

from propsvc.projections.tables.base import UTC_, Money, metadata

renovations = Table(
    "rm_renovations", metadata,
    Column("reno_id", String(36), primary_key=True),
    Column("office", String(32), nullable=False),
    Column("number", String(32), nullable=False),
    Column("unit", String(32), nullable=False),
    Column("owner", Text),
    Column("contractor", Text, nullable=False),
    Column("scope", Text, nullable=False),
    Column("documents", Text, nullable=False),
    Column("planned_from", Date, nullable=False),
    Column("planned_to", Date, nullable=False),
    Column("applied_at", UTC_, nullable=False),
    Column("status", String(20), nullable=False),
    Column("phase", String(24)),
    Column("review_reason", Text),
    Column("deposit", Money),
    Column("permit_at", UTC_),
    Column("passes", Integer, nullable=False),
    Column("inspections", Integer, nullable=False),
    Column("violations", Integer, nullable=False),
    Column("open_violations", Integer, nullable=False),
    Column("extensions", Integer, nullable=False),
    Column("missed_inspections", Integer, nullable=False),
    Column("missed_spot_checks", Integer, nullable=False, default=0),  # N10: days skipped
    Column("deductions", Money),  # N9: kept back from the deposit
    Column("initial_at", UTC_),
    Column("final_at", UTC_),
    Column("refund_signed_by", Text),
    Column("refunded_at", UTC_),
    Column("updated_at", UTC_, nullable=False),
    Index("rm_renovations_number", "office", "number", unique=True),
    Index("rm_renovations_status", "office", "status"),
    Index("rm_renovations_unit", "office", "unit"),  # reno find --unit
)

passes = Table(
    "rm_passes", metadata,
    Column("office", String(32), primary_key=True),
    Column("number", String(32), primary_key=True),
    Column("reno_id", String(36), nullable=False),
    Column("renovation", String(32), nullable=False),
    Column("unit", String(32), nullable=False),
    Column("kind", String(12), nullable=False),
    Column("holder", Text, nullable=False),
    Column("issued_at", UTC_, nullable=False),
    Column("state", String(12), nullable=False),
    Column("closed_at", UTC_),
    Index("rm_passes_reno", "reno_id"),
)

extensions = Table(
    "rm_reno_extensions", metadata,
    Column("reno_id", String(36), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("office", String(32), nullable=False),
    Column("renovation", String(32), nullable=False),
    Column("unit", String(32), nullable=False),
    Column("previous_to", Date, nullable=False),
    Column("new_to", Date, nullable=False),
    Column("signed_by", Text, nullable=False),  # the names (role keywords before N8 names)
    Column("signer_roles", Text),  # N8: the role of each name, in order
    Column("reason", Text),
    Column("granted_at", UTC_, nullable=False),
    Column("recorded_by", Text, nullable=False),
    Index("rm_reno_extensions_office", "office", "granted_at"),
)

spot_checks = Table(
    "rm_reno_spot_checks", metadata,
    Column("reno_id", String(36), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("office", String(32), nullable=False),
    Column("checked_at", UTC_, nullable=False),
    Column("checked_by", Text, nullable=False),
    Column("note", Text),
    Index("rm_reno_spot_checks_office", "office", "checked_at"),
)
