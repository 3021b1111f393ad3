"""Length limits of the free-text fields (docs/cli.md, "Length limits").

Checked on every event before it is stored (``PydanticMapper``), so no interface can
write a longer value: a name longer than a register's column, or a summary of a
megabyte, is one clear line and exit 2, and nothing is written. The limits of the short
fields match the read models' columns (``unit`` and ``phone`` 32, a key ``label`` 40).
"""

from __future__ import annotations

from typing import Any

from propsvc.errors import InvalidInput
from propsvc.permissions import SYSTEM_ROLES

NAME, SHORT, LONG = 64, 200, 2000
LIMITS: dict[str, int] = {
    **dict.fromkeys(("actor", "caller", "borrower", "contractor", "owner", "technician",
                     "visitor", "signed_by", "resident_signed_by", "owner_confirmed_by",
                     "approved_by", "handed_over_by", "instructed_by", "referred_to", "to",
                     "staff", "workers", "name", "recorded_by", "checked_by"), NAME),
    "phone": 32, "unit": 32, "vehicle": 32, "office": 32, "label": 40,
    **dict.fromkeys(("part", "location", "place", "equipment", "item", "purpose",
                     "measure", "stage", "area"), SHORT),
}


# Texts propsvc builds itself, not typed by anyone: a month's seal holds its registers.
UNBOUNDED = frozenset({"registers"})


def check_lengths(state: dict[str, Any]) -> None:
    """Refuse a state holding a string longer than its field's limit (default ``LONG``).
    Events propsvc records itself (deadlines set by a policy, misses by the clock) hold
    no typed text and are not checked."""
    if state.get("role") in SYSTEM_ROLES:
        return
    for field, value in state.items():
        if field in UNBOUNDED:
            continue
        limit = LIMITS.get(field, LONG)
        for text in _strings(value):
            if len(text) > limit:
                raise InvalidInput(f"--{field.replace('_', '-')} is {len(text)} characters "
                                   f"long: at most {limit} (docs/cli.md, length limits)")


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    return []
