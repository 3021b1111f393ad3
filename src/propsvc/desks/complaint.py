"""Complaint use cases (C1–C10): input checks, then one command on one ticket."""

from __future__ import annotations

from datetime import datetime

from propsvc.aggregates.base import Context
from propsvc.aggregates.complaint import LODGED_WITH
from propsvc.aggregates.ticket import Ticket
from propsvc.desks.common import check_phone, check_where, required
from propsvc.desks.result import Result
from propsvc.desks.service import Service
from propsvc.errors import InvalidInput
from propsvc.i18n import _
from propsvc.permissions import permit
from propsvc.vocabulary import COMPLAINT_CLASSES, REQUEST_CHANNELS

CHANNELS = REQUEST_CHANNELS.codes


class ComplaintDesk:
    def __init__(self, service: Service) -> None:
        self.svc = service

    def open(self, *, unit: str | None, caller: str, phone: str | None, summary: str,
             channel: str, lodged_with: str | None = None, location: str | None = None,
             at: datetime | None = None) -> Result:
        """C1: register the complaint with its key points and channel."""
        permit(self.svc.who.role, "ticket.open.complaint")
        if channel not in CHANNELS:
            raise InvalidInput(_("C1: a complaint's channel is one of {value}",
                                 value=', '.join(CHANNELS)))
        if lodged_with is not None and lodged_with not in LODGED_WITH:
            raise InvalidInput(_("C6: --lodged-with is one of {value}",
                                 value=', '.join(LODGED_WITH)))
        where = check_where(unit, location, "C1")
        tel = check_phone(phone, "C1")

        def lodged(ticket: Ticket, ctx: Context) -> None:
            if lodged_with:
                ticket.escalate_lodged(ctx, lodged_with)

        return self.svc.open_ticket(
            "complaint", at=at, after=lodged, unit=where,
            location=location.strip() if location else None, part=None,
            caller=required(caller, "the complainant's name", "C1"), phone=tel,
            summary=required(summary, "the complaint's key points", "C1"), channel=channel,
            lodged_with=lodged_with)

    def classify(self, number: str, complaint_class: int, important: bool = False,
                 at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "complaint.classify")
        if str(complaint_class) not in COMPLAINT_CLASSES:
            raise InvalidInput(_("C2: --class is 1 (our service), 2 (building defect) or 3 "
                                 "(outside the estate's boundary)"))
        return self.svc.act(number, lambda t, c: t.classify(c, complaint_class, important), at)

    def notify_superior(self, number: str, note: str | None = None,
                        at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "complaint.notify_superior")
        return self.svc.act(number, lambda t, c: t.notify_superior(c, note), at)

    def dispatch(self, number: str, to: str, at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "complaint.dispatch")
        dept = required(to, "the responsible department (--to)", "C4")
        return self.svc.act(number, lambda t, c: t.dispatch(c, dept), at)

    def respond(self, number: str, text: str, at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "complaint.respond")
        reply = required(text, "the handler's reply (--text)", "F2")
        return self.svc.act(number, lambda t, c: t.reply_to_desk(c, reply), at)

    def agree(self, number: str, remedy: str, by: datetime,
              at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "complaint.agree")
        what = required(remedy, "the remedy (--remedy)", "C8")
        return self.svc.act(number, lambda t, c: t.agree_remedy(c, what, by), at)

    def resolve(self, number: str, note: str | None = None,
                at: datetime | None = None) -> Result:
        """C7; a class-2 complaint first opens its linked defect repair ticket."""
        permit(self.svc.who.role, "complaint.resolve")
        text = note.strip() if note and note.strip() else None
        ticket = self.svc.load(number)
        cls = ticket.check_resolvable(text)
        opened: list[Result] = []
        if cls == 2:
            i = ticket.intake
            opened.append(self.svc.open_ticket(
                "repair", at=at, unit=i.unit, location=i.location or i.unit, part=None,
                caller=i.caller, phone=i.phone, channel="phone",
                summary=f"defect-liability repair for complaint {ticket.number}: {i.summary}",
                public_area=i.unit is None, linked_from=ticket.number))
        repair = opened[0].number if opened else None
        return self.svc.act(number, lambda t, c: t.resolve(c, text, repair), at
                            ).with_linked(*opened)

    def confirm(self, number: str, signed_by: str, at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "complaint.confirm")
        signer = required(signed_by, "the owner's signature (--signed-by)", "C10")
        return self.svc.act(number, lambda t, c: t.confirm(c, signer), at)
