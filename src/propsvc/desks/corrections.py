"""Correcting the record of a call: ``void`` a mistaken call (作废), ``merge`` a repeat
call into the first call of the same matter (重复来电). Both are new events on the
Ticket — nothing is edited or deleted — and both are the office's (desk, manager)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from propsvc.aggregates.base import Context
from propsvc.aggregates.ticket import Ticket
from propsvc.desks.common import optional, required
from propsvc.desks.result import Result
from propsvc.desks.service import Service
from propsvc.permissions import permit


class CorrectionDesk:
    def __init__(self, svc: Service) -> None:
        self.svc = svc

    def void(self, number: str, reason: str, at: datetime | None = None) -> Result:
        """A mistaken call: kept in its history, out of every register's counts."""
        permit(self.svc.who.role, "ticket.void")
        why = required(reason, "the reason it is voided (--reason)", "R1")
        return self.svc.act(number, lambda t, ctx: t.void(ctx, why), at)

    def merge(self, duplicate: str, into: str, reason: str | None = None,
              at: datetime | None = None) -> Result:
        """A repeat call: closed as merged into ``into``, both linked, counted once."""
        permit(self.svc.who.role, "ticket.merge")
        why = optional(reason)
        self.svc.ticket_id(duplicate)  # both numbers well formed before anything is read
        self.svc.ticket_id(into)

        def load(ctx: Context) -> list[Any]:
            return [self.svc.load(duplicate), self.svc.load(into)]

        def command(tickets: list[Any], ctx: Context) -> None:
            tickets[0].merge_into(ctx, tickets[1], why)

        return self.svc.act_together(load, command, at, Ticket)
