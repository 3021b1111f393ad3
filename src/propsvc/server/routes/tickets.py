"""Tickets: open any kind, find, show (``as_of`` / ``as_known_at``), history, void, merge."""

from __future__ import annotations

from fastapi import APIRouter

from propsvc.office.reader import Reader
from propsvc.office.tickets import TicketDesk
from propsvc.server.routes.actions import read, write

router = APIRouter(prefix="/tickets", tags=["tickets"])

write(router, "", "tickets", TicketDesk.open, "Record a call of any kind (R1, C1, H1, H4)")
read(router, "", Reader.find_tickets,
     "Find tickets: unit, phone, caller, status, kind, from, to, q (ticket find)",
     rename={"text": "q", "start": "from", "end": "to"})
read(router, "/{number}", Reader.ticket, "A ticket's state (ticket show)",
     rename={"known_at": "as_known_at"})
read(router, "/{number}/history", Reader.ticket_history, "Every event of a ticket")
write(router, "/{number}/void", "tickets", TicketDesk.void, "作废 — strike out a mistaken call")
write(router, "/{duplicate}/merge", "tickets", TicketDesk.merge,
      "重复来电 — merge a repeat call into the first one")
