"""Paid-service use cases (有偿服务, Q1; V1, V2): request, decide and quote from the rate
table, the owner's acceptance, dispatch (repair work order or cleaning order), completion,
the fee collected for the cashier, the return visit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from propsvc import vocabulary
from propsvc.aggregates.base import Context
from propsvc.aggregates.paid import PaidService, paid_id
from propsvc.aggregates.ticket import Ticket
from propsvc.desks.common import (
    check_phone,
    counter,
    load_numbered,
    optional,
    parse_amount,
    record_number,
    required,
    unit,
)
from propsvc.desks.result import Result
from propsvc.desks.service import PREFIXES, Service
from propsvc.errors import InvalidInput
from propsvc.i18n import N_, _
from propsvc.permissions import permit

PREFIX = "YC"
CLEANING_PREFIX = "QJ"  # 保洁单: a cleaning order for housekeeping
FINISHED = ("completed", "closed")


def _choice(value: str, allowed: tuple[str, ...], option: str, rule: str = "V1") -> str:
    if value not in allowed:
        raise InvalidInput(_("{rule}: {option} is one of {allowed}", rule=rule, option=option,
                             allowed=", ".join(allowed)))
    return value


class PaidDesk:
    def __init__(self, service: Service) -> None:
        self.svc = service

    def load(self, number: str) -> PaidService:
        ref = record_number(number, PREFIX, N_("paid service"), "Q1")
        found: PaidService = load_numbered(self.svc, paid_id(self.svc.who.office, ref), ref,
                                           N_("paid service"), "register paid")
        return found

    def _act(self, number: str, command: Callable[[PaidService, Context], None],
             at: datetime | None) -> Result:
        p = self.load(number)
        return self.svc.act_on(p.id, command, at, lambda: self.load(number))

    def request(self, *, unit_: str, service: str, caller: str | None = None,
                phone: str | None = None, at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "paid.request")
        spec = {"unit": unit(unit_, "Q1"),
                "service": required(service, N_("the service asked for (--service)"), "Q1"),
                "caller": optional(caller), "phone": check_phone(optional(phone), "Q1")}
        return self.svc.open_numbered(PREFIX, at,
                                      lambda n, c: PaidService.request(n, c, **spec))

    def decide(self, number: str, *, rate: str | None = None, quantity: int = 1,
               free: bool = False, reason: str | None = None, department: str | None = None,
               at: datetime | None = None) -> Result:
        """Q1: chargeable at a rate of the profile's table (× quantity), or free (a reason
        given, and the department that does it)."""
        permit(self.svc.who.role, "paid.decide")
        table = self.svc.profile.paid
        if free == (rate is not None):
            raise InvalidInput(_("Q1: give --rate CODE for a chargeable service, or --free "
                                 "with --reason"))
        if not 1 <= quantity <= 1000:
            raise InvalidInput(_("Q1: --quantity is 1 to 1000"))
        decision: dict[str, Any]
        if rate is not None:
            if rate not in table.rates:
                raise InvalidInput(_("Q1: no rate {rate!r} in the rate table: use one of "
                                     "{rates}", rate=rate, rates=", ".join(table.rates)))
            price = table.rates[rate]
            decision = {"chargeable": True, "rate": rate, "unit_price": price,
                        "quantity": quantity, "amount": price * quantity,
                        "department": "housekeeping" if rate in table.housekeeping
                        else "maintenance"}
        else:
            dept = _choice(department or "maintenance", vocabulary.PAID_DEPARTMENTS.codes,
                           "--department", "Q1")
            decision = {"chargeable": False, "department": dept,
                        "reason": required(reason, N_("why it is free (--reason)"), "Q1")}
        return self._act(number, lambda p, c: p.decide(c, **decision), at)

    def accept(self, number: str, *, signed_by: str, at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "paid.accept")
        who = required(signed_by, N_("the owner who accepts the quote (--signed-by)"), "Q1")
        return self._act(number, lambda p, c: p.accept(c, who), at)

    def dispatch(self, number: str, *, to: str, at: datetime | None = None) -> Result:
        """Q1: maintenance gets a repair ticket with its work order issued; housekeeping a
        numbered cleaning order (保洁单)."""
        permit(self.svc.who.role, "paid.dispatch")
        who = required(to, N_("who does the work (--to)"), "Q1")

        def load(ctx: Context) -> list[Any]:
            p = self.load(number)
            maintenance = p.decision is None or p.decision.department == "maintenance"
            prefix = PREFIXES["repair"] if maintenance else CLEANING_PREFIX
            return [p, counter(self.svc, prefix, ctx), prefix]

        def command(aggs: list[Any], ctx: Context) -> None:
            p: PaidService = aggs[0]
            numbers, day = aggs[1]
            prefix = aggs[2]
            aggs[1], aggs[2] = numbers, None
            order = f"{prefix}-{day}-{numbers.allocate(ctx):03d}"
            p.dispatch(ctx, to=who, order=order)
            if prefix == PREFIXES["repair"]:
                ticket = Ticket.receive_call(
                    order, ctx, kind="repair", unit=p.unit, part=None,
                    caller=p.caller or "业主", phone=p.phone, summary=f"有偿服务：{p.service}",
                    channel="phone", linked_from=p.number)
                ticket.issue_work_order(ctx, who)
                aggs.append(ticket)

        return self.svc.act_together(load, command, at, PaidService)

    def complete(self, number: str, at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "paid.complete")

        def command(p: PaidService, ctx: Context) -> None:
            finished = True
            if p.department == "maintenance" and p.order:
                finished = self.svc.load(p.order).status in FINISHED
            p.complete(ctx, finished)

        return self._act(number, command, at)

    def collect(self, number: str, *, amount: str, cashier: str,
                at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "paid.collect")
        value = parse_amount(amount)
        who = required(cashier, N_("the cashier it was handed to (--cashier)"), "Q1")
        return self._act(number, lambda p, c: p.collect(c, value, who), at)

    def visit(self, number: str, *, method: str, result: str, note: str | None = None,
              at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "paid.visit")
        how = _choice(method, vocabulary.VISIT_METHODS.codes, "--method")
        said = _choice(result, vocabulary.VISIT_RESULTS.codes, "--result")
        days = self.svc.profile.paid.visit_days
        return self._act(number, lambda p, c: p.visit(c, method=how, result=said,
                                                      note=optional(note),
                                                      window_days=days), at)
