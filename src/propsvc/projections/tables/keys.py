"""Tables of the key registers: keys, owner deposits and loans (K1–K6)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Integer, String, Table, Text

from propsvc.projections.tables.base import UTC_, metadata

keys = Table(
    "rm_keys", metadata,
    Column("key_id", String(36), primary_key=True),
    Column("office", String(32), nullable=False),
    Column("label", String(40), nullable=False),
    Column("key_class", String(12), nullable=False),
    Column("unit", String(32)),
    Column("area", Text),
    Column("equipment", Text),
    Column("handed_over_by", Text),
    Column("owner", Text),
    Column("status", String(12), nullable=False),
    Column("borrower", Text),
    Column("due_at", UTC_),
    Column("registered_at", UTC_, nullable=False),
    Column("label_checked_at", UTC_),
    Column("label_problems", Integer, nullable=False),
    Column("updated_at", UTC_, nullable=False),
    Index("rm_keys_label", "office", "label", unique=True),
)

key_deposits = Table(
    "rm_key_deposits", metadata,
    Column("key_id", String(36), primary_key=True),
    Column("deposited_at", UTC_, primary_key=True),
    Column("office", String(32), nullable=False),
    Column("label", String(40), nullable=False),
    Column("unit", String(32), nullable=False),
    Column("owner", Text, nullable=False),
    Column("id_last4", String(4), nullable=False),
    Column("signed_by", Text, nullable=False),
    Column("received_by", Text, nullable=False),
    Column("retrieved_at", UTC_),
    Column("retrieved_signed_by", Text),
    Column("handed_back_by", Text),
    Index("rm_key_deposits_office", "office", "deposited_at"),
)

key_loans = Table(
    "rm_key_loans", metadata,
    Column("key_id", String(36), primary_key=True),
    Column("loan", Integer, primary_key=True),
    Column("office", String(32), nullable=False),
    Column("label", String(40), nullable=False),
    Column("key_class", String(12), nullable=False),
    Column("unit", String(32)),
    Column("borrower", Text, nullable=False),
    Column("borrower_type", String(12), nullable=False),
    Column("id_last4", String(4), nullable=False),
    Column("purpose", Text, nullable=False),
    Column("approved_by", Text),
    Column("ticket", String(32)),
    Column("renovation", String(32)),
    Column("lent_at", UTC_, nullable=False),
    Column("lent_by", Text, nullable=False),
    Column("due_at", UTC_, nullable=False),
    Column("returned_at", UTC_),
    Column("late_minutes", Integer, nullable=False),
    Column("missed", Boolean, nullable=False),
    Index("rm_key_loans_office", "office", "lent_at"),
    Index("rm_key_loans_open", "office", "returned_at", "due_at"),
)
