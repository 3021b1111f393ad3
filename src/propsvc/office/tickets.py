"""``office.tickets``: opening a ticket of any kind (R1, C1, H1, H4). The fields that
apply to the kind are checked first (nothing is opened for a wrong one), then the kind's
desk records the call."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from propsvc.errors import InvalidInput
from propsvc.i18n import _
from propsvc.vocabulary import HELP_KINDS, REQUEST_CHANNELS, TICKET_KINDS

if TYPE_CHECKING:  # each kind's desk is imported when a call of that kind is recorded
    from propsvc.desks.result import Result
    from propsvc.desks.service import Service

REPAIR_ONLY = ("part", "urgent", "home", "spare_key", "appointment", "public_area",
               "reporter_post")
APPLIES = {"repair": (*REPAIR_ONLY, "paid"), "complaint": ("lodged_with", "suggestion"),
           "help": ("help_kind", "paid"), "inquiry": ("written",)}


class TicketDesk:
    """The cross-kind entry: ``open(kind, …)`` for every kind of call, and the
    corrections of any kind (``void``, ``merge``). ``service`` gives the use cases'
    service when a call is recorded (not before the fields are checked)."""

    def __init__(self, service: Callable[[], Service]) -> None:
        self.service = service

    def void(self, number: str, reason: str, at: datetime | None = None) -> Result:
        """A mistaken call (作废): kept in history, out of every count, no further action."""
        from propsvc.desks.corrections import CorrectionDesk

        return CorrectionDesk(self.service()).void(number, reason, at)

    def merge(self, duplicate: str, into: str, reason: str | None = None,
              at: datetime | None = None) -> Result:
        """A repeat call (重复来电) closed as merged into the first one; counted once."""
        from propsvc.desks.corrections import CorrectionDesk

        return CorrectionDesk(self.service()).merge(duplicate, into, reason, at)

    def open(self, kind: str, *, unit: str | None, caller: str, phone: str | None,
             summary: str, channel: str | None = None, location: str | None = None,
             part: str | None = None, urgent: bool = False, home: bool | None = None,
             spare_key: bool | None = None, appointment: datetime | None = None,
             public_area: bool = False, lodged_with: str | None = None,
             help_kind: str | None = None, written: bool = False, paid: bool = False,
             reporter_post: str | None = None, suggestion: bool = False,
             at: datetime | None = None) -> Result:
        if kind not in TICKET_KINDS:
            raise InvalidInput(_("--kind is one of {value}", value=', '.join(TICKET_KINDS)))
        given: dict[str, Any] = {
            "part": part, "urgent": urgent, "home": home, "spare_key": spare_key,
            "appointment": appointment, "public_area": public_area,
            "lodged_with": lodged_with, "help_kind": help_kind, "written": written,
            "paid": paid, "reporter_post": reporter_post, "suggestion": suggestion}
        extra = [k for k, v in given.items() if v not in (None, False) and k not in APPLIES[kind]]
        if extra:
            names = ", ".join("--" + k.replace("_", "-") for k in extra)
            raise InvalidInput(_("{names} does not apply to --kind {kind}", names=names, kind=kind))
        who: dict[str, Any] = {"unit": unit, "caller": caller, "phone": phone, "summary": summary,
               "location": location, "at": at}
        if kind == "repair":
            from propsvc.desks.repair import RepairDesk

            return RepairDesk(self.service()).open(
                **who, part=part, urgent=urgent, home=home, spare_key=spare_key,
                appointment=appointment, channel=channel or "phone",
                public_area=public_area, paid=paid, reporter_post=reporter_post)
        if kind == "complaint":
            if channel is None:
                raise InvalidInput(_("C1: a complaint records its --channel ({value})",
                                     value='|'.join(REQUEST_CHANNELS)))
            from propsvc.desks.complaint import ComplaintDesk

            return ComplaintDesk(self.service()).open(**who, channel=channel,
                                                      lodged_with=lodged_with,
                                                      suggestion=suggestion)
        if kind == "help":
            if help_kind is None:
                raise InvalidInput(_("H1: a help request needs --help-kind ({value})",
                                     value='|'.join(HELP_KINDS)))
            from propsvc.desks.help import HelpDesk

            return HelpDesk(self.service()).open(**who, help_kind=help_kind,
                                                 channel=channel or "phone", paid=paid)
        from propsvc.desks.inquiry import InquiryDesk

        return InquiryDesk(self.service()).open(**who, channel=channel or "phone",
                                                written=written)
