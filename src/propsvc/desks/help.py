"""Help-request use cases (H1–H3, H5); a routed request opens its linked ticket or
incident first."""

from __future__ import annotations

from datetime import datetime

from propsvc.aggregates.help import HELP_KINDS, MEDICAL_ACTIONS, ROUTES
from propsvc.desks.common import check_phone, check_where, required
from propsvc.desks.complaint import CHANNELS
from propsvc.desks.incident import IncidentDesk
from propsvc.desks.result import Result
from propsvc.desks.service import Service
from propsvc.errors import InvalidInput
from propsvc.i18n import _
from propsvc.permissions import permit

# H5: the incident category a security or disaster request starts as.
INCIDENT_CATEGORY = {"security": "theft", "disaster": "flood"}


class HelpDesk:
    def __init__(self, service: Service) -> None:
        self.svc = service

    def open(self, *, help_kind: str, unit: str | None, caller: str, phone: str | None,
             summary: str, channel: str = "phone", location: str | None = None,
             paid: bool = False, at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "ticket.open.help")
        if help_kind not in HELP_KINDS:
            raise InvalidInput(_("H1: --help-kind is one of {value}", value=', '.join(HELP_KINDS)))
        if channel not in CHANNELS:
            raise InvalidInput(_("H1: a help request's channel is one of {value}",
                                 value=', '.join(CHANNELS)))
        where = check_where(unit, location, "H3" if help_kind == "medical" else "H1")
        tel = check_phone(phone, "H1")
        if help_kind == "medical" and not tel:
            raise InvalidInput(_("H3: a medical emergency records a phone number (--phone)"))
        return self.svc.open_ticket(
            "help", at=at, unit=where, location=location.strip() if location else None,
            part=None, caller=required(caller, "the caller's name", "H1"), phone=tel,
            summary=required(summary, "what help is needed", "H1"), channel=channel,
            help_kind=help_kind, paid=paid)

    def answer(self, number: str, text: str, *, cannot_help: bool = False,
               referred_to: str | None = None, asked_supervisor: bool = False,
               at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "help.answer")
        said = required(text, "the answer (--text)", "H2")
        return self.svc.act(number, lambda t, c: t.answer_help(
            c, said, cannot_help=cannot_help, referred_to=referred_to,
            asked_supervisor=asked_supervisor), at)

    def medical(self, number: str, action: str, staff: list[str], vehicle: str | None = None,
                serious: bool = False, at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "help.medical")
        if action not in MEDICAL_ACTIONS:
            raise InvalidInput(_("H3: --action is one of {value}",
                                 value=', '.join(MEDICAL_ACTIONS)))
        people = [s.strip() for s in staff if s.strip()]
        n = self.svc.profile.help
        return self.svc.act(number, lambda t, c: t.take_medical_action(
            c, action, people, vehicle, serious, escorts=n.hospital_escorts,
            nurses=n.nursing_staff), at)

    def route(self, number: str, to: str, at: datetime | None = None,
              category: str | None = None) -> Result:
        """H5: open the linked ticket (or incident) first, then record the routing.
        ``category`` is the I1 category of the incident (default by help kind)."""
        permit(self.svc.who.role, "help.route")
        if to not in ROUTES:
            raise InvalidInput(_("H5: --to is one of {value}", value=', '.join(ROUTES)))
        if category is not None and to != "incident":
            raise InvalidInput(_("--category applies only to --to incident"))
        ticket = self.svc.load(number)
        ticket.check_routable(to)
        i = ticket.intake
        if to == "incident":
            category = category or INCIDENT_CATEGORY.get(i.help_kind or "", "facility-damage")
            opened = IncidentDesk(self.svc).report(
                category=category, place=i.unit or i.location or "—",
                description=i.summary, linked_from=ticket.number, at=at)
        else:
            kind = "repair" if to == "paid" else to
            channel = {"complaint": i.channel, "repair": "phone"}[kind]
            if kind == "repair" and channel not in ("phone", "visit"):
                channel = "phone"
            opened = self.svc.open_ticket(
                kind, at=at, unit=i.unit, location=i.location, part=None, caller=i.caller,
                phone=i.phone, summary=i.summary, channel=channel, paid=to == "paid",
                public_area=kind == "repair" and i.unit is None, linked_from=ticket.number)
        return self.svc.act(number, lambda t, c: t.route(c, to, opened.number), at
                            ).with_linked(opened)
