"""Tables of the handover log, the carry-over file and the patrol register (S1–S7, P1)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Integer, String, Table, Text

from propsvc.projections.tables.base import UTC_, metadata

# Every matter the log tracks: tickets (from their intake), renovations acted on in the
# log, free entries (S5) and patrol findings (P1). "settled" means marked OK, or (a
# ticket) voided or merged into another.
items = Table(
    "rm_hv_items", metadata,
    Column("item_id", String(36), primary_key=True),
    Column("office", String(32), nullable=False),
    Column("number", String(32), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("summary", Text, nullable=False),
    Column("unit", String(32)),
    Column("area", String(16)),
    Column("location", Text),
    Column("department", String(16)),
    Column("major", Boolean, nullable=False),
    Column("raised_at", UTC_, nullable=False),
    Column("raised_by", Text, nullable=False),
    Column("done_at", UTC_),
    Column("triage", String(8)),
    Column("triaged_at", UTC_),
    Column("later_at", UTC_),
    Column("reason", Text),
    Column("reason_at", UTC_),
    Column("ok_at", UTC_),
    Column("ok_by", Text),
    Column("ok_note", Text),
    Column("instructed_by", Text),
    Column("voided_at", UTC_),  # a ticket voided or merged: settled without an OK
    Index("rm_hv_items_number", "office", "number", unique=True),
    Index("rm_hv_items_raised", "office", "raised_at"),
    Index("rm_hv_items_kind", "office", "kind", "raised_at"),
    Index("rm_hv_items_ok", "office", "ok_at"),
    Index("rm_hv_items_later", "office", "later_at"),
    Index("rm_hv_items_done", "office", "done_at"),
    # the handover log's matters open at a moment, counted and put in the log's order from
    # the index alone (an office that never marks OK carries thousands)
    Index("rm_hv_items_open", "office", "raised_at", "ok_at", "voided_at", "triaged_at",
          "triage", "number", "item_id"),
)

# What was written in one shift's log, in order: take-over, triage, OK, reason, entries,
# findings, hand-over.
entries = Table(
    "rm_hv_entries", metadata,
    Column("source_id", String(36), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("office", String(32), nullable=False),
    Column("shift", String(16), nullable=False),
    Column("at", UTC_, nullable=False),
    Column("action", String(12), nullable=False),
    Column("number", String(32)),
    Column("detail", Text),
    Column("actor", Text, nullable=False),
    Column("major", Boolean, nullable=False),
    Index("rm_hv_entries_shift", "office", "shift", "at"),
    Index("rm_hv_entries_at", "office", "at"),
)

shifts = Table(
    "rm_hv_shifts", metadata,
    Column("office", String(32), primary_key=True),
    Column("shift", String(16), primary_key=True),
    Column("starts_at", UTC_, nullable=False),
    Column("ends_at", UTC_, nullable=False),
    Column("taken_over_by", Text, nullable=False),
    Column("taken_over_at", UTC_, nullable=False),
    Column("handed_over_by", Text),
    Column("handed_over_at", UTC_),
    Column("passed_on", Text),
)

months = Table(
    "rm_co_months", metadata,
    Column("office", String(32), primary_key=True),
    Column("month", String(7), primary_key=True),
    Column("closed_at", UTC_, nullable=False),
    Column("closed_by", Text, nullable=False),
    Column("items", Integer, nullable=False),
)

# An archived month, row for row as it was when closed (the event carries the rows).
archive = Table(
    "rm_co_archive", metadata,
    Column("office", String(32), primary_key=True),
    Column("month", String(7), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("number", String(32), nullable=False),
    Column("row", Text, nullable=False),
    Index("rm_co_archive_number", "office", "number"),
)
