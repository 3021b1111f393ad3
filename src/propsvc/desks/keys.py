"""Key custody use cases (K1–K6), including the rules that reach a repair ticket (R1) or a
renovation permit (N4): input checks, then one save of every aggregate concerned."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from propsvc.aggregates.base import Context
from propsvc.aggregates.key_links import KeyLentForWork, KeyReturnedFromWork
from propsvc.aggregates.key_rules import Link
from propsvc.aggregates.keys import BORROWER_TYPES, KEY_CLASSES, Key, key_id
from propsvc.aggregates.renovation import Renovation, reno_id
from propsvc.aggregates.ticket import Ticket
from propsvc.desks.common import id_last4, load_or_none, required, unit
from propsvc.desks.result import Result
from propsvc.desks.service import Service
from propsvc.errors import InvalidInput, NotFound, RuleViolation
from propsvc.i18n import _
from propsvc.permissions import permit


def _label(value: str | None) -> str:
    label = required(value, "a key label", "K1")
    if len(label) > 40:
        raise InvalidInput(_("K1: label {label!r} is longer than 40 characters", label=label))
    return label


class KeyDesk:
    def __init__(self, service: Service) -> None:
        self.svc = service

    def key_id(self, label: str) -> Any:
        return key_id(self.svc.who.office, _label(label))

    def load(self, label: str) -> Key:
        key: Key | None = load_or_none(self.svc, self.key_id(label))
        if key is None:
            raise NotFound(_("no key {label} in office {office} (key list shows them)",
                             label=label, office=self.svc.who.office))
        return key

    def register(self, *, label: str | None, key_class: str, unit_: str | None = None,
                 area: str | None = None, equipment: str | None = None,
                 at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "key.register")
        if key_class not in KEY_CLASSES:
            raise InvalidInput(_("K1: --class must be one of {value}",
                                 value=', '.join(KEY_CLASSES)))
        spec: dict[str, Any] = {"key_class": key_class}
        if key_class == "unit":
            spec["unit"] = unit(unit_, "K1")
        elif key_class == "public":
            spec["area"] = required(area, "--area (floor or area) for a public-area key", "K1")
        else:
            spec["equipment"] = required(equipment, "--equipment for an equipment-room key", "K1")
        name = _label(label or spec.get("unit"))
        return self._create([(name, spec)], at)

    def handover(self, *, developer: str, units: list[str],
                 at: datetime | None = None) -> Result:
        """K6: the developer hands over every unit key of a batch before move-in."""
        permit(self.svc.who.role, "key.handover")
        who = required(developer, "the developer (--developer)", "K6")
        if not units:
            raise InvalidInput(_("K6: give at least one --unit"))
        batch = [(u, {"key_class": "unit", "unit": u, "handed_over_by": who})
                 for u in dict.fromkeys(unit(x, "K6") for x in units)]
        return self._create(batch, at)

    def _create(self, batch: list[tuple[str, dict[str, Any]]], at: datetime | None
                ) -> Result:
        def load(ctx: Context) -> list[Any]:
            taken = [name for name, _ in batch if load_or_none(self.svc, self.key_id(name))]
            if taken:
                raise RuleViolation("K1", _("key {value} is already registered",
                                            value=', '.join(taken)))
            return [Key.register(name, ctx, **spec) for name, spec in batch]

        return self.svc.act_together(load, lambda a, c: None, at, Key)

    def deposit(self, *, unit_: str, owner: str, id_last4_: str, label: str | None = None,
                at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "key.deposit")
        u = unit(unit_, "K2")
        name = _label(label or u)
        who = required(owner, "the owner (--owner)", "K2")
        digits = id_last4(id_last4_, "K2")

        def load(ctx: Context) -> list[Any]:
            key: Key | None = load_or_none(self.svc, self.key_id(name))
            if key is None:
                key = Key.register(name, ctx, key_class="unit", unit=u)
            elif key.unit != u:
                filed = key.unit or key.key_class
                raise RuleViolation("K1", _("key {name} is filed under {filed}, not {u}",
                                            name=name, filed=filed, u=u))
            return [key]

        def command(aggs: list[Any], ctx: Context) -> None:
            aggs[0].deposit(ctx, owner=who, id_last4=digits)

        return self.svc.act_together(load, command, at, Key)

    def lend(self, label: str, *, to: str, id_last4_: str, purpose: str, borrower_type: str,
             due: datetime | None = None, approved_by: str | None = None,
             ticket: str | None = None, renovation: str | None = None,
             personal: bool = False, at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "key.lend")
        borrower = required(to, "the borrower (--to)", "K3")
        digits = id_last4(id_last4_, "K3")
        why = required(purpose, "the purpose (--purpose)", "K3")
        if borrower_type not in BORROWER_TYPES:
            raise InvalidInput(_("K3: --borrower-type must be one of {value}",
                                 value=', '.join(BORROWER_TYPES)))
        if ticket and renovation:
            raise InvalidInput(_("K3: a loan is for either --ticket or --renovation, not both"))
        if ticket and borrower_type != "maintenance":
            raise InvalidInput(_("K3: --ticket is for a maintenance technician's loan"))
        if renovation and borrower_type != "contractor":
            raise InvalidInput(_("K3: --renovation is for a contractor's loan"))
        same_day = self.svc.profile.keys.same_day_borrowers

        def load(ctx: Context) -> list[Any]:
            other = self._ticket(ticket) if ticket else (
                self._renovation(renovation) if renovation else None)
            return [self.load(label), other]

        def command(aggs: list[Any], ctx: Context) -> None:
            key, other = aggs
            end = self.svc.calendar.end_of_day(ctx.occurred_at)
            when = due or end
            key.lend(ctx, borrower=borrower, borrower_type=borrower_type, id_last4=digits,
                     purpose=why, due_at=when, end_of_day=end,
                     same_day=borrower_type in same_day, personal=personal,
                     approved_by=approved_by.strip() if approved_by else None,
                     ticket=_ticket_link(other) if isinstance(other, Ticket) else None,
                     renovation=_reno_link(other, self.svc.calendar.local_date(
                         ctx.occurred_at)) if isinstance(other, Renovation) else None)
            if other is not None:
                assert key.loan is not None
                other.trigger(KeyLentForWork, ctx, rule="K3" if ticket else "N4",
                              label=key.label, loan=key.loan.loan, borrower=borrower,
                              due_at=when)

        return self.svc.act_together(load, command, at, Key)

    def give_back(self, label: str, at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "key.give_back")
        def load(ctx: Context) -> list[Any]:
            key = self.load(label)
            loan = key.loan
            if loan is None or not (loan.ticket or loan.renovation):
                return [key, None]
            other = self._ticket(loan.ticket) if loan.ticket else \
                self._renovation(loan.renovation or "")
            return [key, other]

        def command(aggs: list[Any], ctx: Context) -> None:
            key, other = aggs
            for_ticket = key.loan is not None and key.loan.ticket is not None
            back = key.give_back(ctx)
            if other is not None:
                other.trigger(KeyReturnedFromWork, ctx, rule="K3" if for_ticket else "N4",
                              label=key.label, loan=back.loan, late_minutes=back.late_minutes)

        return self.svc.act_together(load, command, at, Key)

    def retrieve(self, label: str, *, id_last4_: str, signed_by: str | None = None,
                 at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "key.retrieve")
        digits = id_last4(id_last4_, "K4")

        def command(aggs: list[Any], ctx: Context) -> None:
            aggs[0].retrieve(ctx, id_last4=digits,
                             signed_by=signed_by.strip() if signed_by else None)

        return self.svc.act_together(lambda c: [self.load(label)], command, at, Key)

    def check_label(self, label: str, problem: str | None = None,
                    at: datetime | None = None) -> Result:
        """K5: a label checked; a problem found (and put right) is described."""
        permit(self.svc.who.role, "key.check")
        note = problem.strip() if problem else None
        if problem is not None and not note:
            raise InvalidInput(_("K5: describe the problem found (--problem)"))

        def command(aggs: list[Any], ctx: Context) -> None:
            aggs[0].check_label(ctx, note is None, note)

        return self.svc.act_together(lambda c: [self.load(label)], command, at, Key)

    def _ticket(self, number: str) -> Ticket:
        return self.svc.load(number)

    def _renovation(self, number: str) -> Renovation:
        from propsvc.desks.renovation import RenoDesk

        number = RenoDesk.number(number)
        reno: Renovation | None = load_or_none(self.svc, reno_id(self.svc.who.office, number))
        if reno is None:
            raise NotFound(_("no renovation {number} in office {office}",
                             number=number.upper(), office=self.svc.who.office))
        return reno


def _ticket_link(t: Ticket) -> Link:
    allows = t.kind == "repair" and t.intake.spare_key is True
    where = t.intake.unit.upper() if t.intake.unit else None
    return Link(t.number, where, allows, "open" if t.is_open else t.status)


def _reno_link(r: Renovation, today: date) -> Link:
    """The permit covers the planned period; past its end only an extension (N8) renews it."""
    state = r.status if not r.open_violations else "stopped for a violation"
    expired = r.permit_active and today > r.planned_to
    if expired:
        state = f"it ran to {r.planned_to.isoformat()}: extend it first, N8"
    return Link(r.number, r.unit, r.permit_active and not expired, state)
