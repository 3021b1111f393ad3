"""Table of the goods-release register (物品放行登记表, Q2)."""

from __future__ import annotations

from sqlalchemy import Column, Index, String, Table, Text

from propsvc.projections.tables.base import UTC_, metadata

releases = Table(
    "rm_releases", metadata,
    Column("release_id", String(36), primary_key=True),
    Column("office", String(32), nullable=False),
    Column("number", String(32), nullable=False),
    Column("applied_at", UTC_, nullable=False),
    Column("unit", String(32), nullable=False),
    Column("owner", Text),
    Column("goods", Text, nullable=False),
    Column("plate", String(16), nullable=False),
    Column("driver", Text, nullable=False),
    Column("id_last4", String(4), nullable=False),
    Column("applied_by", Text, nullable=False),
    Column("confirmed_by", Text),
    Column("confirmed_at", UTC_),
    Column("signed_by", Text),
    Column("signed_at", UTC_),
    Column("out_at", UTC_),
    Column("guard", Text),
    Column("status", String(12), nullable=False),
    Index("rm_releases_number", "office", "number", unique=True),
    Index("rm_releases_when", "office", "applied_at"),
    Index("rm_releases_status", "office", "status"),
)
