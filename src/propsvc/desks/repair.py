"""Repair use cases (R1–R15): input checks, then one command on one ticket."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal, InvalidOperation

from propsvc.aggregates.base import Context
from propsvc.aggregates.repair import ESCALATION_TARGETS, MaterialItem
from propsvc.aggregates.ticket import Ticket
from propsvc.desks.common import MAX_QUANTITY, PHONE_RE, UNIT_RE, parse_amount, required
from propsvc.desks.result import Result
from propsvc.desks.service import Service
from propsvc.errors import InvalidInput, RuleViolation
from propsvc.permissions import permit
from propsvc.vocabulary import REPAIR_CHANNELS

CHANNELS = REPAIR_CHANNELS.codes


def parse_material(text: str) -> MaterialItem:
    parts = [p.strip() for p in re.split(r"[,，]", text)]
    if len(parts) != 5 or not all(parts):
        raise InvalidInput(f"R6: material {text!r} must be 名称,规格,型号,数量,单价 (5 fields)")
    try:
        qty = Decimal(parts[3])
    except InvalidOperation:
        raise InvalidInput(f"R6: quantity {parts[3]!r} is not a number") from None
    if not qty.is_finite() or qty <= 0:
        raise InvalidInput(f"R6: quantity {parts[3]} must be positive")
    if qty >= MAX_QUANTITY:
        raise InvalidInput(f"R6: quantity {parts[3]} is too large: below {MAX_QUANTITY}")
    return MaterialItem(name=parts[0], spec=parts[1], model=parts[2], quantity=qty,
                        unit_price=parse_amount(parts[4]))


class RepairDesk:
    def __init__(self, service: Service) -> None:
        self.svc = service

    def open(self, *, unit: str | None, caller: str, phone: str | None, summary: str,
             part: str | None = None, urgent: bool = False, home: bool | None = None,
             spare_key: bool | None = None, appointment: datetime | None = None,
             channel: str = "phone", public_area: bool = False, location: str | None = None,
             paid: bool = False, at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "ticket.open.repair")
        unit = unit.strip() if unit else None
        if unit and not UNIT_RE.match(unit):
            raise InvalidInput(f"R1: unit {unit!r} must be building-unit-room, e.g. 3-2-1201")
        if not public_area and not unit:
            raise InvalidInput("R1: an in-home repair needs --unit (building-unit-room)")
        if public_area and not (unit or location):
            raise InvalidInput("R1: a public-area repair needs --location (or --unit)")
        if phone is not None and not PHONE_RE.match(phone.strip()):
            raise InvalidInput(f"R1: phone {phone!r} is not a phone number")
        if channel not in CHANNELS:
            raise InvalidInput(f"channel must be one of {', '.join(CHANNELS)}")
        when = at or self.svc.clock.now()
        if appointment is not None and appointment < when:
            raise InvalidInput("R1: the appointment is before the call: give a later time")
        staff_report = channel in ("staff", "patrol")
        if paid and staff_report:
            raise InvalidInput("Q1: a fault found by staff is not a paid service for a resident")

        def self_fill(ticket: Ticket, ctx: Context) -> None:
            if staff_report:  # R14: staff who find a fault fill the work order themselves
                ticket.issue_work_order(ctx, None, self_filled=True)

        return self.svc.open_ticket(
            "repair", at=at, after=self_fill, unit=unit, location=location,
            part=part.strip() if part else None, caller=required(caller, "caller name"),
            phone=phone.strip() if phone else None, summary=required(summary, "summary"),
            channel=channel, urgent=urgent, home=home, spare_key=spare_key,
            appointment=appointment, public_area=public_area, paid=paid)

    def _act(self, number: str, command: Callable[[Ticket, Context], None],
             at: datetime | None) -> Result:
        def repair_only(t: Ticket, c: Context) -> None:
            if t.kind != "repair":
                raise RuleViolation("R3", f"{t.number} is a {t.kind} ticket: repair commands "
                                    "apply to repairs only")
            command(t, c)

        return self.svc.act(number, repair_only, at)

    def order(self, number: str, technician: str, at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "repair.order")
        tech = required(technician, "the technician", "R3")
        return self._act(number, lambda t, c: t.issue_work_order(
            c, tech, alerted_directly=t.intake.urgent), at)

    def arrive(self, number: str, technician: str | None = None,
               at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "repair.arrive")
        return self._act(number, lambda t, c: t.arrive(c, technician), at)

    def assess(self, number: str, at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "repair.assess")
        return self._act(number, lambda t, c: t.request_assessment(c), at)

    def reassess_done(self, number: str, at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "repair.reassess")
        return self._act(number, lambda t, c: t.return_after_assessment(c), at)

    def quote(self, number: str, amount: str | Decimal, items: str,
              at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "repair.quote")
        value, what = parse_amount(amount), required(items, "the fee items", "R2")
        return self._act(number, lambda t, c: t.quote_fee(c, value, what), at)

    def accept_fee(self, number: str, at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "repair.accept_fee")
        return self._act(number, lambda t, c: t.accept_fee(c), at)

    def start(self, number: str, at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "repair.start")
        return self._act(number, lambda t, c: t.start_work(c), at)

    def materials(self, number: str, items: list[str], at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "repair.materials")
        if not items:
            raise InvalidInput("R6: give at least one --item 名称,规格,型号,数量,单价")
        parsed = [parse_material(i) for i in items]
        return self._act(number, lambda t, c: t.record_materials(c, parsed), at)

    def escalate(self, number: str, to: str, reason: str,
                 at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "repair.escalate")
        if to not in ESCALATION_TARGETS:
            raise InvalidInput(f"R7: --to must be one of {', '.join(ESCALATION_TARGETS)}")
        why = required(reason, "a reason", "R7")
        return self._act(number, lambda t, c: t.escalate(c, to, why), at)

    def defer(self, number: str, measure: str, reason: str,
              at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "repair.defer")
        m, r = required(measure, "the temporary measure", "R8"), required(reason, "a reason", "R8")
        return self._act(number, lambda t, c: t.defer(c, m, r), at)

    def pause(self, number: str, reason: str, at: datetime | None = None) -> Result:
        """Waiting on the owner or on parts: the running deadlines stop (R8)."""
        permit(self.svc.who.role, "repair.pause")
        why = required(reason, "a reason (--reason: waiting on the owner, on parts …)", "R8")
        return self._act(number, lambda t, c: t.pause(c, why), at)

    def resume(self, number: str, at: datetime | None = None) -> Result:
        """The wait is over: the paused deadlines run again, due later by the pause."""
        permit(self.svc.who.role, "repair.resume")
        return self._act(number, lambda t, c: t.resume(c), at)

    def complete(self, number: str, signed_by: str, rating: int,
                 at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "repair.complete")
        signer = required(signed_by, "the signature (--signed-by)", "R9")
        if not 1 <= rating <= 5:
            raise InvalidInput(f"R9: rating {rating} is outside 1–5")

        def complete(t: Ticket, c: Context) -> None:
            staff = t.intake.channel in ("staff", "patrol")
            t.complete(c, signer, rating, public_area=t.intake.public_area,
                       required_signer=t.intake.caller if staff else None)

        return self._act(number, complete, at)

    def collect_fee(self, number: str, amount: str | Decimal,
                    at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "repair.collect_fee")
        value = parse_amount(amount)
        return self._act(number, lambda t, c: t.collect_fee(c, value), at)

    def chase(self, number: str, note: str | None = None,
              at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "repair.chase")
        return self._act(number, lambda t, c: t.chase(c, note), at)

    def reopen(self, number: str, reason: str, appointment: datetime | None = None,
               at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "repair.reopen")
        why = required(reason, "a reason", "R12")
        return self.svc.act(number, lambda t, c: t.reopen(c, reason=why,
                                                          appointment=appointment), at)
