"""Renovation use cases (N1–N10): input and role checks, then one save per command."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from propsvc import vocabulary
from propsvc.aggregates.base import Context
from propsvc.aggregates.renovation import (
    EXTENSION_SIGNERS,
    PHASES,
    PRE_CHECKS,
    Renovation,
    reno_id,
)
from propsvc.aggregates.renovation_events import Pass
from propsvc.desks.common import counter, load_or_none, parse_amount, require_role, required, unit
from propsvc.desks.result import Result
from propsvc.desks.service import PREFIXES, Service
from propsvc.errors import InvalidInput, MissingInput, NotFound
from propsvc.i18n import _
from propsvc.permissions import permit

DOCUMENTS = vocabulary.DOCUMENTS.codes
NUMBER_RE = re.compile(r"^ZX-\d{8}-\d{3,}$")
VIOLATION_KINDS = vocabulary.VIOLATION_KINDS.codes


class RenoDesk:
    def __init__(self, service: Service) -> None:
        self.svc = service

    @staticmethod
    def number(text: str) -> str:
        number = text.strip().upper()
        if not NUMBER_RE.match(number):
            raise InvalidInput(_("{text!r} is not a renovation number: use e.g. ZX-20261122-001",
                                 text=text))
        return number

    def load(self, number: str) -> Renovation:
        reno: Renovation | None = load_or_none(self.svc, reno_id(self.svc.who.office,
                                                                 self.number(number)))
        if reno is None:
            raise NotFound(_("no renovation {number} in office {office} (register renovations "
                             "lists them)",
                             number=number.strip().upper(), office=self.svc.who.office))
        return reno

    def _act(self, number: str, command: Callable[[Renovation, Context], None],
             at: datetime | None) -> Result:
        return self.svc.act_together(lambda c: [self.load(number)],
                                     lambda a, c: command(a[0], c), at, Renovation)

    def apply(self, *, unit_: str, contractor: str, scope: str, start: date, end: date,
              documents: list[str], owner: str | None = None,
              workers: list[str] | None = None, at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "reno.apply")
        u = unit(unit_, "N1")
        who = required(contractor, "the contractor (--contractor)", "N1")
        what = required(scope, "the scope of works (--scope)", "N1")
        if end < start:
            raise InvalidInput(_("N1: --to is before --from"))
        unknown = [d for d in documents if d not in DOCUMENTS]
        if unknown:
            raise InvalidInput(_("N1: unknown --doc {value} (use {value2})",
                                 value=', '.join(unknown), value2=', '.join(DOCUMENTS)))
        form: dict[str, Any] = {
            "unit": u, "owner": owner.strip() if owner else None, "contractor": who,
            "scope": what, "planned_from": start, "planned_to": end,
            "documents": tuple(dict.fromkeys(documents)),
            "workers": tuple(dict.fromkeys(required(w, "a worker's name", "N1")
                                           for w in workers or []))}

        def load(ctx: Context) -> list[Any]:
            prefix = PREFIXES["renovation"]
            count, day = counter(self.svc, prefix, ctx)
            number = f"{prefix}-{day}-{count.allocate(ctx):03d}"
            return [count, Renovation.apply_for(number, ctx, **form)]

        return self.svc.act_together(load, lambda a, c: None, at, Renovation)

    def pre_inspect(self, number: str, failed: list[str], note: str | None = None,
                    at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "reno.pre_inspect")
        bad = [f for f in failed if f not in PRE_CHECKS]
        if bad:
            raise InvalidInput(_("N2: unknown check {value} (use {value2})",
                                 value=', '.join(bad), value2=', '.join(PRE_CHECKS)))
        return self._act(number, lambda r, c: r.pre_inspect(c, tuple(failed), note), at)

    def review(self, number: str, approve: bool, reason: str | None = None,
               at: datetime | None = None) -> Result:
        number = self.number(number)
        require_role(self.svc, "N3", ("engineering",), "the plan review")
        permit(self.svc.who.role, "reno.review")
        why = reason.strip() if reason else None
        if not approve and not why:
            raise InvalidInput(_("N3: a rejection gives the owner its reasons (--reason)"))
        return self._act(number, lambda r, c: r.review(c, approve, why), at)

    def sign(self, number: str, at: datetime | None = None) -> Result:
        number = self.number(number)
        require_role(self.svc, "N3", ("manager",), "signing the approved plan")
        permit(self.svc.who.role, "reno.sign")
        return self._act(number, lambda r, c: r.sign(c), at)

    def agreement(self, number: str, at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "reno.agreement")
        return self._act(number, lambda r, c: r.sign_agreement(c), at)

    def pay_deposit(self, number: str, amount: str | Decimal, fee: str | None = None,
                    at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "reno.pay_deposit")
        value = parse_amount(amount)
        charge = parse_amount(fee) if fee is not None else None
        return self._act(number, lambda r, c: r.pay_deposit(c, value, charge), at)

    def permit(self, number: str, workers: list[str] | None = None,
               at: datetime | None = None) -> Result:
        """N4: permit, materials pass, and a numbered pass per worker (from the application
        unless ``workers`` names them)."""
        permit(self.svc.who.role, "reno.permit")
        given = [required(w, "a worker's name", "N4") for w in workers or []]

        def load(ctx: Context) -> list[Any]:
            return [counter(self.svc, PREFIXES["pass"], ctx)[0], self.load(number)]

        def command(aggs: list[Any], ctx: Context) -> None:
            count, reno = aggs
            names = given or list(reno.workers)
            if not names:
                raise MissingInput("N4", _("{number}: no workers named: list them on the "
                                            "application or give --worker NAME (one pass each)",
                                            number=reno.number))
            day = self.svc.calendar.local_date(ctx.occurred_at).strftime("%Y%m%d")
            holders = [("materials", reno.contractor)] + [("worker", n) for n in names]
            prefix = PREFIXES["pass"]
            passes = tuple(Pass(number=f"{prefix}-{day}-{count.allocate(ctx):03d}", kind=kind,
                                holder=holder) for kind, holder in holders)
            reno.issue_permit(ctx, passes)

        return self.svc.act_together(load, command, at, Renovation)

    def phase(self, number: str, phase: str, install_at: datetime | None = None,
              at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "reno.phase")
        if phase not in PHASES:
            raise InvalidInput(_("N5: --phase must be one of {value}", value=', '.join(PHASES)))
        if phase == "installation" and install_at is None:
            raise InvalidInput(_("N5: the installation phase is inspected at the installation "
                                 "time: give --install-at TIME"))
        if phase != "installation" and install_at is not None:
            raise InvalidInput(_("N5: --install-at is for the installation phase"))
        hours = self.svc.profile.renovation.interval_hours(phase)
        return self._act(number, lambda r, c: r.start_phase(c, phase, hours, install_at), at)

    def inspect(self, number: str, result: str, note: str | None = None,
                at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "reno.inspect")
        if result not in vocabulary.INSPECTION_RESULTS:
            raise InvalidInput(_("N6: --result must be ok or violation"))
        if result == "violation" and not (note and note.strip()):
            raise InvalidInput(_("N6: describe the violation (--note)"))
        return self._act(number, lambda r, c: r.inspect(c, result, note), at)

    def violation(self, number: str, note: str | None = None, serious: bool = False,
                  kind: str = "general", at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "reno.violation")
        what = note.strip() if note and note.strip() else None
        if kind not in VIOLATION_KINDS:
            raise InvalidInput(_("N7: --kind must be one of {value}",
                                 value=', '.join(VIOLATION_KINDS)))
        if kind == "illegal-structure":
            require_role(self.svc, "N7", ("engineering",), "confirming an illegal structure")
        return self._act(number, lambda r, c: r.record_violation(
            c, kind=kind, note=what, serious=serious), at)

    def materials(self, number: str, direction: str, items: str, hazardous: bool = False,
                  owner_confirmed: str | None = None, at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "reno.materials")
        if direction not in ("in", "out"):
            raise InvalidInput(_("N7: give --in or --out"))
        what = required(items, "the materials (--items)", "N7")
        who = owner_confirmed.strip() if owner_confirmed else None
        return self._act(number, lambda r, c: r.move_materials(c, direction, what, hazardous,
                                                                who), at)

    def resolve(self, number: str, note: str, violation: int | None = None,
                at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "reno.resolve")
        what = required(note, "how it was put right (--note)", "N6")
        return self._act(number, lambda r, c: r.resolve(c, violation, what), at)

    def extend(self, number: str, to: date, signed_by: str, reason: str | None = None,
               at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "reno.extend")
        signers = tuple(dict.fromkeys(s.strip() for s in signed_by.split(",") if s.strip()))
        unknown = [s for s in signers if s not in EXTENSION_SIGNERS]
        if unknown:
            raise InvalidInput(_("N8: unknown signer {value} (use {value2})",
                                 value=', '.join(unknown), value2=','.join(EXTENSION_SIGNERS)))
        return self._act(number, lambda r, c: r.extend(c, to, signers, reason), at)

    def accept(self, number: str, stage: str, at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "reno.accept")
        if stage not in ("initial", "final"):
            raise InvalidInput(_("N9: give --initial or --final"))
        return self._act(number, lambda r, c: r.accept(c, stage), at)

    def return_passes(self, number: str, count: int, at: datetime | None = None) -> Result:
        permit(self.svc.who.role, "reno.return_passes")
        if count < 1:
            raise InvalidInput(_("N9: --count is the number of passes handed back (≥ 1)"))
        return self._act(number, lambda r, c: r.return_passes(c, count), at)

    def refund(self, number: str, at: datetime | None = None) -> Result:
        """N9: the manager signs the refund; then the cashier pays it."""
        number = self.number(number)
        require_role(self.svc, "N9", ("manager", "cashier"), "the deposit refund")
        permit(self.svc.who.role, "reno.refund")
        if self.svc.who.role == "manager":
            return self._act(number, lambda r, c: r.sign_refund(c), at)
        return self._act(number, lambda r, c: r.pay_refund(c), at)

    def spot_check(self, number: str, note: str | None = None,
                   at: datetime | None = None) -> Result:
        number = self.number(number)
        require_role(self.svc, "N10", ("manager",), "the daily spot-check")
        permit(self.svc.who.role, "reno.spot_check")
        return self._act(number, lambda r, c: r.spot_check(c, note), at)
