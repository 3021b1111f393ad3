"""Corrections of a ticket: voided as entered by mistake (作废), merged as a repeat call
(重复来电), as ``propsvc ticket void|merge`` have them; new events, never an edit."""

from __future__ import annotations

from propsvc.i18n import N_
from propsvc.web.actions.base import DONE, NOTE, REASON, TICKET_KINDS, Action
from propsvc.web.forms import Field

CORRECTION_ACTIONS: tuple[Action, ...] = (
    Action("void", N_("Void (entered by mistake)"), "ticket.void", TICKET_KINDS,
           lambda v: True, lambda o, n, p: o.tickets.void(n, p.need("reason")), (REASON,)),
    Action("merge", N_("Merge as a repeat call"), "ticket.merge", TICKET_KINDS,
           lambda v: v["status"] not in DONE,
           lambda o, n, p: o.tickets.merge(n, p.need("into"), p.text("reason")),
           (Field("into", N_("Into ticket number"), required=True), NOTE)),
)
