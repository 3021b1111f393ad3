"""K3 across aggregates: who may take a unit key, under which ticket or permit.

An owner-deposited key is used only as the owner allowed — a technician with a repair
ticket on that unit whose intake recorded spare-key consent (R1) — or by the owner; a
contractor takes a unit key only under that unit's active renovation permit (N4). The
desk reads the ticket or renovation and passes what it found as a ``Link``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from propsvc.errors import RuleViolation
from propsvc.i18n import _
from propsvc.vocabulary import say_state


class Key(Protocol):
    """What the rule reads of a key (``propsvc.aggregates.keys.Key``)."""

    @property
    def label(self) -> str: ...
    @property
    def key_class(self) -> str: ...
    @property
    def unit(self) -> str | None: ...
    @property
    def owner(self) -> str | None: ...
    @property
    def deposited(self) -> bool: ...


@dataclass(frozen=True)
class Link:
    """What the desk found about the ticket or renovation a loan is made for."""

    number: str
    unit: str | None
    allows: bool  # the ticket's spare-key consent / the renovation permit being active
    state: str


def check_use(key: Key, borrower: str, borrower_type: str, ticket: Link | None,
              renovation: Link | None) -> None:
    def require(ok: bool, message: str) -> None:
        if not ok:
            raise RuleViolation("K3", _("key {label}: {message}", label=key.label, message=message))

    unit_key = key.key_class == "unit"
    if ticket is not None:
        require(ticket.state == "open", _("ticket {number} is {state}",
                                          number=ticket.number, state=say_state(ticket.state)))
        if unit_key:
            require(ticket.unit == key.unit,
                    _("ticket {number} is for unit {unit}, not {unit2}",
                      number=ticket.number, unit=ticket.unit, unit2=key.unit))
        if key.deposited:
            require(ticket.allows,
                    _("the owner did not allow spare-key use on ticket {number} (R1)",
                      number=ticket.number))
    if renovation is not None:
        if unit_key:
            require(renovation.unit == key.unit, _("renovation {number} is for unit {unit}, not "
                                                   "{unit2}",
                                                   number=renovation.number, unit=renovation.unit,
                                                   unit2=key.unit))
        require(renovation.allows,
                _("renovation {number} has no active permit ({state})",
                  number=renovation.number, state=say_state(renovation.state)))
    if not unit_key:
        return
    if borrower_type == "contractor":
        require(renovation is not None, _("a contractor borrows unit {unit}'s key only under its "
                                          "active renovation permit (--renovation NUMBER)",
                                          unit=key.unit))
    elif key.deposited and borrower_type == "owner":
        require(borrower == key.owner, _("deposited by {owner}: only that owner borrows it",
                                         owner=key.owner))
    elif key.deposited:
        require(borrower_type == "maintenance" and ticket is not None,
                _("an owner-deposited key is used only as the owner allowed: a technician with a "
                  "repair ticket whose owner consented to spare-key use (R1)"))
