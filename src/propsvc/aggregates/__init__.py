"""Aggregates: the consistency boundaries. Each command checks its rules, then records one event."""
