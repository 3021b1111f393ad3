"""Roles, the permission matrix of the handover family of actions, and the masking of
residents' phone and ID numbers for roles that do not need them (客户资料保密).

The matrix is enforced in the application service (``HandoverDesk``) and by the register
exports; docs/roles.md prints it. Repair, key and renovation actions keep their per-rule
role checks (``desk_support.require_role``)."""

from __future__ import annotations

import re
from typing import Any

from propsvc.errors import Forbidden

ROLES = ("desk", "manager", "engineering", "security", "cleaning", "cashier", "technician",
         "auditor")
OFFICE = frozenset({"desk", "manager"})
MATRIX: dict[str, frozenset[str]] = {
    "handover.take_over": OFFICE,
    "handover.triage": OFFICE,
    "handover.ok": OFFICE,
    "handover.reason": OFFICE,
    "handover.note": OFFICE,
    "handover.hand_over": OFFICE,
    "patrol.record": OFFICE | {"security", "cleaning", "engineering"},
    "carryover.close_month": OFFICE,
    "register.export": OFFICE | {"auditor"},
    "archive": OFFICE | {"auditor"},
}
# Who needs residents' contact and identity details to do the job.
SEES_PHONE = frozenset({"desk", "manager", "technician"})
SEES_ID = frozenset({"desk", "manager", "security"})
PHONE_FIELDS = ("phone",)
ID_FIELDS = ("id_last4",)


def permit(role: str, action: str) -> None:
    allowed = MATRIX[action]
    if role not in allowed:
        raise Forbidden(f"{action} is not permitted for role {role!r} (allowed: "
                        f"{', '.join(r for r in ROLES if r in allowed)}; pass --role)")


def mask_phone(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) >= 7 else "****"


def mask(rows: list[dict[str, Any]], role: str) -> list[dict[str, Any]]:
    """The rows as ``role`` may see them: phone and ID numbers hidden unless needed."""
    hide_phone, hide_id = role not in SEES_PHONE, role not in SEES_ID
    if not (hide_phone or hide_id):
        return rows
    out = []
    for row in rows:
        row = dict(row)
        for key in PHONE_FIELDS:
            if hide_phone and row.get(key):
                row[key] = mask_phone(str(row[key]))
        for key in ID_FIELDS:
            if hide_id and row.get(key):
                row[key] = "****"
        out.append(row)
    return out
