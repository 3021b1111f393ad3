"""Special incident reports and their playbook steps (I1–I4)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, Index, Integer, String, Table, Text

from propsvc.projections.tables.base import UTC_, metadata

incidents = Table(
    "rm_incidents", metadata,
    Column("incident_id", String(36), primary_key=True),
    Column("office", String(32), nullable=False),
    Column("number", String(32), nullable=False),
    Column("category", String(24), nullable=False),
    Column("incident_class", String(16), nullable=False),
    Column("place", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("happened_at", UTC_, nullable=False),
    Column("reported_at", UTC_, nullable=False),
    Column("phoned_at", UTC_),
    Column("linked_from", String(32)),
    Column("told", Text),
    Column("playbook", String(24)),
    Column("steps_done", Integer, nullable=False),
    Column("written_at", UTC_),
    Column("course", Text),  # I3: the written report's course of events
    Column("outcome", Text),  # I3: and its outcome
    Column("written_due_at", UTC_),
    Column("hours_after_event", Float),
    Column("written_late", Boolean, nullable=False),
    Column("status", String(16), nullable=False),
    Index("rm_incidents_office", "office", "happened_at"),
)

incident_steps = Table(
    "rm_incident_steps", metadata,
    Column("incident_id", String(36), primary_key=True),
    Column("step", String(32), primary_key=True),
    Column("office", String(32), nullable=False),
    Column("playbook", String(24), nullable=False),
    Column("text", Text, nullable=False),
    Column("done_at", UTC_, nullable=False),
    Column("actor", Text, nullable=False),
    Column("note", Text),
)
