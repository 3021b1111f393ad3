"""Use cases, one module per SOP family: input checks, permission, one save each."""
