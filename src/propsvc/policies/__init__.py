"""Policies: pure functions from (event, aggregate state, profile) to follow-up actions."""
