"""Tables of the read models. Times are stored as naive UTC and read back as aware UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect

metadata = MetaData()


class UTC_(TypeDecorator[datetime]):
    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        when: datetime = value
        return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


Money = Numeric(12, 2, asdecimal=True)

tracking = Table(
    "propsvc_tracking", metadata,
    Column("name", String(64), primary_key=True),
    Column("position", Integer, nullable=False),
)

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
    Column("escalations", Integer, nullable=False),
    Column("chases", Integer, nullable=False),
    Column("reopens", Integer, nullable=False),
    Column("visits", Integer, nullable=False),
    Column("last_visit_result", String(16)),
    Column("missed", Integer, nullable=False),
    Column("updated_at", UTC_, nullable=False),
    Index("rm_tickets_opened", "office", "opened_at"),
    Index("rm_tickets_number", "office", "number", unique=True),
    Index("rm_tickets_status", "office", "status"),
)

deadlines = Table(
    "rm_deadlines", metadata,
    Column("ticket_id", String(36), primary_key=True),
    Column("key", String(48), primary_key=True),
    Column("office", String(32), nullable=False),
    Column("subject", String(16), nullable=False),
    Column("ref", String(64), nullable=False),
    Column("rule", String(8), nullable=False),
    Column("label", Text, nullable=False),
    Column("due_at", UTC_, nullable=False),
    Column("opened_at", UTC_, nullable=False),
    Column("limit_minutes", Integer, nullable=False),
    Column("state", String(12), nullable=False),
    Column("missed", Boolean, nullable=False),
    Column("met_at", UTC_),
    Column("late_minutes", Integer, nullable=False),
    Column("on_miss", String(48)),
    Index("rm_deadlines_due", "state", "due_at"),
    Index("rm_deadlines_office_due", "office", "state", "due_at"),
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

visits = Table(
    "rm_visits", metadata,
    Column("ticket_id", String(36), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("office", String(32), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("visited_at", UTC_, nullable=False),
    Column("completed_at", UTC_, nullable=False),
    Column("method", String(16), nullable=False),
    Column("result", String(16), nullable=False),
    Column("visitor", Text, nullable=False),
    Column("resident_signed_by", Text),
    Column("note", Text),
    Column("within_window", Boolean, nullable=False),
    Column("recorded_at", UTC_),
    Index("rm_visits_office", "office", "visited_at"),
)
