"""Roles, the one permission matrix of every write action, and the masking of residents'
phone and ID numbers for roles that do not need them (客户资料保密).

The matrix is enforced in the application service: each use case of each desk calls
``permit`` first, before anything is loaded or written; ``tick``, ``rebuild``, ``demo``
and the exports check it at their entry. Per-rule checks that are stricter (N3, N7, N9,
N10, C9) stay where they are. docs/roles.md prints the matrix (a test keeps it true)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from propsvc.errors import Forbidden, InvalidInput
from propsvc.i18n import _

# the roles the system itself records under (the clock's ticks, the policies' actions)
SYSTEM_ROLES = frozenset({"clock", "policy"})
ROLES = ("desk", "manager", "supervisor", "engineering", "security", "cleaning", "cashier",
         "technician", "auditor")
# ``supervisor`` is a department's 主管 (C9 visits ordinary complaints); the auditor reads
# everything and writes nothing.
WRITERS = frozenset(ROLES) - {"auditor"}
OFFICE = frozenset({"desk", "manager"})
DESK = OFFICE | {"supervisor"}
STAFF = frozenset({"engineering", "security", "cleaning", "technician"})
WORKS = DESK | {"engineering", "technician"}  # the desk fills in the return slip (R5–R8)
KEYS = OFFICE | {"security"}
MATRIX: dict[str, frozenset[str]] = {
    # calls and tickets (R1, C1, H1, Q1)
    "ticket.open.repair": DESK | STAFF,  # staff on rounds fill the work order (R14)
    "ticket.open.complaint": DESK,
    "ticket.open.help": DESK | {"security"},
    "ticket.open.inquiry": DESK,
    "ticket.void": OFFICE,  # a mistaken call struck out (作废): the desk or the manager
    "ticket.merge": OFFICE,  # a repeat call merged into the first one (重复来电)
    # repairs (R2–R16)
    "repair.order": DESK | {"engineering"},
    "repair.arrive": WORKS,
    "repair.assess": WORKS,
    "repair.reassess": WORKS,
    "repair.quote": WORKS,
    "repair.accept_fee": WORKS,
    "repair.start": WORKS,
    "repair.materials": WORKS,
    "repair.escalate": DESK | {"engineering"},
    "repair.defer": WORKS,
    "repair.pause": WORKS,  # waiting on the owner or on parts: the deadlines stop
    "repair.resume": WORKS,
    "repair.complete": WORKS,
    "repair.collect_fee": OFFICE | {"cashier"},
    "repair.chase": DESK,
    "repair.visit": DESK,  # who visits a complaint is C9's rule
    "repair.visit_review": frozenset({"manager"}),  # V3: another person than the visitor
    "repair.reopen": DESK,
    # complaints (C2–C10)
    "complaint.classify": DESK,
    "complaint.notify_superior": DESK,
    "complaint.dispatch": DESK,
    "complaint.respond": DESK | {"engineering", "security", "cleaning"},
    "complaint.agree": DESK,
    "complaint.resolve": DESK,
    "complaint.confirm": DESK,
    # help and inquiries (H, Q) and the feedback chain they share
    "help.answer": DESK | {"security"},
    "help.medical": DESK | {"security"},
    "help.route": DESK,
    "inquiry.answer": DESK,
    "feedback.refer": DESK,
    "feedback.report_up": DESK,
    "feedback.reply": DESK | {"engineering", "security", "cleaning", "cashier"},
    "feedback.answer": DESK,
    # incidents (E)
    "incident.report": WRITERS,  # anyone on duty who sees it reports it
    "incident.step": DESK | {"security"},
    "incident.written_report": DESK | {"security"},
    # key custody (K)
    "key.register": KEYS,
    "key.handover": KEYS,
    "key.deposit": KEYS,
    "key.lend": KEYS,
    "key.give_back": KEYS,
    "key.retrieve": KEYS,
    "key.check": KEYS,
    # renovations (N1–N10); the stricter per-rule checks name the same roles
    "reno.apply": OFFICE,
    "reno.pre_inspect": OFFICE | {"engineering"},
    "reno.review": frozenset({"engineering"}),  # N3
    "reno.sign": frozenset({"manager"}),  # N3
    "reno.agreement": OFFICE,
    "reno.pay_deposit": OFFICE | {"cashier"},
    "reno.permit": OFFICE,
    "reno.phase": OFFICE | {"engineering"},
    "reno.inspect": OFFICE | {"engineering", "security"},
    "reno.violation": OFFICE | {"engineering", "security"},  # serious: engineering (N7)
    "reno.materials": OFFICE | {"security"},
    "reno.resolve": OFFICE | {"engineering"},
    "reno.extend": OFFICE,
    "reno.accept": OFFICE | {"engineering"},
    "reno.return_passes": OFFICE | {"security"},
    "reno.refund": frozenset({"manager", "cashier"}),  # N9
    "reno.deduct": frozenset({"manager"}),  # N9: kept back from the deposit
    "reno.reissue_passes": OFFICE,  # N6: new passes after a violation is put right
    "reno.spot_check": frozenset({"manager"}),  # N10
    # the other desk services (Q2–Q5): move-in, goods release, fee arrears, lost property,
    # vacancies
    "movein.start": OFFICE,
    "movein.verify": OFFICE,
    "movein.sign": OFFICE,
    "movein.file": OFFICE,
    "movein.pay": OFFICE | {"cashier"},
    "movein.keys": OFFICE,
    "movein.inspect": OFFICE | {"engineering"},  # the joint inspection
    "movein.complete": OFFICE,
    "movein.visit": DESK,
    "paid.request": DESK,  # Q1: a paid service from the first call
    "paid.decide": OFFICE,
    "paid.accept": DESK,
    "paid.dispatch": OFFICE,
    "paid.complete": WORKS | {"cleaning"},
    "paid.collect": OFFICE | {"cashier"},
    "paid.visit": DESK,
    "release.apply": DESK,
    "release.confirm": OFFICE,  # Q2: the desk confirms the fees are settled
    "release.sign": DESK,
    "release.out": OFFICE | {"security"},  # Q2: security at the gate
    "fees.arrears": frozenset({"manager", "cashier"}),
    "fees.settle": frozenset({"manager", "cashier"}),
    "found.record": DESK | {"security", "cleaning"},
    "found.to_admin": OFFICE,
    "found.notice": OFFICE,
    "found.claim": OFFICE,
    "found.dispose": frozenset({"manager"}),
    "vacancy.apply": OFFICE,
    "vacancy.inspect": OFFICE | {"engineering"},
    "vacancy.end": OFFICE,
    # handover, patrol, carry-over (S1–S7, P1)
    "handover.take_over": OFFICE,
    "handover.triage": OFFICE,
    "handover.ok": OFFICE,
    "handover.reason": OFFICE,
    "handover.note": OFFICE,
    "handover.hand_over": OFFICE,
    "patrol.record": OFFICE | {"security", "cleaning", "engineering"},
    "carryover.close_month": OFFICE,
    "calendar.edit": OFFICE,  # public holidays and make-up working days
    # the office's housekeeping
    "tick": OFFICE,
    "rebuild": OFFICE,
    "demo": OFFICE,
    "register.export": OFFICE | {"auditor"},
    "register.work_order": DESK | {"engineering", "technician", "auditor"},  # R3 维修单
    "archive": OFFICE | {"auditor"},
    # the record itself: copies for safekeeping, a restore, the office list
    "backup": OFFICE | {"auditor"},
    "events.export": OFFICE | {"auditor"},
    "events.import": frozenset({"manager"}),
    "office.add": frozenset({"manager"}),
    # notifications (issue 15): each user marks their own; the office sends them out
    "notification.read": WRITERS,
    "notification.deliver": OFFICE,
    "notification.log": OFFICE | {"auditor"},
}
# Who may read the notification feed of a role other than their own.
SEES_EVERY_FEED = frozenset({"manager", "auditor"})
# Who needs residents' contact and identity details to do the job.
SEES_PHONE = frozenset({"desk", "manager", "supervisor", "technician"})
SEES_ID = frozenset({"desk", "manager", "security"})
PHONE_FIELDS = ("phone",)
ID_FIELDS = ("id_last4", "driver_id_last4")


@dataclass(frozen=True)
class Actor:
    """Who is acting: a name and a role. ``authenticated`` says whether the interface
    checked who it is (a server after its login) or took the name as given (the CLI's
    ``--actor``); the rules are the same either way, by role."""

    name: str
    role: str
    authenticated: bool = False

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise InvalidInput(_("unknown role {role!r}: use one of {value}",
                                 role=self.role, value=', '.join(ROLES)))
        if not self.name.strip():
            raise InvalidInput(_("the acting user needs a name (--actor)"))


def permit(role: str, action: str) -> None:
    allowed = MATRIX[action]
    if role not in allowed:
        raise Forbidden(_("{action} is not permitted for role {role!r} (allowed: {value}; pass "
                          "--role)",
                          action=action, role=role,
                          value=', '.join(r for r in ROLES if r in allowed)))


def doc_table() -> str:
    """The matrix as the Markdown table docs/roles.md prints."""
    lines = ["| action | " + " | ".join(ROLES) + " |", "|---" * (len(ROLES) + 1) + "|"]
    for action, allowed in MATRIX.items():
        marks = " | ".join("✓" if r in allowed else "—" for r in ROLES)
        lines.append(f"| `{action}` | {marks} |")
    return "\n".join(lines)


def sees_phone(role: str) -> bool:
    """Whether ``role`` may see (and so search by) residents' phone numbers."""
    return role in SEES_PHONE


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


def mask_tree(value: Any, role: str) -> Any:
    """``value`` (a read's whole answer: dicts, lists, plain values) as ``role`` may see
    it: every phone and ID number in it hidden unless the role needs them. A field is a
    phone or ID number by its name and a text value (``{"phone": 3}`` counting calls by
    channel is left alone)."""
    hide = {*(PHONE_FIELDS if role not in SEES_PHONE else ()),
            *(ID_FIELDS if role not in SEES_ID else ())}
    return _masked(value, hide) if hide else value


def _masked(value: Any, hide: set[str]) -> Any:
    if isinstance(value, list):
        return [_masked(v, hide) for v in value]
    if isinstance(value, dict):
        return {k: _hidden(k, v) if k in hide and isinstance(v, str) and v
                else _masked(v, hide) for k, v in value.items()}
    return value


def _hidden(key: str, value: str) -> str:
    return mask_phone(value) if key in PHONE_FIELDS else "****"
