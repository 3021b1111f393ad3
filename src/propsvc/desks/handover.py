"""Handover use cases (S1–S5): take over a shift, triage, OK, reasons, entries, hand
over. Patrol findings (``patrol``) and the month's close (``month_end``) open matters the
same way (``new_matter``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from propsvc.aggregates import handover as h
from propsvc.aggregates.base import Context
from propsvc.aggregates.found import found_id
from propsvc.aggregates.movein import movein_id
from propsvc.aggregates.paid import paid_id
from propsvc.aggregates.people import same_person
from propsvc.aggregates.release import release_id
from propsvc.aggregates.renovation import Renovation, reno_id
from propsvc.aggregates.ticket import Ticket
from propsvc.aggregates.vacancy import Vacancy, vacancy_id
from propsvc.calendar import shown
from propsvc.desks.common import UNIT_RE, counter, load_or_none, required
from propsvc.desks.result import Result
from propsvc.desks.service import NUMBER_RE, PREFIXES, Service
from propsvc.errors import InvalidInput, MissingInput, NotFound, RuleViolation
from propsvc.i18n import _
from propsvc.permissions import permit
from propsvc.shifts import Shifts
from propsvc.vocabulary import say_state

NOTE_PREFIX = "JB"
TICKET_PREFIXES = tuple(PREFIXES[k] for k in ("repair", "complaint", "help", "inquiry"))
RENO_DONE = ("accepted", "refunded")
# The desk services' records (Q1–Q5) by number prefix: how to find one, and when it is done.
SERVICES: dict[str, tuple[Callable[[str, str], Any], tuple[str, ...]]] = {
    "RZ": (movein_id, ("visited",)), "YC": (paid_id, ("visited",)),
    "FX": (release_id, ("out",)), "SW": (found_id, ("claimed", "disposed"))}
SERVICE_DONE = {"movein": ("visited",), "paid": ("visited",), "release": ("out",),
                "found": ("claimed", "disposed"), "vacancy": ("ended",)}


def _summary(target: Any) -> str:
    """What a tracked matter says about a ticket, a renovation or a desk service."""
    if isinstance(target, Ticket):
        return target.intake.summary
    if isinstance(target, Renovation):
        return f"{target.unit} {target.contractor}"
    if isinstance(target, Vacancy):
        return f"{target.unit} 空置"
    what = next(v for v in (getattr(target, n, None) for n in ("service", "goods", "item",
                                                               "owner")) if v)
    return f"{getattr(target, 'unit', '') or ''} {what}".strip()


def on_duty(svc: Service, shifts: Shifts, ctx: Context) -> h.Shift:
    """The shift on duty at ``ctx``'s time; refused (S1) until it has been taken over."""
    span = shifts.of(ctx.occurred_at)
    shift: h.Shift | None = load_or_none(svc, h.shift_id(svc.who.office, span.key))
    if shift is None:
        raise RuleViolation("S1", _("shift {key} has not been taken over: read the log and run "
                                    "'handover take-over' first", key=span.key))
    shift.require_on_duty()
    return shift


def new_matter(svc: Service, shifts: Shifts, prefix: str, event: type[h.MatterTracked],
               kind: str, summary: str, at: datetime | None, need_shift: bool,
               also: Callable[[Context, str], list[Any]] | None = None,
               **data: Any) -> Result:
    """A new tracked matter under the next ``prefix`` number of the office-day;
    ``also(ctx, number)`` names other aggregates saved with it (the patrol day, P1)."""
    def load(ctx: Context) -> list[Any]:
        shift = (on_duty(svc, shifts, ctx).key if need_shift
                 else shifts.of(ctx.occurred_at).key)
        numbers, day = counter(svc, prefix, ctx)
        number = f"{prefix}-{day}-{numbers.allocate(ctx):03d}"
        item = str(h.matter_id(svc.who.office, number))
        return [numbers, h.start_matter(event, ctx, number, item, shift=shift,
                                        kind=kind, summary=summary, **data),
                *(also(ctx, number) if also else [])]

    return svc.act_together(load, lambda a, c: None, at, h.Matter)


class HandoverDesk:
    """``open_matters(when)`` lists the numbers still open at a moment (the read side,
    caught up); they pass on to the next shift at hand-over (S5)."""

    def __init__(self, service: Service,
                 open_matters: Callable[[datetime], list[str]]) -> None:
        self.svc = service
        self.shifts = Shifts(service.profile)
        self.open_matters = open_matters

    @property
    def office(self) -> str:
        return self.svc.who.office

    def permit(self, action: str) -> None:
        permit(self.svc.who.role, action)

    # -- shifts --------------------------------------------------------------------------
    def take_over(self, at: datetime | None = None) -> Result:
        self.permit("handover.take_over")
        def load(ctx: Context) -> list[Any]:
            span = self.shifts.of(ctx.occurred_at)
            shift: h.Shift | None = load_or_none(self.svc, h.shift_id(self.office, span.key))
            if shift is not None:
                raise RuleViolation("S1", _("shift {key} was already taken over by "
                                            "{taken_over_by} at {taken_over_at}",
                                            key=span.key, taken_over_by=shift.taken_over_by,
                                            taken_over_at=shown(shift.taken_over_at)))
            return [h.Shift.start(h.ShiftTakenOver, h.shift_id(self.office, span.key), ctx,
                                  shift=span.key, starts_at=span.starts_at,
                                  ends_at=span.ends_at)]

        return self.svc.act_together(load, lambda a, c: None, at, h.Shift)

    def on_duty(self, ctx: Context) -> h.Shift:
        return on_duty(self.svc, self.shifts, ctx)

    def hand_over(self, at: datetime | None = None) -> Result:
        """Close the shift; every matter still open passes on to the next one (S5)."""
        self.permit("handover.hand_over")
        def command(aggs: list[Any], ctx: Context) -> None:
            aggs[0].hand_over(ctx, self.open_matters(ctx.occurred_at))

        return self.svc.act_together(lambda c: [self.on_duty(c)], command, at, h.Shift)

    # -- items of the log ----------------------------------------------------------------
    def _item(self, number: str, ctx: Context) -> tuple[h.Matter, Any]:
        """The matter for ``number`` (new when first acted on) and what it tracks."""
        number = number.strip().upper()
        if not NUMBER_RE.match(number) and not UNIT_RE.match(number):
            raise InvalidInput(_("{number!r} is not a matter number: use e.g. BX-20261122-003 "
                                 "(or a vacant unit, e.g. 5-1-0802)", number=number))
        shift = self.on_duty(ctx).key
        matter: h.Matter | None = load_or_none(self.svc, h.matter_id(self.office, number))
        prefix = number[:2]
        target: Any = None
        if prefix in TICKET_PREFIXES:
            target = self.svc.load(number)
        elif prefix == "ZX":
            target = load_or_none(self.svc, reno_id(self.office, number))
            if target is None:
                raise NotFound(_("no renovation {number} in office {office}",
                                 number=number, office=self.office))
        elif prefix in SERVICES:
            target = load_or_none(self.svc, SERVICES[prefix][0](self.office, number))
            if target is None:
                raise NotFound(_("no record {number} in office {office}",
                                 number=number, office=self.office))
        elif UNIT_RE.match(number):  # a vacant unit (Q4) is a matter while it is vacant
            target = load_or_none(self.svc, vacancy_id(self.office, number))
            if target is None:
                raise NotFound(_("unit {unit} was never registered as vacant in office {office} "
                                 "({listing} lists the vacant units)", unit=number,
                                 office=self.office, listing="register vacancies"))
        elif matter is None:
            raise NotFound(_("no handover entry or patrol finding {number} in office {office} "
                             "(handover show lists them)", number=number, office=self.office))
        if matter is None:
            matter = h.start_matter(h.MatterTracked, ctx, number, str(target.id), shift=shift,
                                    kind=target.kind if isinstance(target, Ticket)
                                    else getattr(target, "subject", "renovation"),
                                    summary=_summary(target))
        return matter, target

    def _act(self, number: str, command: Callable[[h.Matter, Any, Context, str], None],
             at: datetime | None) -> Result:
        def run(aggs: list[Any], ctx: Context) -> None:
            command(aggs[0], aggs[1], ctx, self.shifts.of(ctx.occurred_at).key)

        return self.svc.act_together(lambda c: list(self._item(number, c)), run,
                                     at, h.Matter)

    def triage(self, number: str, triage: str, at: datetime | None = None) -> Result:
        self.permit("handover.triage")
        if triage not in h.TRIAGES:
            raise InvalidInput(_("S1: --as must be one of {value}", value=', '.join(h.TRIAGES)))

        def command(m: h.Matter, target: Any, ctx: Context, shift: str) -> None:
            m.require_open("S1")
            if isinstance(target, Ticket) and not target.is_open:
                raise RuleViolation("S1", _("{number} is {status}: a closed matter is not triaged",
                                            number=m.number, status=say_state(target.status)))
            m.triage_as(ctx, shift, triage)

        return self._act(number, command, at)

    def ok(self, number: str, note: str | None = None, instructed_by: str | None = None,
           at: datetime | None = None) -> Result:
        self.permit("handover.ok")
        boss = instructed_by.strip() if instructed_by and instructed_by.strip() else None

        def command(m: h.Matter, target: Any, ctx: Context, shift: str) -> None:
            m.require_open("S2")
            if isinstance(target, Ticket) and target.is_open:
                raise RuleViolation("S2", _("{number} is not done yet ({status}): OK is written "
                                            "only after a finished matter",
                                            number=m.number, status=say_state(target.status)))
            if isinstance(target, Renovation) and target.status not in RENO_DONE:
                raise RuleViolation("S2", _("{number} is not done yet ({status}): OK is written "
                                            "only after final acceptance",
                                            number=m.number, status=say_state(target.status)))
            done = SERVICE_DONE.get(getattr(target, "subject", ""))
            if done is not None and target.status not in done:
                raise RuleViolation("S2", _("{number} is not done yet ({status}): OK is written "
                                            "only after it is finished",
                                            number=m.number, status=say_state(target.status)))
            beyond = m.major or bool(getattr(target, "escalations", None))
            if beyond and boss is None:
                raise MissingInput("S3", _("{number} is beyond the desk's authority (it was "
                                            "reported to the manager): give --instructed-by "
                                            "MANAGER", number=m.number))
            if boss is not None and same_person(boss, ctx.actor):
                raise RuleViolation("S3", _("{number}: the instruction comes from a manager "
                                            "other than the one marking it OK ({boss}): "
                                            "two-person rule", number=m.number, boss=boss))
            m.mark_ok(ctx, shift, note.strip() if note else None, boss)

        return self._act(number, command, at)

    def reason(self, number: str, reason: str, at: datetime | None = None) -> Result:
        self.permit("handover.reason")
        why = required(reason, "the reason it cannot be done today (--reason)", "S4")

        def command(m: h.Matter, target: Any, ctx: Context, shift: str) -> None:
            m.note_reason(ctx, shift, why)

        return self._act(number, command, at)

    # -- new matters -----------------------------------------------------------------------
    def note(self, entry: str, major: bool = False, at: datetime | None = None) -> Result:
        """S5: a free entry becomes a tracked matter (major: reported to the manager)."""
        self.permit("handover.note")
        what = required(entry, "the entry (--text)", "S5")
        return new_matter(self.svc, self.shifts, NOTE_PREFIX, h.EntryWritten, "note", what,
                          at, True, major=major)
