"""One ticket-page action: its form (fields), the permission-matrix action it needs, when
it applies (the ticket's kind and state, as ``office.read.ticket`` shows it) and the facade
call it makes; and the small readers of that view the families' conditions share."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from propsvc.desks.result import Result
from propsvc.i18n import N_
from propsvc.office.facade import Office
from propsvc.permissions import MATRIX
from propsvc.web.forms import Field, Posted

View = dict[str, Any]
TICKET_KINDS = ("repair", "complaint", "help", "inquiry")
DONE = ("completed", "closed")


@dataclass(frozen=True)
class Action:
    code: str
    label: str  # English msgid
    permission: str  # the MATRIX action
    kinds: tuple[str, ...]
    when: Callable[[View], bool]
    run: Callable[[Office, str, Posted], Result]
    fields: tuple[Field, ...] = ()
    rule: str = ""

    def allowed_for(self, role: str) -> bool:
        return role in MATRIX[self.permission]

    def applies(self, view: View) -> bool:
        return view["kind"] in self.kinds and view.get("correction") is None and \
            self.when(view)


def status_in(*statuses: str) -> Callable[[View], bool]:
    return lambda v: v["status"] in statuses


def events(v: View) -> list[str]:
    """The events people recorded on the ticket, in order (``ticket show``'s actions)."""
    return [a["event"] for a in v.get("actions") or []]


def last_of(v: View, *names: str) -> str | None:
    """Which of ``names`` was recorded last (None: none of them)."""
    return next((e for e in reversed(events(v)) if e in names), None)


def desk(v: View) -> dict[str, Any]:
    """The kind-specific part of the view (complaint, help, slips …); {} for a repair."""
    found: dict[str, Any] = v.get("desk") or {}
    return found


def names(p: Posted, name: str) -> list[str]:
    """People typed one a line, or separated by commas or 、."""
    return [n.strip() for line in p.lines(name) for n in re.split(r"[,，、;；]", line)
            if n.strip()]


def missing(p: Posted, name: str) -> Any:
    p.need(name)  # raises: the field is required
    raise AssertionError(name)


SIGNED = Field("signed_by", N_("Owner's signature"), required=True, aliases=("signature",))
NOTE = Field("note", N_("Note"), "textarea")
TEXT = Field("text", N_("Text"), "textarea", required=True, aliases=("answer", "reply"))
REASON = Field("reason", N_("Reason"), "textarea", required=True)
