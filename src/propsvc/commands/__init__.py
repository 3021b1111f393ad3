"""One click sub-group per SOP family."""
