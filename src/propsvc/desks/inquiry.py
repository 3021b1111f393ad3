"""Inquiry use cases (H4): oral inquiries answered at once, written ones in writing."""

from __future__ import annotations

from datetime import datetime

from propsvc.desks.common import check_phone, check_where, required
from propsvc.desks.complaint import CHANNELS
from propsvc.desks.result import Result
from propsvc.desks.service import Service
from propsvc.errors import InvalidInput
from propsvc.i18n import _
from propsvc.permissions import permit


class InquiryDesk:
    def __init__(self, service: Service) -> None:
        self.svc = service

    def open(self, *, unit: str | None, caller: str, phone: str | None, summary: str,
             channel: str = "phone", written: bool = False, location: str | None = None,
             at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "ticket.open.inquiry")
        if channel not in CHANNELS:
            raise InvalidInput(_("H4: an inquiry's channel is one of {value}",
                                 value=', '.join(CHANNELS)))
        unit = unit.strip() if unit else None
        if unit:
            check_where(unit, location, "H4")
        return self.svc.open_ticket(
            "inquiry", at=at, unit=unit, location=location.strip() if location else None,
            part=None, caller=required(caller, "the caller's name", "H4"),
            phone=check_phone(phone, "H4"), summary=required(summary, "the question", "H4"),
            channel=channel, written=written)

    def answer(self, number: str, text: str, asked_supervisor: bool = False,
               at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "inquiry.answer")
        said = required(text, "the answer (--text)", "H4")
        return self.svc.act(number, lambda t, c: t.answer_inquiry(c, said, asked_supervisor),
                            at)
