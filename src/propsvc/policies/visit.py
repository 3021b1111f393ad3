"""Return-visit windows (V1) and target rates (V2) per visit class."""

from __future__ import annotations

from typing import Any

from propsvc.profile import Profile

VISIT_CLASSES = ("repair", "complaint", "help")


def window_days(profile: Profile, ticket: Any) -> int:
    """V1: days after the triggering fact within which the visit falls."""
    if ticket.kind == "complaint":
        return profile.complaint.visit_window_days
    if ticket.kind == "help":
        if ticket.intake.help_kind == "medical":
            return profile.help.medical_visit_days
        return profile.help.other_visit_days
    return profile.repair.visit_window_days


def target(profile: Profile, visit_class: str) -> float:
    """V2: the share of completed items of a class that must be visited."""
    v = profile.visits
    return {"repair": v.repair_target, "complaint": v.complaint_target,
            "help": v.help_target}[visit_class]


def rule_of(visit_class: str) -> str:
    return {"repair": "R13", "complaint": "C9", "help": "H6"}[visit_class]
