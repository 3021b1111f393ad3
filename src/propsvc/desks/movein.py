"""Move-in use cases (入住, Q5; K6, V1): documents, agreements, the owner file, payment,
keys, the joint inspection (defects open linked repair tickets), completion and the
return visit a month later."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from propsvc import vocabulary
from propsvc.aggregates.base import Context
from propsvc.aggregates.keys import Key, key_id
from propsvc.aggregates.movein import AGREEMENTS, DOCUMENTS, SECOND_CHECKS, MoveIn, movein_id
from propsvc.aggregates.ticket import Ticket
from propsvc.desks.common import (
    check_phone,
    counter,
    load_numbered,
    load_or_none,
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

PREFIX = "RZ"
FINISHED = ("completed", "closed")


def _codes(values: list[str] | tuple[str, ...], allowed: tuple[str, ...], option: str,
           rule: str = "Q5") -> tuple[str, ...]:
    bad = [v for v in values if v not in allowed]
    if bad:
        raise InvalidInput(_("{rule}: {option} is one of {allowed} (not {bad})", rule=rule,
                             option=option, allowed=", ".join(allowed), bad=", ".join(bad)))
    return tuple(dict.fromkeys(values))


def _texts(values: list[str] | tuple[str, ...], what: str) -> tuple[str, ...]:
    out = tuple(v.strip() for v in values)
    if any(not v for v in out):
        raise InvalidInput(_("Q5: {what} cannot be blank", what=_(what)))
    return out


class MoveInDesk:
    def __init__(self, service: Service) -> None:
        self.svc = service

    def load(self, number: str) -> MoveIn:
        ref = record_number(number, PREFIX, N_("move-in"), "Q5")
        found: MoveIn = load_numbered(self.svc, movein_id(self.svc.who.office, ref), ref,
                                      N_("move-in"), "register moveins")
        return found

    def _act(self, number: str, command: Callable[[MoveIn, Context], None],
             at: datetime | None) -> Result:
        m = self.load(number)
        return self.svc.act_on(m.id, command, at, lambda: self.load(number))

    def start(self, *, unit_: str, owner: str, phone: str, at: datetime | None = None
              ) -> Result:
        permit(self.svc.who.role, "movein.start")
        spec = {"unit": unit(unit_, "Q5"),
                "owner": required(owner, N_("the owner (--owner)"), "Q5"),
                "phone": check_phone(required(phone, N_("the owner's phone (--phone)"), "Q5"),
                                     "Q5")}
        return self.svc.open_numbered(PREFIX, at, lambda n, c: MoveIn.begin(n, c, **spec))

    def verify(self, number: str, *, documents: list[str], at: datetime | None = None
               ) -> Result:
        """Q5: the documents seen; the result lists those still missing."""
        permit(self.svc.who.role, "movein.verify")
        if not documents:
            raise InvalidInput(_("Q5: give --doc for each document seen ({docs})",
                                 docs=", ".join(DOCUMENTS)))
        docs = _codes(documents, DOCUMENTS, "--doc")
        def command(m: MoveIn, ctx: Context) -> None:
            m.verify(ctx, docs)

        return self._act(number, command, at)

    def sign(self, number: str, *, agreements: list[str], at: datetime | None = None
             ) -> Result:
        permit(self.svc.who.role, "movein.sign")
        if not agreements:
            raise InvalidInput(_("Q5: give --agreement for each one signed ({names})",
                                 names=", ".join(AGREEMENTS)))
        signed = _codes(agreements, AGREEMENTS, "--agreement")
        return self._act(number, lambda m, c: m.sign(c, signed), at)

    def file(self, number: str, *, members: list[str] | None = None,
             vehicles: list[str] | None = None, emergency_contact: str | None = None,
             at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "movein.file")
        spec: dict[str, Any] = {
            "members": _texts(members or [], "--member"),
            "vehicles": tuple(v.upper().replace(" ", "")
                              for v in _texts(vehicles or [], "--vehicle")),
            "emergency_contact": optional(emergency_contact)}
        return self._act(number, lambda m, c: m.file(c, **spec), at)

    def pay(self, number: str, *, amount: str, at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "movein.pay")
        paid = parse_amount(amount)
        return self._act(number, lambda m, c: m.pay(c, paid), at)

    def keys(self, number: str, *, count: int, at: datetime | None = None) -> Result:
        """Q5/K6: refused unless the developer handed over the unit's keys (key handover)."""
        permit(self.svc.who.role, "movein.keys")
        if count < 1 or count > 50:
            raise InvalidInput(_("Q5: --count is the number of keys handed over, 1 to 50"))

        def command(m: MoveIn, ctx: Context) -> None:
            key: Key | None = load_or_none(self.svc, key_id(self.svc.who.office, m.unit))
            m.hand_keys(ctx, count, key.handed_over_by if key is not None else None)

        return self._act(number, command, at)

    def inspect(self, number: str, *, result: str, defects: list[str] | None = None,
                checks: list[str] | None = None, at: datetime | None = None) -> Result:
        """Q5: the joint inspection; each defect opens a repair ticket linked to the
        move-in; the second inspection is stricter (002 二次验房)."""
        permit(self.svc.who.role, "movein.inspect")
        outcome = _codes([result], vocabulary.MOVEIN_INSPECTION_RESULTS.codes, "--result")[0]
        faults = _texts(defects or [], "--defect")
        if outcome == "defects" and not faults:
            raise InvalidInput(_("Q5: describe each defect found (--defect TEXT)"))
        if outcome == "ok" and faults:
            raise InvalidInput(_("Q5: --defect goes with --result defects"))
        done = _codes(checks or [], SECOND_CHECKS, "--check")

        def load(ctx: Context) -> list[Any]:
            m = self.load(number)
            return [m, counter(self.svc, PREFIXES["repair"], ctx) if faults else None]

        def command(aggs: list[Any], ctx: Context) -> None:
            m: MoveIn = aggs[0]
            unfinished = [n for n in m.defect_tickets
                          if self.svc.load(n).status not in FINISHED]
            tickets: list[Ticket] = []
            if faults:
                numbers, day = aggs[1]
                aggs[1] = numbers
                for fault in faults:
                    seq = numbers.allocate(ctx)
                    tickets.append(Ticket.receive_call(
                        f"{PREFIXES['repair']}-{day}-{seq:03d}", ctx, kind="repair",
                        unit=m.unit, part=None, caller=m.owner, phone=m.phone,
                        summary=f"入住验房：{fault}", channel="visit", linked_from=m.number))
            m.inspect(ctx, result=outcome, defects=faults,
                      tickets=tuple(t.number for t in tickets), checks=done,
                      unfinished=unfinished)
            aggs.extend(tickets)

        return self.svc.act_together(load, command, at, MoveIn)

    def complete(self, number: str, at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "movein.complete")
        return self._act(number, lambda m, c: m.complete(c), at)

    def visit(self, number: str, *, method: str, result: str, note: str | None = None,
              at: datetime | None = None) -> Result:
        """V1: the return visit after move-in (window from the profile, V2 counts it)."""
        permit(self.svc.who.role, "movein.visit")
        how = _codes([method], vocabulary.VISIT_METHODS.codes, "--method", "V1")[0]
        said = _codes([result], vocabulary.VISIT_RESULTS.codes, "--result", "V1")[0]
        cal, months = self.svc.calendar, self.svc.profile.services.movein_visit_months

        def command(m: MoveIn, ctx: Context) -> None:
            start = m.completed_at or ctx.occurred_at
            window = (cal.add_months(start, months) - start).total_seconds() / 86400
            m.visit(ctx, method=how, result=said, note=optional(note), window_days=window)

        return self._act(number, command, at)
