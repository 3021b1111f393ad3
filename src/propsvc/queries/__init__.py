"""The read side: registers and lists from the read-model tables (indexed queries)."""
