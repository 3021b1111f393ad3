"""Tables of 空置房登记表 and the monthly inspection list (Q4)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, Float, Index, Integer, String, Table, Text

from propsvc.projections.tables.base import UTC_, Money, metadata

vacancies = Table(
    "rm_vacancies", metadata,
    Column("vacancy_id", String(36), primary_key=True),
    Column("period", Integer, primary_key=True),
    Column("office", String(32), nullable=False),
    Column("unit", String(32), nullable=False),
    Column("owner", Text),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("fee_rate", Float, nullable=False),
    Column("applied_at", UTC_, nullable=False),
    Column("applied_by", Text, nullable=False),
    Column("inspections", Integer, nullable=False),
    Column("missed_inspections", Integer, nullable=False),
    Column("status", String(12), nullable=False),
    Column("ended_on", Date),
    Column("end_reason", String(12)),
    Column("owner_told", Boolean),
    Index("rm_vacancies_unit", "office", "unit"),
    Index("rm_vacancies_status", "office", "status"),
)

vacancy_inspections = Table(
    "rm_vacancy_inspections", metadata,
    Column("vacancy_id", String(36), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("office", String(32), nullable=False),
    Column("period", Integer, nullable=False),
    Column("unit", String(32), nullable=False),
    Column("month", String(7), nullable=False),
    Column("inspected_at", UTC_, nullable=False),
    Column("inspector", Text, nullable=False),
    Column("water_tonnes", Money, nullable=False),
    Column("power_kwh", Money, nullable=False),
    Column("occupied", Boolean, nullable=False),
    Column("note", Text),
    Index("rm_vacancy_inspections_month", "office", "month"),
)
