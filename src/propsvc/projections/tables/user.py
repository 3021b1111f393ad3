"""The desk server's accounts (issue 15): one row per user, one per active token."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Integer, String, Table, Text

from propsvc.projections.tables.base import UTC_, metadata

users = Table(
    "rm_users", metadata,
    Column("user_id", String(36), primary_key=True),
    Column("name", Text, nullable=False),
    Column("roles", Text, nullable=False),  # comma-separated, in the order granted
    Column("offices", Text, nullable=False),
    Column("status", String(16), nullable=False),  # active | disabled
    Column("registered_at", UTC_, nullable=False),
    Column("registered_by", Text, nullable=False),
    Column("password_changed_at", UTC_, nullable=False),
    Column("last_login_at", UTC_),
    Column("failed_logins", Integer, nullable=False),
    Column("locked_until", UTC_),
    Column("tokens", Integer, nullable=False),
    Column("disabled", Boolean, nullable=False),
    Index("rm_users_name", "name", unique=True),
)

user_tokens = Table(
    "rm_user_tokens", metadata,
    Column("token_id", String(32), primary_key=True),
    Column("user_id", String(36), nullable=False),
    Column("role", String(16), nullable=False),
    Column("office", String(32), nullable=False),
    Column("token_hash", Text, nullable=False),
    Column("label", Text, nullable=False),
    Column("issued_at", UTC_, nullable=False),
    Column("revoked_at", UTC_),
    Index("rm_user_tokens_user", "user_id"),
)

user_sessions = Table(
    "rm_user_sessions", metadata,
    Column("session_hash", String(64), primary_key=True),
    Column("user_id", String(36), nullable=False),
    Column("role", String(16), nullable=False),
    Column("office", String(32), nullable=False),
    Column("started_at", UTC_, nullable=False),
    Column("expires_at", UTC_, nullable=False),
    Column("ended_at", UTC_),
    Column("remote", Text, nullable=False),
)
