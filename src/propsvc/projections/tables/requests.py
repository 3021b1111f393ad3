"""The register of complaints, help requests and inquiries (C1, C11, H1–H6)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Integer, String, Table, Text

from propsvc.projections.tables.base import UTC_, metadata

desk_items = Table(
    "rm_desk_items", metadata,
    Column("ticket_id", String(36), primary_key=True),
    Column("office", String(32), nullable=False),
    Column("number", String(32), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("opened_at", UTC_, nullable=False),
    Column("unit", String(32)),
    Column("location", Text),
    Column("caller", Text, nullable=False),
    Column("phone", String(32)),
    Column("summary", Text, nullable=False),
    Column("channel", String(16), nullable=False),
    Column("lodged_with", String(16)),
    Column("help_kind", String(16)),
    Column("written", Boolean, nullable=False),
    Column("paid", Boolean, nullable=False),
    Column("linked_from", String(32)),
    Column("status", String(16), nullable=False),
    Column("complaint_class", Integer),
    Column("important", Boolean, nullable=False),
    Column("superior_notified_at", UTC_),
    Column("slip", String(40)),
    Column("dispatched_to", Text),
    Column("dispatched_at", UTC_),
    Column("reported_up_at", UTC_),
    Column("reply", Text),
    Column("replied_at", UTC_),
    Column("customer_answered_at", UTC_),
    Column("remedy", Text),
    Column("remedy_by", UTC_),
    Column("remedy_done_at", UTC_),  # C8: the agreed remedy carried out
    Column("suggestion", Boolean, nullable=False, default=False),  # 建议, not 投诉
    Column("resolved_at", UTC_),
    Column("follow_up", String(16)),
    Column("resolution_note", Text),
    Column("linked_number", String(32)),
    Column("confirmed_by", Text),
    Column("answer", Text),
    Column("answered_at", UTC_),
    Column("referred_to", Text),
    Column("asked_supervisor", Boolean, nullable=False),
    Column("medical_action", String(16)),
    Column("medical_staff", Text),
    Column("relative", Text),  # H3 nursing: the relative staying with the patient
    Column("escort_returned_at", UTC_),  # H3: the hospital escort back
    Column("serious", Boolean, nullable=False),
    Column("routed_to", String(16)),
    Column("escalated_to", Text),
    Column("missed", Integer, nullable=False),
    Column("handled_late", Boolean, nullable=False),
    Column("visits", Integer, nullable=False),
    Column("visit_result", String(16)),
    Column("visited_at", UTC_),
    Column("reopens", Integer, nullable=False),
    Column("voided_at", UTC_),  # voided or merged (out of the counts), as in rm_tickets
    Column("void_reason", Text),
    Column("merged_into", String(32)),
    Column("duplicates", Text),
    Column("updated_at", UTC_, nullable=False),
    Index("rm_desk_items_opened", "office", "kind", "opened_at"),
)
