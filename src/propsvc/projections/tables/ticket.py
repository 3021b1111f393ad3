"""Tables of the ticket register: one row per call, and one per completion (R1–R15)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Integer, String, Table, Text

from propsvc.projections.tables.base import UTC_, Money, metadata

tickets = Table(
    "rm_tickets", metadata,
    Column("ticket_id", String(36), primary_key=True),
    Column("office", String(32), nullable=False),
    Column("number", String(32), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("unit", String(32)),
    Column("location", Text),
    Column("part", Text),
    Column("caller", Text, nullable=False),
    Column("phone", String(32)),
    Column("summary", Text, nullable=False),
    Column("channel", String(16), nullable=False),
    Column("urgent", Boolean, nullable=False),
    Column("home", Boolean),
    Column("spare_key", Boolean),
    Column("appointment", UTC_),
    Column("public_area", Boolean, nullable=False),
    Column("opened_at", UTC_, nullable=False),
    Column("status", String(16), nullable=False),
    Column("technician", Text),
    Column("ordered_at", UTC_),
    Column("arrived_at", UTC_),
    Column("completed_at", UTC_),
    Column("signed_by", Text),
    Column("rating", Integer),
    Column("quote_amount", Money),
    Column("quote_items", Text),
    Column("fee_accepted_at", UTC_),
    Column("fee_collected", Money),
    Column("materials", Integer, nullable=False),
    Column("materials_total", Money),
    Column("deferred_at", UTC_),
    Column("deferred_measure", Text),
    Column("deferred_reason", Text),
    # waiting on the owner or on parts (R8): since when (None: running), why, and the
    # minutes of every finished pause
    Column("paused_at", UTC_),
    Column("paused_reason", Text),
    Column("paused_minutes", Integer, nullable=False),
    Column("escalations", Integer, nullable=False),
    Column("chases", Integer, nullable=False),
    Column("reopens", Integer, nullable=False),
    Column("visits", Integer, nullable=False),
    Column("last_visit_result", String(16)),
    Column("missed", Integer, nullable=False),
    # corrections: voided (作废) or merged into another call (重复来电) at voided_at; both
    # leave every count. duplicates: the repeat calls merged into this one, comma-joined.
    Column("voided_at", UTC_),
    Column("void_reason", Text),
    Column("merged_into", String(32)),
    Column("duplicates", Text),
    Column("updated_at", UTC_, nullable=False),
    # when the call was recorded (its business time is opened_at): the late entries (补录)
    # of sealed months are the calls recorded after the last seal (decision 0014)
    Column("recorded_at", UTC_),
    Index("rm_tickets_opened", "office", "opened_at"),
    Index("rm_tickets_recorded", "office", "recorded_at"),
    Index("rm_tickets_number", "office", "number", unique=True),
    Index("rm_tickets_status", "office", "status"),
    Index("rm_tickets_unit", "office", "unit", "opened_at"),  # search (ticket find)
    Index("rm_tickets_phone", "office", "phone"),
    Index("rm_tickets_caller", "office", "caller"),
    # what is still open, by kind: the day's report lists the open repairs of an office
    # without walking the whole history of its tickets (R15)
    Index("rm_tickets_open", "office", "kind", "status", "opened_at"),
)

completions = Table(
    "rm_completions", metadata,
    Column("ticket_id", String(36), primary_key=True),
    Column("completed_at", UTC_, primary_key=True),
    Column("office", String(32), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("public_area", Boolean, nullable=False),
    Column("visited_at", UTC_),
    Column("visit_method", String(16)),
    Column("visit_result", String(16)),
    Column("visitor", Text),
    Column("within_window", Boolean),
    Index("rm_completions_office", "office", "completed_at"),
)
