"""Read models rebuilt from events alone: SQL tables plus a tracking position each."""
