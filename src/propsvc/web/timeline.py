"""A ticket's history as the page's timeline: each event with its label, its rule, who
recorded it (the system for the deadline policies and the clock) and its data as
"field: value" in the page's language — coded values by their vocabulary label, deadline
labels and the H3 steps through the catalogue, the times in office time."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from propsvc.i18n import N_, _
from propsvc.vocabulary import GROUPS, ROLE_NAMES
from propsvc.web.event_words import AUDIENCE, CODED, EVENTS, FIELDS, HIDDEN, TO_LIST

Datum = Callable[[Any], str]
SYSTEM = {"policy": N_("deadline rules"), "clock": N_("the clock")}
THE_SYSTEM = N_("the system")
COUNTED = re.compile(r"^(.*) \((working days|working hours)\)$")
COUNTING = (N_("working days"), N_("working hours"))  # how a window counts (basis)


def event_label(name: str) -> str:
    """An event type as a clerk reads it (an unknown one as its name)."""
    msgid = EVENTS.get(name)
    return _(msgid) if msgid else name


def timeline(history: list[dict[str, Any]], datum: Datum) -> list[dict[str, Any]]:
    """The page's rows, oldest first; a deadline event names its deadline."""
    deadlines = {h["data"].get("key"): h["data"].get("label") for h in history
                 if h["event"] == "DeadlineSet"}
    return [_row(h, datum, deadlines) for h in history]


def _row(h: dict[str, Any], datum: Datum, deadlines: dict[Any, Any]) -> dict[str, Any]:
    data = dict(h["data"])
    if h["event"].startswith("Deadline") and "label" not in data:
        data["label"] = deadlines.get(data.get("key"))
    system = h["role"] in SYSTEM
    return {
        "event": h["event"], "title": event_label(h["event"]), "rule": data.get("rule"),
        "occurred_at": h["occurred_at"], "recorded_at": h["recorded_at"],
        "actor": _(THE_SYSTEM) if system else h["actor"],
        "role": _(SYSTEM[h["role"]]) if system else ROLE_NAMES.say(h["role"]),
        "system": system,
        "details": [_("{what}: {value}", what=_field(key), value=_value(h["event"], key, v,
                                                                        datum))
                    for key, v in data.items() if key not in HIDDEN and _shown(key, v)],
    }


def _shown(key: str, value: Any) -> bool:
    """False, empty and missing values are left out (as the paper forms leave them), and
    a deadline met on time says no "0 minutes late"."""
    if key == "late_minutes" and value == 0:
        return False
    return value is not None and value is not False and value != "" and value != [] \
        and value != ()


def _field(key: str) -> str:
    msgid = FIELDS.get(key)
    return _(msgid) if msgid else key


def _value(event: str, key: str, value: Any, datum: Datum) -> str:
    if key == "label" and isinstance(value, str):
        return _(value)  # a deadline's label is stored as its English msgid
    if key == "basis" and isinstance(value, str):
        return _basis(value)
    if key == "steps" and isinstance(value, list | tuple):
        return "; ".join(_(str(step)) for step in value)
    if key == "to":
        return _to(event, str(value))
    group = CODED.get(key)
    if group is not None:
        return GROUPS[group].say(str(value))
    return datum(value)


def _basis(text: str) -> str:
    """``call received`` or ``call received (working hours)``, in the page's language."""
    found = COUNTED.match(text)
    if found is None:
        return _(text)
    return _("{basis} ({counting})", basis=_(found.group(1)), counting=_(found.group(2)))


def _to(event: str, code: str) -> str:
    listed = TO_LIST.get(event)
    if listed is not None and code in GROUPS[listed]:
        return GROUPS[listed].say(code)
    msgid = AUDIENCE.get(code)
    return _(msgid) if msgid else code
