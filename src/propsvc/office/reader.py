"""``office.read``: every read of the office — registers, lists, one aggregate's state
(now, as of a moment, as known at a moment) and its history — as JSON-ready data.

Reads never create a database. Those answered from the read models bring them up to date
first; those answered from one aggregate's events replay only that aggregate. Every
answer passes ``permissions.mask_tree`` once, for the acting user's role, on its way out.
Periods are taken as the user typed them (``day="2026-11-22"``, ``month="2026-11"``) and
checked here, so every interface refuses a bad one the same way.

``reader.at(as_of=T)`` / ``reader.at(known_at=T)`` is the same reader on the office's read
models as they stood at T (rebuilt in memory from the events that pass the cut,
``projections/asof.py``): every register, list, log and ``overdue`` read through it runs
the very same query (decision 0014).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from propsvc.calendar import iso, parse_date, parse_month, shown
from propsvc.clock import Clock
from propsvc.errors import Forbidden, InvalidInput, NotFound, PropsvcError
from propsvc.i18n import _
from propsvc.office.backend import Backend
from propsvc.office.service_records import ServiceRecords
from propsvc.permissions import ROLES, SEES_EVERY_FEED, Actor, mask_tree, permit, sees_phone
from propsvc.profile import Profile

if TYPE_CHECKING:
    from propsvc.calendar import OfficeCalendar
    from propsvc.desks.service import Service
    from propsvc.projections.asof import Cut
    from propsvc.queries import notification as notice_q
    from propsvc.queries.common import Source
    from propsvc.queries.registers import Register

T = TypeVar("T")
Period = tuple[datetime, datetime, str]
Pages = list[tuple[str, dict[str, Any]]]  # (sheet name, the form's data) per sheet


# The reads that take ``--as-of`` / ``--as-known-at`` (API: ``as_of``, ``as_known_at``)
# through ``Reader.at``: every register, the handover log, the carry-over file, overdue.
AT_A_MOMENT = frozenset({
    "repair_register", "daily_repairs", "visit_register", "complaint_register",
    "complaint_summary", "help_register", "inquiry_register", "incident_register",
    "key_deposits", "key_loans", "renovations", "passes", "extensions", "patrol_register",
    "daily_report", "moveins", "paid", "releases", "found", "vacancies",
    "vacancy_inspections", "sealed_month", "export", "work_order", "overdue",
    "handover_log", "carryover_file"})

LISTED_IN = {"key": " (key list shows them)",
             "renovation": " (register renovations lists them)",
             "incident": ": check the number (register incidents lists them)"}


class Reader(ServiceRecords):
    """The reads of one office for one user (whose role decides the masking)."""

    def __init__(self, backend: Backend, office: str, user: Actor, clock: Clock,
                 profile: Profile) -> None:
        self.backend, self.code, self.user = backend, office, user
        self.clock, self._profile = clock, profile
        self.warnings: list[str] = []  # stale read models met by the reads so far
        self.cut: Cut | None = None  # set on a reader made by ``at``
        self.scratch_seconds: float | None = None  # how long the as-of rebuild took

    def at(self, as_of: datetime | None = None, known_at: datetime | None = None
           ) -> Reader:
        """This reader as of a business time, or as known at a recorded time (neither:
        this reader itself). Its clock stands still at that moment."""
        from propsvc.clock import SettableClock
        from propsvc.projections.asof import Cut

        if as_of and known_at:
            raise InvalidInput(_("give either --as-of or --as-known-at, not both"))
        moment = as_of or known_at
        if moment is None:
            return self
        if moment > self.now():
            raise InvalidInput(_("{moment} is in the future (now {now}): as-of reads look "
                                 "back", moment=shown(moment), now=shown(self.now())))
        then = Reader(self.backend, self.code, self.user, SettableClock(moment),
                      self._profile)
        then.cut = Cut(self.code, moment, known=known_at is not None)
        return then

    # -- plumbing ------------------------------------------------------------------------
    @property
    def cal(self) -> OfficeCalendar:
        return self._profile.office_calendar

    def now(self) -> datetime:
        return self.clock.now()

    def _out(self, value: T) -> T:
        """Every answer leaves through here: masked for the acting user's role (and, read
        at a moment, stamped with it)."""
        masked: T = mask_tree(value, self.user.role)
        if self.cut is not None and isinstance(masked, dict):
            masked.setdefault("as_known_at" if self.cut.known else "as_of",
                              iso(self.cut.moment))
        return masked

    def _models(self) -> Source:
        """The read models, caught up, as a query source (read at a moment: those
        rebuilt in memory as they stood then, once per reader)."""
        from propsvc.queries.common import Source

        self._events()
        if self.cut is not None:
            return self._then
        caught = self.backend.catch_up_to_read()
        self.warnings.extend(s.message() for s in caught.stale
                             if s.message() not in self.warnings)
        return Source(self.backend.read_db, self.code, self._profile, self.now())

    @cached_property
    def _then(self) -> Source:
        from propsvc.projections.asof import build
        from propsvc.queries.common import Source
        from propsvc.queries.sql import Reads

        assert self.cut is not None
        scratch = build(self.backend.url, self.backend.read_db.db, self.cut)
        self.scratch_seconds = scratch.seconds
        self.warnings.extend(s.message() for s in scratch.stale)
        return Source(Reads(scratch.db), self.code, self._profile, self.cut.moment)

    def _events(self) -> None:
        """Reads need a database that exists and an office it knows."""
        self.backend.require_existing()
        self.backend.require_office(self.code)

    @cached_property
    def _service(self) -> Service:
        """Loads aggregates (one aggregate's reads); writes nothing."""
        from propsvc.desks.service import Service, Who

        return Service(self.backend.store, self.clock, self._profile,
                       Who(self.code, self.user.name, self.user.role,
                           self.user.authenticated))

    def day(self, text: str | None) -> date:
        return parse_date(text) if text else self.cal.local_date(self.now())

    def month(self, text: str | None) -> str:
        if text is None:
            return self.cal.local_date(self.now()).strftime("%Y-%m")
        return parse_month(text).strftime("%Y-%m")

    def period(self, day: str | None, month: str | None) -> Period:
        """One office-local day (default today) or a whole month."""
        if day and month:
            raise InvalidInput(_("give either --date or --month, not both"))
        if month:
            return (*self.cal.month_bounds(month), month)
        when = self.day(day)
        return (*self.cal.day_bounds(when), when.isoformat())

    def _month_period(self, month: str | None) -> Period:
        label = self.month(month)
        return (*self.cal.month_bounds(label), label)

    def _envelope(self, name: str, rows: list[dict[str, Any]], label: str | None,
                  title: str | None = None, **extra: Any) -> dict[str, Any]:
        from propsvc.queries.registers import REGISTERS

        head: dict[str, Any] = {"register": title or REGISTERS[name].title}
        if label is not None:
            head["period"] = label
        return self._out({**head, "office": self.code, **extra, "rows": rows})

    # -- one aggregate, from its own events ----------------------------------------------
    def ticket(self, number: str, as_of: datetime | None = None,
               known_at: datetime | None = None) -> dict[str, Any]:
        """``ticket show``: now, as of a business time, or as known at a recorded time."""
        from propsvc.views.ticket import actions_view, replay, ticket_view, upto

        if as_of and known_at:
            raise InvalidInput(_("give either --as-of or --as-known-at, not both"))
        self._events()
        events = self._service.events_of(number)
        moment = as_of or known_at
        view_time = moment or self.now()
        seen = upto(events, view_time, known=moment is None or known_at is not None)
        state = replay(seen)
        if state is None:
            when = shown(moment) if moment else _("that moment")
            raise NotFound(_("{number} did not exist yet at {when}",
                             number=number.upper(), when=when))
        view = ticket_view(state, view_time)
        view["as_of"] = None if moment is None else moment.isoformat()
        view["actions"] = actions_view(seen)
        return self._out(view)

    def ticket_history(self, number: str, as_of: datetime | None = None,
                       known_at: datetime | None = None) -> list[dict[str, Any]]:
        from propsvc.views.ticket import history_view

        self._events()
        events = self._service.events_of(number)
        return self._out(history_view(self._upto(events, as_of, known_at)))

    @staticmethod
    def _upto(events: list[Any], as_of: datetime | None, known_at: datetime | None
              ) -> list[Any]:
        """The events that had happened by ``as_of`` (business time) or were recorded by
        ``known_at``; all of them when neither is given."""
        from propsvc.views.ticket import upto

        if as_of and known_at:
            raise InvalidInput("give either --as-of or --as-known-at, not both")
        if as_of is None and known_at is None:
            return events
        return upto(events, as_of or known_at, known=known_at is not None)  # type: ignore[arg-type]

    def _events_of(self, aggregate_id: Any, what: str) -> list[Any]:
        self._events()
        events = list(self.backend.store.events.get(aggregate_id))
        if not events:
            raise NotFound(_("no {what} in office {code}", what=what, code=self.code)
                           + LISTED_IN.get(what.split()[0], ""))
        return events

    def _history(self, aggregate_id: Any, what: str, as_of: datetime | None = None,
                 known_at: datetime | None = None) -> list[dict[str, Any]]:
        from propsvc.views.ticket import history_view

        events = self._upto(self._events_of(aggregate_id, what), as_of, known_at)
        return self._out(history_view(events))

    def _state(self, aggregate_id: Any, what: str, as_of: datetime | None,
               known_at: datetime | None) -> tuple[Any, datetime, datetime | None]:
        """One aggregate now, as of a business time or as known at a recorded time, from
        its own events only; and the moment to view it at."""
        from propsvc.views.ticket import replay

        seen = self._upto(self._events_of(aggregate_id, what), as_of, known_at)
        moment = as_of or known_at
        state = replay(seen)
        if state is None:
            raise NotFound(f"{what} did not exist yet at {moment.isoformat() if moment else ''}")
        return state, moment or self.now(), moment

    def key(self, label: str, as_of: datetime | None = None,
            known_at: datetime | None = None) -> dict[str, Any]:
        from propsvc.desks.keys import KeyDesk
        from propsvc.views.keys import key_view

        self._events()
        state, when, moment = self._state(KeyDesk(self._service).key_id(label),
                                          f"key {label}", as_of, known_at)
        return self._out(self._stamped(key_view(state, when), moment))

    @staticmethod
    def _stamped(view: dict[str, Any], moment: datetime | None) -> dict[str, Any]:
        if moment is not None:
            view["as_of"] = iso(moment)
        return view

    def key_history(self, label: str, as_of: datetime | None = None,
                    known_at: datetime | None = None) -> list[dict[str, Any]]:
        from propsvc.desks.keys import KeyDesk

        self._events()
        return self._history(KeyDesk(self._service).key_id(label), f"key {label}", as_of,
                             known_at)

    def renovation(self, number: str, as_of: datetime | None = None,
                   known_at: datetime | None = None) -> dict[str, Any]:
        from propsvc.aggregates.renovation import reno_id
        from propsvc.desks.renovation import RenoDesk
        from propsvc.views.renovation import reno_view

        number = RenoDesk.number(number)
        state, when, moment = self._state(reno_id(self.code, number),
                                          f"renovation {number}", as_of, known_at)
        return self._out(self._stamped(reno_view(state, when), moment))

    def renovation_history(self, number: str, as_of: datetime | None = None,
                           known_at: datetime | None = None) -> list[dict[str, Any]]:
        from propsvc.aggregates.renovation import reno_id
        from propsvc.desks.renovation import RenoDesk

        number = RenoDesk.number(number)
        return self._history(reno_id(self.code, number), f"renovation {number}", as_of,
                             known_at)

    def incident(self, number: str, as_of: datetime | None = None,
                 known_at: datetime | None = None) -> dict[str, Any]:
        from propsvc.aggregates.incident import incident_id
        from propsvc.views.incident import incident_view

        ref = number.strip().upper()
        state, when, moment = self._state(incident_id(self.code, ref), f"incident {ref}",
                                          as_of, known_at)
        return self._out(self._stamped(incident_view(state, when), moment))

    def incident_history(self, number: str, as_of: datetime | None = None,
                         known_at: datetime | None = None) -> list[dict[str, Any]]:
        from propsvc.aggregates.incident import incident_id

        ref = number.strip().upper()
        return self._history(incident_id(self.code, ref), f"incident {ref}", as_of, known_at)

    # -- finding things without their number -------------------------------------------------
    def find_tickets(self, text: str | None = None, *, unit: str | None = None,
                     phone: str | None = None, caller: str | None = None,
                     kind: str | None = None, status: str | None = None,
                     start: str | None = None, end: str | None = None, limit: int = 50,
                     page: int = 1) -> dict[str, Any]:
        """Tickets by unit, phone, caller, kind, status, the days they were opened (``start``
        to ``end``, both included) and free text, newest first, one page at a time: what
        ``ticket find`` and the server's search answer."""
        from propsvc.queries.search import DIGITS, TicketQuery, find_tickets
        from propsvc.vocabulary import STATUS_FILTERS, TICKET_KINDS

        if (phone or (text and DIGITS.match(text.strip()))) and \
                not sees_phone(self.user.role):
            raise Forbidden(_("searching by phone is not permitted for role {role!r}: residents' "
                              "phones are hidden from it", role=self.user.role))
        if kind is not None and kind not in TICKET_KINDS:
            raise InvalidInput(_("kind {kind!r} is not a ticket kind: use one of {value}",
                                 kind=kind, value=', '.join(TICKET_KINDS)))
        if status is not None and status not in STATUS_FILTERS:
            raise InvalidInput(_("status {status!r} is unknown: use one of {value}",
                                 status=status, value=', '.join(STATUS_FILTERS)))
        if not 1 <= limit <= 500 or page < 1:
            raise InvalidInput(_("limit is 1–500 rows a page and page counts from 1"))
        first = self.cal.day_bounds(self.day(start))[0] if start else None
        last = self.cal.day_bounds(self.day(end))[1] if end else None
        if first and last and first >= last:
            raise InvalidInput(_("the period {start} to {end} is empty: the start comes first",
                                 start=start, end=end))
        query = TicketQuery(text or None, unit, phone, caller, kind, status, first, last,
                            limit, (page - 1) * limit)
        src = self._models()
        found = find_tickets(src.db, self.code, query)
        found["page"] = page
        return self._out(found)

    def find_keys(self, text: str | None = None, unit: str | None = None,
                  status: str | None = None) -> list[dict[str, Any]]:
        """Keys by label, unit, holder or owner (each matched from its start)."""
        from propsvc.queries.search import find_keys

        return self._out(find_keys(self._models().db, self.code, text, unit, status))

    def find_renovations(self, unit: str | None = None, text: str | None = None,
                         status: str | None = None) -> list[dict[str, Any]]:
        """Renovations by unit, number, owner or contractor (each matched from its start)."""
        from propsvc.queries.search import find_renovations

        return self._out(find_renovations(self._models().db, self.code, unit, text,
                                          status))

    # -- deadlines -------------------------------------------------------------------------
    def overdue(self, at: datetime | None = None) -> list[dict[str, Any]]:
        """Open deadlines past due at ``at`` (default now), oldest first."""
        from propsvc.queries import deadlines as deadline_q

        src = self._models()
        if at is not None and at > src.now:
            raise InvalidInput(_("overdue --at {at} is in the future (now {now}): nothing is "
                                 "overdue yet", at=shown(at), now=shown(src.now)))
        return self._out(deadline_q.overdue(src.db, self.code, at or src.now))

    def due_soon(self, hours: float = 4.0) -> list[dict[str, Any]]:
        """Open deadlines falling due within the next ``hours``, soonest first."""
        from datetime import timedelta

        from propsvc.queries import deadlines as deadline_q

        if not 0 < hours <= 24 * 7:
            raise InvalidInput("look ahead between a minute and a week")
        src = self._models()
        return self._out(deadline_q.due_between(src.db, self.code, src.now,
                                                src.now + timedelta(hours=hours)))

    # -- notifications (issue 15) ----------------------------------------------------------
    def notice_reader(self, role: str | None = None) -> notice_q.Reader:
        """Whose feed: the acting user's, for their role, or for ``role`` (their own, or
        any role for a manager or an auditor)."""
        from propsvc.queries import notification as notice_q

        if role is None or role == self.user.role:
            return notice_q.Reader(self.code, self.user.name, (self.user.role,))
        if role not in ROLES:
            raise InvalidInput(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
        if self.user.role not in SEES_EVERY_FEED:
            raise Forbidden(f"the notifications of role {role!r} are not for role "
                            f"{self.user.role!r} (a manager or an auditor may read any "
                            "role's; leave out --role for your own)")
        return notice_q.Reader(self.code, self.user.name, (role,))

    def notifications(self, *, unread: bool = False, role: str | None = None,
                      limit: int = 50, offset: int = 0) -> dict[str, Any]:
        """The feed newest first, paged, with the unread count; ``read`` is the acting
        user's own mark."""
        if not 1 <= limit <= 500 or not 0 <= offset <= 1_000_000:
            raise InvalidInput("page with a limit of 1–500 and an offset of 0–1000000")
        from propsvc.queries import notification as notice_q

        who = self.notice_reader(role)
        db = self._models().db
        items = notice_q.feed(db, who, unread_only=unread, limit=limit, offset=offset)
        return self._out({
            "office": self.code, "user": who.user, "roles": list(who.roles),
            "unread": notice_q.count(db, who, unread_only=True),
            "total": notice_q.count(db, who, unread_only=unread),
            "limit": limit, "offset": offset, "items": items})

    def unread_notifications(self, role: str | None = None) -> int:
        from propsvc.queries import notification as notice_q

        who = self.notice_reader(role)
        return notice_q.count(self._models().db, who, unread_only=True)

    # -- the ticket registers ----------------------------------------------------------------
    def repair_register(self, day: str | None = None, month: str | None = None
                        ) -> dict[str, Any]:
        """业主报修记录表 of a day (default today) or a month."""
        from propsvc.queries import repair as repair_q

        start, end, label = self.period(day, month)
        src = self._models()
        if month:
            return self._month_envelope("repairs", src, label)
        return self._envelope("repairs", repair_q.repair_register(src.db, self.code, start,
                                                                  end), label)

    # -- sealed months (issue 9) -----------------------------------------------------------
    def _seals(self, src: Source, month: str) -> dict[str, dict[str, Any]]:
        """The sealed registers of the closed months up to ``month`` (loaded once per
        reader: a seal never changes)."""
        from propsvc.desks.month_end import load_seals
        from propsvc.queries.sealed import closed_months

        key = (month, *closed_months(src))  # a month closed since: loaded again
        cache: dict[tuple[str, ...], dict[str, dict[str, Any]]] = self.__dict__.setdefault(
            "_sealed", {})
        if key not in cache:
            cache[key] = load_seals(self._service, src, month)
        return cache[key]

    def _month_data(self, name: str, src: Source, month: str) -> list[list[Any]]:
        """One register of a month: as sealed if the month is closed, else built now
        with the late entries (补录) of closed months before it."""
        from propsvc.queries.sealed import SEALED, closed_months, form_pages, month_pages

        if name not in SEALED:
            from propsvc.queries.registers import REGISTERS

            return form_pages(src, REGISTERS[name], month)
        closed = [m for m in closed_months(src) if m <= month]
        if not closed:  # nothing sealed up to this month: no record to load
            return month_pages(src, name, month, {})
        return month_pages(src, name, month, self._seals(src, month))

    def _seal(self, month: str) -> Any:
        from propsvc.aggregates import handover as h
        from propsvc.desks.common import load_or_none

        found = load_or_none(self._service, h.file_id(self.code, month))
        seal = None if found is None else found.seal
        if seal is not None and self.cut is not None and not self.cut.keeps(seal):
            return None  # sealed after the moment read at
        return seal

    def _month_envelope(self, name: str, src: Source, month: str, title: str | None = None,
                        period_key: bool = False) -> dict[str, Any]:
        from propsvc.queries.registers import REGISTERS

        data = self._month_data(name, src, month)[0][1]
        extra = {"late_entries": data["late_entries"]} if "late_entries" in data else {}
        rows = REGISTERS[name].parts[0].take(data)
        if period_key:
            return self._envelope(name, rows, None, title, period=month, **extra)
        return self._envelope(name, rows, month, title, **extra)

    def what_if(self, other: Profile, month: str | None = None) -> dict[str, Any]:
        """``whatif``: the month's deadlines replayed under ``other`` in memory (nothing
        is written), compliance per rule as recorded and as it would have been."""
        from eventsourcing.application import AggregateNotFoundError

        from propsvc.desks.service import SUBJECTS, Service, Who
        from propsvc.office import whatif
        from propsvc.queries.deadlines import opened_between

        label = self.month(month)
        start, end = self.cal.month_bounds(label)
        src = self._models()
        horizon = min(end, src.now)
        current = self._service.planning
        sim = Service(None, self.clock, whatif.planning(other, current),  # type: ignore[arg-type]
                      Who(self.code, "whatif", self.user.role))
        now: dict[str, whatif.Tally] = {}
        then: dict[str, whatif.Tally] = {}
        store = self.backend.store
        subjects = opened_between(src.db, self.code, start, end)
        for subject, ref in subjects:
            try:
                events = list(store.events.get(SUBJECTS[subject](self.code, ref)))
            except (KeyError, AggregateNotFoundError):
                continue
            if not events:
                continue
            recorded: Any = store.repository.get(events[0].originator_id)
            whatif.tally(list(recorded.deadlines.values()), start, end, horizon, now)
            again = whatif.replayed(events, sim)  # type: ignore[arg-type]
            if again is not None:
                whatif.tally(list(again.deadlines.values()), start, end, horizon, then)
        return self._out({"month": label, "office": self.code,
                          "profile": self._profile.name, "whatif_profile": other.name,
                          "as_of": iso(horizon), "records": len(subjects),
                          "rules": whatif.compare(now, then)})

    def sealed_month(self, month: str) -> dict[str, Any]:
        """``register after-closing``: a closed month's seal (what its registers were
        built from) and what was entered into it after closing, register by register."""
        from propsvc.queries.sealed import after_closing

        label = self.month(month)
        src = self._models()
        seal = self._seal(label)
        if seal is None:
            raise NotFound(_("month {month} is not closed: 'carryover close-month "
                             "{month}' seals it", month=label))
        rows = after_closing(src, label, seal.sealed_registers())
        return self._out({"month": label, "office": self.code,
                          "closed_at": iso(seal.occurred_at), "recorded_at":
                          iso(seal.timestamp), "closed_by": seal.actor,
                          "position": seal.position, "head_hash": seal.head_hash,
                          "digest": seal.digest, "sealed": bool(seal.registers),
                          "recorded_after_closing": rows})

    def daily_repairs(self, day: str | None = None) -> dict[str, Any]:
        """维修日报表 (R8, R15)."""
        from propsvc.queries import repair as repair_q

        src = self._models()
        return self._out(repair_q.daily_repairs(src.db, self.code, self.cal,
                                                self.day(day)))

    def work_orders(self, technician: str | None = None) -> list[dict[str, Any]]:
        """The open work orders of a technician (default: the acting user)."""
        from propsvc.queries import repair as repair_q

        src = self._models()
        return self._out(repair_q.work_orders(src.db, self.code,
                                              technician or self.user.name))

    def visit_register(self, month: str) -> dict[str, Any]:
        """回访登记表 (R13, V2)."""

        parse_month(month)
        src = self._models()
        return self._out(self._month_data("visits", src, month)[0][1])

    def visit_plan(self, day: str | None = None) -> dict[str, Any]:
        """Which completed items to visit on a day so each class meets its target (V2)."""
        from propsvc.queries import visit as visit_q

        src = self._models()
        return self._out(visit_q.visit_plan(src.db, self.code, self.cal, self.day(day),
                                            src.profile))

    def _desk_register(self, name: str, period: Period) -> dict[str, Any]:
        from propsvc.queries.registers import REGISTERS

        start, end, label = period
        src = self._models()
        if len(label) == 7:  # a month (YYYY-MM): sealed once closed
            return self._month_envelope(name, src, label)
        return self._envelope(name, REGISTERS[name].fetch(src, start, end, label), label)

    def complaint_register(self, month: str | None = None) -> dict[str, Any]:
        """业主投诉登记表 (C1) of a month (default this month)."""
        return self._desk_register("complaints", self._month_period(month))

    def complaint_summary(self, month: str | None = None) -> dict[str, Any]:
        """住户投诉汇总表 (C11)."""

        label = self.month(month)
        src = self._models()
        return self._out(self._month_data("view:complaint-summary", src, label)[0][1])

    def help_register(self, month: str | None = None, year: str | None = None
                      ) -> dict[str, Any]:
        """住户求助登记表 of a month or a whole year, with its archiving dates (H6)."""
        if month and year:
            raise InvalidInput(_("give either --month or --year, not both"))
        if year:
            if not (year.isdigit() and len(year) == 4):
                raise InvalidInput(_("cannot read year {year!r}: use YYYY", year=year))
            period = (self.cal.month_bounds(f"{year}-01")[0],
                      self.cal.month_bounds(f"{year}-12")[1], year)
        else:
            period = self._month_period(month)
        label = period[2]
        keep = self._profile.help.register_keep_years
        archive = {"rule": "H6", "archive_in": f"{int(label[:4]) + 1}-01",
                   "keep_until": f"{int(label[:4]) + 1 + keep}-01"}
        return {**self._desk_register("help", period), "archive": archive}

    def inquiry_register(self, month: str | None = None) -> dict[str, Any]:
        """咨询登记表 (H4)."""
        return self._desk_register("inquiries", self._month_period(month))

    def incident_register(self, month: str | None = None) -> dict[str, Any]:
        """特别事件报告 (I1–I4)."""
        return self._desk_register("incidents", self._month_period(month))

    # -- keys and renovations ------------------------------------------------------------
    def keys(self, at: datetime | None = None, check_due: bool = False
             ) -> list[dict[str, Any]]:
        """Every key by class and label, and whether its label check is due (K1, K5)."""
        from propsvc.queries import keys as key_q

        src = self._models()
        rows = key_q.key_list(src.db, self.code, at or src.now,
                              src.profile.keys.label_check_days)
        return self._out([r for r in rows if r["label_check_due"] or not check_due])

    def key_overdue(self, at: datetime | None = None) -> list[dict[str, Any]]:
        """K5: keys not back by their due time, oldest first."""
        from propsvc.queries import keys as key_q

        src = self._models()
        return self._out(key_q.key_overdue(src.db, self.code, at or src.now))

    def _whole(self, name: str) -> dict[str, Any]:
        from propsvc.queries.registers import REGISTERS

        src = self._models()
        return self._envelope(name, REGISTERS[name].fetch(src, src.now, src.now, ""), None)

    def key_deposits(self) -> dict[str, Any]:
        """钥匙留存登记表 (K2, K4)."""
        return self._whole("key-deposits")

    def key_loans(self, day: str | None = None, month: str | None = None) -> dict[str, Any]:
        """钥匙借用登记表 (K3, K5) of a day (default today) or a month."""
        from propsvc.queries import keys as key_q

        start, end, label = self.period(day, month)
        src = self._models()
        if month:
            return self._month_envelope("key-loans", src, label, f"钥匙借用登记表 {label}",
                                        period_key=True)
        rows = key_q.loan_register(src.db, self.code, start, end)
        return self._envelope("key-loans", rows, None, f"钥匙借用登记表 {label}",
                              period=label)

    def renovations(self, status: str | None = None) -> dict[str, Any]:
        """装修登记 (N1–N10), all or those of one status ('active': works in progress)."""
        from propsvc.queries import renovation as reno_q

        src = self._models()
        return self._envelope("renovations",
                              reno_q.renovation_register(src.db, self.code, status), None)

    def passes(self, renovation: str | None = None) -> dict[str, Any]:
        """施工证登记表 (N4, N6, N9)."""
        from propsvc.queries import renovation as reno_q

        src = self._models()
        return self._envelope("passes", reno_q.pass_register(src.db, self.code,
                                                             renovation), None)

    def extensions(self) -> dict[str, Any]:
        """延时施工申请 (N8)."""
        return self._whole("extensions")

    def due_inspections(self, day: str | None = None, at: datetime | None = None
                        ) -> dict[str, Any]:
        """N5: inspections due by the end of a day, overdue ones flagged."""
        from propsvc.queries import renovation as reno_q

        when = self.day(day)
        end = self.cal.day_bounds(when)[1]
        src = self._models()
        rows = reno_q.due_inspections(src.db, self.code, end, at or src.now)
        return self._out({"register": f"装修巡查 {when.isoformat()}", "office": self.code,
                          "date": when.isoformat(), "rows": rows})

    def spot_checks(self, day: str | None = None) -> dict[str, Any]:
        """N10: the units renovating on a day, and whether the manager checked each."""
        from propsvc.queries import renovation as reno_q

        when = self.day(day)
        start, end = self.cal.day_bounds(when)
        src = self._models()
        rows = reno_q.spot_check_list(src.db, self.code, start, end)
        return self._out({"register": f"经理装修抽查 {when.isoformat()}", "office": self.code,
                          "date": when.isoformat(), "rows": rows})

    # -- the other desk services (Q1–Q5) ----------------------------------------------------
    def _dated(self, name: str, day: str | None, month: str | None) -> dict[str, Any]:
        """A service register of a day or a month; a month is sealed once closed."""
        from propsvc.queries.registers import REGISTERS

        start, end, label = self.period(day, month)
        src = self._models()
        title = f"{REGISTERS[name].title} {label}"
        if month:
            return self._month_envelope(name, src, label, title)
        return self._envelope(name, REGISTERS[name].fetch(src, start, end, label), label,
                              title)

    def moveins(self, day: str | None = None, month: str | None = None) -> dict[str, Any]:
        """业主入住登记表 (Q5) of a day (default today) or a month."""
        return self._dated("moveins", day, month)

    def paid(self, day: str | None = None, month: str | None = None) -> dict[str, Any]:
        """有偿服务登记表 (Q1) of a day (default today) or a month."""
        return self._dated("paid", day, month)

    def releases(self, day: str | None = None, month: str | None = None) -> dict[str, Any]:
        """物品放行登记表 (Q2) of a day (default today) or a month."""
        return self._dated("releases", day, month)

    def arrears(self, unit: str | None = None) -> dict[str, Any]:
        """The cashier's arrears: every unit owing, or one unit (Q2)."""
        from propsvc.queries.fees import arrears

        src = self._models()
        return self._out({"register": "欠费记录", "office": self.code,
                          "rows": arrears(src.db, self.code,
                                          unit.strip().upper() if unit else None)})

    def found(self, day: str | None = None, month: str | None = None) -> dict[str, Any]:
        """拾遗物品登记表 (Q3) of a day (default today) or a month."""
        return self._dated("found", day, month)

    def vacancies(self) -> dict[str, Any]:
        """空置房登记表 (Q4): every vacancy period (the whole register, as it stands)."""
        return self._whole("vacancies")

    def vacancy_inspections(self, month: str | None = None) -> dict[str, Any]:
        """空置房巡查表 (Q4): every unit vacant in a month and its inspection (sealed once
        the month is closed)."""
        from propsvc.queries.registers import REGISTERS

        label = self.month(month)
        src = self._models()
        return self._month_envelope("vacancy-inspections", src, label,
                                    f"{REGISTERS['vacancy-inspections'].title} {label}")

    def service_open(self, family: str) -> dict[str, Any]:
        """A desk service's open records (``movein``, ``paid``, ``release``, ``found``,
        ``vacancy``), each with its open deadlines — the web desk's list pages."""
        from propsvc.queries.services import OPEN, open_records

        if family not in OPEN:
            raise InvalidInput(_("no desk service {family!r}: one of {families}",
                                 family=family, families=", ".join(OPEN)))
        src = self._models()
        return self._out({"service": family, "office": self.code,
                          "rows": open_records(src.db, self.code, family, src.now)})

    # -- the handover books -------------------------------------------------------------------
    def handover_log(self, day: str | None = None, shift: str | None = None,
                     at: datetime | None = None, carried: tuple[int, int] | None = None
                     ) -> dict[str, Any]:
        """交接班记录本 of one shift (default: the one on duty at ``at`` or now);
        ``carried`` = (limit, offset): one page of the matters carried in (pages)."""
        from propsvc.queries import handover as handover_q
        from propsvc.shifts import Shifts

        src = self._models()
        now = at or src.now
        shifts = Shifts(src.profile)
        current = shifts.of(now)
        span = shifts.span(parse_date(day) if day else current.day, shift or current.which)
        if carried is not None and not (0 <= carried[0] <= 500 and carried[1] >= 0):
            raise InvalidInput("a page of the carried-in matters is 0–500 rows from 0 on")
        return self._out(handover_q.handover_log(src.db, self.code, span, now, carried))

    def carryover_file(self, month: str) -> dict[str, Any]:
        """遗留问题档案 of a month: as archived once closed, else as it stands (S6, S7)."""
        from propsvc.queries import handover as handover_q

        parse_month(month)
        src = self._models()
        return self._out(handover_q.carryover_file(src.db, self.code, self.cal, month,
                                                   src.now))

    def patrol_register(self, month: str) -> dict[str, Any]:
        """巡视跟进登记表 (P1, S7)."""

        parse_month(month)
        src = self._models()
        return self._out(self._month_data("view:patrol", src, month)[0][1])

    def patrol_report(self, day: str | None = None) -> dict[str, Any]:
        """P1 巡视日报: the day's findings and how far each has got, and whether (and
        to whom) the day's patrol was reported to the manager, with its deadline."""
        from propsvc.aggregates.patrol import patrol_day_id
        from propsvc.desks.common import load_or_none
        from propsvc.queries.handover import patrol_findings

        when = self.day(day)
        start, end = self.cal.day_bounds(when)
        src = self._models()
        rows = patrol_findings(src.db, self.code, start, end, src.now)
        found = load_or_none(self._service, patrol_day_id(self.code, when.isoformat()))
        deadline = found.deadlines.get("P1.report") if found is not None else None
        reports = [{"reported_at": iso(r.occurred_at), "recorded_at": iso(r.timestamp),
                    "reported_by": r.actor, "to": r.to, "findings": len(r.findings),
                    "still_open": r.still_open, "note": r.note}
                   for r in (found.reports if found is not None else [])]
        return self._out({
            "register": "巡视日报", "office": self.code, "date": when.isoformat(),
            "rule": "P1", "findings": len(rows),
            "open": sum(1 for r in rows if r["state"] in ("open", "done")),
            "ok": sum(1 for r in rows if r["ok"]), "reported": bool(reports),
            "due_at": iso(deadline.due_at) if deadline else None,
            "report_missed": bool(deadline and deadline.missed),
            "reports": reports, "rows": rows})

    def daily_report(self, day: str | None = None) -> dict[str, Any]:
        """物业日报表: the day in numbers per category, and its major entries."""
        from propsvc.queries.daily_report import daily_report as report_of

        src = self._models()
        return self._out(report_of(src.db, self.code, self.cal, self.day(day),
                                      src.now))

    # -- the supervisor's dashboard ----------------------------------------------------------
    def dashboard(self, month: str | None = None, weeks: int = 8,
                  offices: list[str] | None = None) -> dict[str, Any]:
        """The supervisor's figures: deadline compliance per rule per week and the overdue
        trend over the last ``weeks`` weeks, the month's return-visit rate vs target per
        class (V2), complaints by class (C11) and the month's carry-over items by age (S7).
        Like every register it is open to every role (it holds no resident's details).
        ``offices`` (company roles) adds up several offices; default this one."""
        from propsvc.queries import complaint as complaint_q
        from propsvc.queries import dashboard as dash_q
        from propsvc.queries import handover as handover_q
        from propsvc.queries import visit as visit_q
        if not 1 <= weeks <= 53:
            raise InvalidInput("weeks is 1–53")
        label = self.month(month)
        codes = list(dict.fromkeys(offices or [self.code]))
        src = self._models()
        for code in codes:
            self.backend.require_office(code)
        mondays = dash_q.week_starts(self.cal.local_date(src.now), weeks)
        start, end = self.cal.month_bounds(label)
        return self._out({
            "month": label, "offices": codes, "weeks": [m.isoformat() for m in mondays],
            "compliance": dash_q.compliance(src.db, codes, self.cal, mondays, src.now),
            "overdue": dash_q.overdue_trend(src.db, codes, self.cal, mondays, src.now),
            "visits": _sum_classes([visit_q.visit_classes(src.db, c, start, end,
                                                          src.profile) for c in codes]),
            "complaints": _sum_counts([complaint_q.complaint_summary(
                src.db, c, self.cal, label)["by_class"] for c in codes]),
            "carryover": _by_age([handover_q.carryover_ages(src.db, c, self.cal, label,
                                                            src.now) for c in codes]),
        })

    # -- the profile, exports and the month's archive --------------------------------------
    def business_calendar(self, year: int | None = None) -> dict[str, Any]:
        """``calendar show``: the year's public holidays and make-up working days."""
        from propsvc.desks.calendar import CalendarDesk

        self._events()
        return self._out(CalendarDesk(self._service).year(
            year or self.cal.local_date(self.now()).year))

    def profile(self) -> dict[str, Any]:
        """Every number of the SOP profile in force, with its rule (no database needed)."""
        from propsvc.profile import entries

        prof = self._profile
        try:  # with a store: the holidays and make-up days of its business calendar too
            self._events()
            prof = self._service.planning
        except PropsvcError:
            pass
        rows = [{"key": e.key, "value": _plain(e.value), "rule": e.rule, "text": e.text}
                for e in entries(prof)]
        return self._out({"profile": prof.name, "office": self.code, "entries": rows})

    def rules(self, rule_id: str | None = None) -> dict[str, Any]:
        """Every rule the engine enforces (or one): its statement, the profile numbers in
        force for it, the feature scenarios that cover it (no database needed)."""
        from propsvc.queries.rules import rules_view

        entries = self.profile()["entries"]
        return {"profile": self._profile.name, "office": self.code,
                "rules": rules_view(entries, rule_id)}

    def export(self, name: str, month: str | None = None, day: str | None = None
               ) -> tuple[Register, str, Pages]:
        """One form for a file: its catalogue entry, the period's label, and the data of
        each sheet (one per day for a form kept per day, such as 维修日报表)."""
        from propsvc.queries.registers import EXPORTED, REGISTERS

        if name not in EXPORTED:
            raise InvalidInput(_("no register {name!r} to export: use one of {value}",
                                 name=name, value=', '.join(EXPORTED)))
        form = REGISTERS[name]
        src = self._models()
        start, end, label = form.period_of(name, month, day, self.cal, src.now)
        permit(self.user.role, "register.export")
        return form, label, self._pages(form, src, start, end, label)

    def _pages(self, form: Register, src: Source, start: datetime, end: datetime,
               label: str) -> Pages:
        from propsvc.queries.registers import REGISTERS, days_of

        if len(label) == 7 and (start, end) == self.cal.month_bounds(label):
            name = next(n for n, r in REGISTERS.items() if r is form)
            return [(sheet, self._out(data))
                    for sheet, data in self._month_data(name, src, label)]
        if not form.per_day:
            return [(label, self._out(form.data(src, start, end, label)))]
        days = days_of(start, end, self.cal)
        return [(d.isoformat(), self._out(form.data(src, *self.cal.day_bounds(d),
                                                    d.isoformat()))) for d in days]

    def archive(self, month: str) -> tuple[list[tuple[str, Register, Pages]],
                                           dict[str, Any]]:
        """The whole month for filing: every exported form, and the carry-over file."""
        from propsvc.queries import handover as handover_q
        from propsvc.queries.registers import EXPORTED, REGISTERS

        parse_month(month)
        permit(self.user.role, "archive")
        src = self._models()
        start, end = self.cal.month_bounds(month)
        files = [(name, REGISTERS[name], self._pages(REGISTERS[name], src, start, end, month))
                 for name in EXPORTED]
        co = handover_q.carryover_file(src.db, self.code, self.cal, month, src.now)
        return files, {"archived": co["archived"], "items": len(co["rows"]),
                       "open": co["open"]}

    def work_order(self, number: str) -> tuple[Register, dict[str, Any]]:
        """维修单 of one repair, as printed (R1–R10), masked for the reader's role."""
        from propsvc.queries.registers import REGISTERS
        from propsvc.views.work_order import work_order_data

        permit(self.user.role, "register.work_order")
        cut = self.cut
        view = self.ticket(number, *((None, cut.moment) if cut and cut.known else
                                     (cut.moment if cut else None, None)))
        if view["kind"] != "repair":
            raise InvalidInput(_("{number} is a {kind}, not a repair: a work order (维修单, "
                                 "R3) is printed for repairs only", number=view["number"],
                                 kind=view["kind"]))
        return REGISTERS["work-order"], work_order_data(view)

    def office_name(self) -> str:
        """The office as a form's title row names it: its registered name and code."""
        from propsvc.store.offices import registry

        self._events()
        found = registry(self.backend.store)
        entry = found.offices.get(self.code) if found else None
        name = getattr(entry, "name", None) or self.code
        return name if name == self.code else f"{name}（{self.code}）"


def _sum_classes(per_office: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """V2 per class over several offices: completions and visits added, the rate recomputed."""
    out: list[dict[str, Any]] = []
    for rows in zip(*per_office, strict=True):
        done = sum(r["completed"] for r in rows)
        visited = sum(r["visited"] for r in rows)
        rate = round(visited / done, 4) if done else None
        head = rows[0]
        out.append({**head, "completed": done, "visited": visited, "rate": rate,
                    "meets_target": rate is None or rate >= head["target"]})
    return out


def _sum_counts(per_office: list[dict[str, int]]) -> dict[str, int]:
    total: dict[str, int] = {}
    for counts in per_office:
        for key, n in counts.items():
            total[key] = total.get(key, 0) + n
    return total


def _by_age(counts: list[dict[int, int]]) -> list[dict[str, Any]]:
    """Open carry-over items by the months they have been carried: 0, 1, 2, 3 or more
    (``counts``: per office, months carried → open items)."""
    ages = {"0": 0, "1": 0, "2": 0, "3+": 0}
    for per_office in counts:
        for months, n in per_office.items():
            ages["3+" if months >= 3 else str(months)] += n
    return [{"months": k, "items": v} for k, v in ages.items()]


def _plain(value: Any) -> Any:
    """A profile value as JSON and a table show it: amounts (the rate table) as text."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return str(value) if isinstance(value, Decimal) else value
