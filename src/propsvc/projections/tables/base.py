"""Tables of the read models. Times are stored as naive UTC and read back as aware UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
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

# A read model that could not apply an event stops before it (it is "stale"): which
# event, and why. Readers and ``rebuild`` show it; a rebuild clears it, and marks it again
# if the same event still cannot be applied.
stale = Table(
    "propsvc_stale", metadata,
    Column("name", String(64), primary_key=True),
    Column("event_id", Integer, nullable=False),
    Column("topic", Text, nullable=False),
    Column("originator_id", String(36), nullable=False),
    Column("originator_version", Integer, nullable=False),
    Column("error", Text, nullable=False),
)
