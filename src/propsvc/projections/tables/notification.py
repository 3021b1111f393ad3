"""Tables of the notifications read model (issue 15): one row per notification and
audience role, what each user has read, and the references a miss is told by."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table, Text

from propsvc.projections.tables.base import UTC_, metadata

notices = Table(
    "rm_notices", metadata,
    Column("id", String(16), primary_key=True),
    Column("role", String(16), primary_key=True),
    Column("office", String(32), nullable=False),
    Column("created_at", UTC_, nullable=False),  # recorded time of the event
    Column("occurred_at", UTC_, nullable=False),  # business time (a miss: the due time)
    Column("kind", String(12), nullable=False),  # missed | chased | escalated
    Column("subject", String(16), nullable=False),
    Column("ref", String(64), nullable=False),
    Column("rule", String(8), nullable=False),
    Column("target", String(48)),
    Column("level", Integer),
    Column("label", Text),
    Column("note", Text),
    Index("rm_notices_feed", "office", "role", "created_at"),
    Index("rm_notices_time", "created_at"),
)

notice_refs = Table(
    "rm_notice_refs", metadata,
    Column("aggregate_id", String(36), primary_key=True),
    Column("key", String(48), primary_key=True),  # "" for the aggregate itself
    Column("subject", String(16), nullable=False),
    Column("ref", String(64), nullable=False),
    Column("label", Text, nullable=False),
)

notice_reads = Table(
    "rm_notice_reads", metadata,
    Column("office", String(32), primary_key=True),
    Column("user", String(64), primary_key=True),
    Column("id", String(16), primary_key=True),
    Column("read_at", UTC_, nullable=False),
)

notice_inboxes = Table(
    "rm_notice_inboxes", metadata,
    Column("office", String(32), primary_key=True),
    Column("user", String(64), primary_key=True),
    Column("read_until", UTC_, nullable=False),
)
