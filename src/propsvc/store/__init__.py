"""Persistence: the event store (eventsourcing), its mapper and transcoder, failures."""
