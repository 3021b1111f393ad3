"""``Office``: the one facade every interface calls — the CLI now, an HTTP server next.

An ``Office`` is one management office seen by one acting user at one clock: a desk per
family for the writes (``office.repairs.complete(...)``), ``office.read`` for every read
(masked once for the user's role), and ``tick``, ``rebuild`` and ``close_month``. Every
write returns one ``Result`` through one path: save (one transaction) → read-model
catch-up → ``Result`` (a failed catch-up is a warning on it, never a failed write).

Cheap to make: the expensive part — the event store, the read-model runner and their
engines — is a ``Backend`` shared by every ``Office`` of a process. A server opens one
``Backend`` at start-up and makes an ``Office`` per request with that request's user and
clock (``Office(backend, office=…, user=…)`` or ``office.acting_as(user)``); desks are
made on first use. ``Office.open(db, …)`` opens a backend of its own and closes it with
the office (``with Office.open(...) as office:``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING, Any

from propsvc.calendar import use_office_zone
from propsvc.clock import Clock, SystemClock
from propsvc.i18n import _
from propsvc.office.backend import Backend
from propsvc.permissions import Actor, permit
from propsvc.profile import Profile

if TYPE_CHECKING:
    from propsvc.calendar import OfficeCalendar
    from propsvc.delivery.config import DeliveryConfig
    from propsvc.delivery.deliverer import Delivered
    from propsvc.desks.calendar import CalendarDesk
    from propsvc.desks.complaint import ComplaintDesk
    from propsvc.desks.feedback import FeedbackDesk
    from propsvc.desks.fees import FeesDesk
    from propsvc.desks.found import FoundDesk
    from propsvc.desks.handover import HandoverDesk
    from propsvc.desks.help import HelpDesk
    from propsvc.desks.incident import IncidentDesk
    from propsvc.desks.inquiry import InquiryDesk
    from propsvc.desks.keys import KeyDesk
    from propsvc.desks.movein import MoveInDesk
    from propsvc.desks.notification import NotificationDesk
    from propsvc.desks.paid import PaidDesk
    from propsvc.desks.patrol import PatrolDesk
    from propsvc.desks.release import ReleaseDesk
    from propsvc.desks.renovation import RenoDesk
    from propsvc.desks.repair import RepairDesk
    from propsvc.desks.result import Result
    from propsvc.desks.service import Service
    from propsvc.desks.tick import Ticked
    from propsvc.desks.users import UserDesk
    from propsvc.desks.vacancy import VacancyDesk
    from propsvc.desks.visit import VisitDesk
    from propsvc.office.company import CompanyReader
    from propsvc.office.reader import Reader
    from propsvc.office.records import Records
    from propsvc.office.tickets import TicketDesk
    from propsvc.projections.runs import Progress, Stale
    from propsvc.queries.sql import Reads

DESK = Actor("desk", "desk")


@dataclass(frozen=True)
class Rebuilt:
    events: int
    seconds: float
    projections: list[str]
    stale: list[Stale]  # read models that could not apply an event (the same as catch-up)


class Office:
    def __init__(self, backend: Backend, office: str = "main", user: Actor = DESK,
                 clock: Clock | None = None, profile: Profile | None = None, *,
                 owns_backend: bool = False, catch_up_writes: bool = True,
                 profiles: Callable[[str], Profile] | None = None) -> None:
        """``catch_up_writes=False`` is for bulk loads (benchmarks, imports, tests of the
        runner): writes then leave the read models behind until the next read, tick or
        ``backend.catch_up()``. ``profiles`` gives another office's profile (company-wide
        reads; default: this office's for every office)."""
        self.backend = backend
        self.code = office
        self.user = user
        self.clock: Clock = clock or SystemClock()
        self.profile = profile or Profile()
        self._owns_backend = owns_backend
        self._catch_up_writes = catch_up_writes
        self._profiles = profiles
        use_office_zone(self.profile.office_calendar.timezone)  # times in human texts

    @classmethod
    def open(cls, db: str = "propsvc.db", office: str = "main", user: Actor = DESK,
             clock: Clock | None = None, profile: Profile | None = None, *,
             catch_up_writes: bool = True,
             profiles: Callable[[str], Profile] | None = None) -> Office:
        """An office on its own backend (closed with it): a CLI run, a script, a test."""
        return cls(Backend(db), office, user, clock, profile, owns_backend=True,
                   catch_up_writes=catch_up_writes, profiles=profiles)

    def acting_as(self, user: Actor, clock: Clock | None = None) -> Office:
        """The same office and backend for another user (and clock): per request."""
        return Office(self.backend, self.code, user, clock or self.clock, self.profile,
                      catch_up_writes=self._catch_up_writes, profiles=self._profiles)

    def for_office(self, code: str) -> Office:
        """Another office on the same backend, for the same user and clock."""
        profile = self._profiles(code) if self._profiles else self.profile
        return Office(self.backend, code, self.user, self.clock, profile,
                      catch_up_writes=self._catch_up_writes, profiles=self._profiles)

    @property
    def company_wide(self) -> bool:
        """``--office all``: this office object only reads every office at once."""
        from propsvc.office.company import ALL

        return self.code == ALL

    def company(self) -> CompanyReader:
        """The reads of every office the user may read at once (``--office all``): the
        company role every registered office, a manager or auditor the offices they hold;
        refused for every other role (``read.company``)."""
        from propsvc.office.company import CompanyReader, company_offices

        return CompanyReader(self, company_offices(self))

    def close(self) -> None:
        if self._owns_backend:
            self.backend.close()

    def __enter__(self) -> Office:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    @property
    def calendar(self) -> OfficeCalendar:
        return self.profile.office_calendar

    # -- the use cases ---------------------------------------------------------------------
    @cached_property
    def service(self) -> Service:
        """What every desk of this office and user is built on; after each commit the
        read models catch up."""
        from propsvc.desks.service import Service, Who
        from propsvc.errors import InvalidInput
        from propsvc.store.office_codes import require_office

        if self.company_wide:
            raise InvalidInput(_("--office all only reads (registers, overdue, KPIs): name "
                                 "the one office this is for with --office CODE"))
        require_office(self.backend.store, self.code)  # an unknown office: refused at once
        return Service(self.backend.store, self.clock, self.profile,
                       Who(self.code, self.user.name, self.user.role,
                           self.user.authenticated),
                       after_commit=(self.backend.catch_up_after_write if self._catch_up_writes
                                     else self.backend.forget_checks))

    @cached_property
    def tickets(self) -> TicketDesk:
        from propsvc.office.tickets import TicketDesk

        return TicketDesk(lambda: self.service)

    @cached_property
    def repairs(self) -> RepairDesk:
        from propsvc.desks.repair import RepairDesk

        return RepairDesk(self.service)

    @cached_property
    def visits(self) -> VisitDesk:
        from propsvc.desks.visit import VisitDesk

        return VisitDesk(self.service)

    @cached_property
    def complaints(self) -> ComplaintDesk:
        from propsvc.desks.complaint import ComplaintDesk

        return ComplaintDesk(self.service)

    @cached_property
    def help(self) -> HelpDesk:
        from propsvc.desks.help import HelpDesk

        return HelpDesk(self.service)

    @cached_property
    def inquiries(self) -> InquiryDesk:
        from propsvc.desks.inquiry import InquiryDesk

        return InquiryDesk(self.service)

    @cached_property
    def feedback(self) -> FeedbackDesk:
        from propsvc.desks.feedback import FeedbackDesk

        return FeedbackDesk(self.service)

    @cached_property
    def incidents(self) -> IncidentDesk:
        from propsvc.desks.incident import IncidentDesk

        return IncidentDesk(self.service)

    @cached_property
    def keys(self) -> KeyDesk:
        from propsvc.desks.keys import KeyDesk

        return KeyDesk(self.service)

    @cached_property
    def renovations(self) -> RenoDesk:
        from propsvc.desks.renovation import RenoDesk

        return RenoDesk(self.service)

    @cached_property
    def movein(self) -> MoveInDesk:
        """Move-in (入住, Q5)."""
        from propsvc.desks.movein import MoveInDesk

        return MoveInDesk(self.service)

    @cached_property
    def paid(self) -> PaidDesk:
        """Paid services in full (有偿服务, Q1)."""
        from propsvc.desks.paid import PaidDesk

        return PaidDesk(self.service)

    @cached_property
    def release(self) -> ReleaseDesk:
        """Goods release (物品放行, Q2)."""
        from propsvc.desks.release import ReleaseDesk

        return ReleaseDesk(self.service)

    @cached_property
    def fees(self) -> FeesDesk:
        """The cashier's arrears per unit, checked by goods release (Q2)."""
        from propsvc.desks.fees import FeesDesk

        return FeesDesk(self.service)

    @cached_property
    def found(self) -> FoundDesk:
        """Lost property (拾遗, Q3)."""
        from propsvc.desks.found import FoundDesk

        def reads() -> Reads:
            self.backend.require_existing()
            self.backend.catch_up_to_read()
            return self.backend.read_db

        return FoundDesk(self.service, reads)

    @cached_property
    def vacancy(self) -> VacancyDesk:
        """Vacant units (空置房, Q4)."""
        from propsvc.desks.vacancy import VacancyDesk

        return VacancyDesk(self.service)

    @cached_property
    def handover(self) -> HandoverDesk:
        from propsvc.desks.handover import HandoverDesk

        return HandoverDesk(self.service, self._open_matters())

    @cached_property
    def notifications(self) -> NotificationDesk:
        """Mark the acting user's notifications read (the feed is ``read.notifications``)."""
        from propsvc.desks.notification import NotificationDesk
        from propsvc.queries import notification as notice_q

        def ready() -> None:
            self.backend.require_existing()
            self.backend.catch_up_to_read()

        def visible(ids: Sequence[str]) -> set[str]:
            ready()
            return notice_q.visible_ids(self.backend.read_engine,
                                        self.read.notice_reader(), ids)

        def newest() -> datetime | None:
            ready()
            return notice_q.newest(self.backend.read_engine, self.read.notice_reader())

        return NotificationDesk(self.service, visible, newest)

    def deliver(self, config: DeliveryConfig) -> Delivered:
        """Send the notifications due to the configured webhooks and mail boxes, with
        retries and a delivery log (``propsvc notify deliver``, the server's tick loop)."""
        from propsvc.delivery.deliverer import Deliverer

        permit(self.user.role, "notification.deliver")
        self.backend.require_existing()
        self.backend.catch_up_to_read()
        return Deliverer(self.backend.read_engine, config, self.clock, self.code).run()

    def delivery_log(self, limit: int = 100) -> list[dict[str, Any]]:
        """The latest delivery attempts of this office, newest first."""
        from propsvc.delivery import log
        from propsvc.queries.common import jsonable

        permit(self.user.role, "notification.log")
        self.backend.require_existing()
        return [jsonable(r) for r in log.history(self.backend.read_engine, self.code, limit)]

    @cached_property
    def calendar_days(self) -> CalendarDesk:
        """The business calendar: public holidays and make-up working days."""
        from propsvc.desks.calendar import CalendarDesk

        return CalendarDesk(self.service)

    @cached_property
    def patrol(self) -> PatrolDesk:
        from propsvc.desks.patrol import PatrolDesk

        def reads() -> Reads:
            self.backend.require_existing()
            self.backend.catch_up_to_read()
            return self.backend.read_db

        return PatrolDesk(self.service, reads)

    @cached_property
    def users(self) -> UserDesk:
        """Accounts of the desk server: administration (direct) and the login checks."""
        from propsvc.desks.users import UserDesk

        def engine() -> object:
            self.backend.catch_up_to_read()
            return self.backend.read_db

        return UserDesk(lambda: self.service, engine, self.clock)

    def _open_matters(self) -> Callable[[datetime], list[str]]:
        """The numbers still open at a moment, from read models brought up to date."""
        from propsvc.queries.handover import open_numbers

        def open_now(when: datetime) -> list[str]:
            self.backend.catch_up_to_read()
            return open_numbers(self.backend.read_db, self.code, when)

        return open_now

    # -- the read side -----------------------------------------------------------------------
    @cached_property
    def read(self) -> Reader:
        from propsvc.office.reader import Reader

        return Reader(self.backend, self.code, self.user, self.clock, self.profile)

    @cached_property
    def records(self) -> Records:
        """The chain, backups, the event log's export/import, the office registry."""
        from propsvc.office.records import Records

        return Records(self.backend, self.code, self.user, self.clock, lambda: self.service)

    # -- housekeeping ----------------------------------------------------------------------
    def tick(self, at: datetime | None = None) -> Ticked:
        """Record every deadline missed up to ``at`` (default now) and chase (R11)."""
        from propsvc.desks.tick import Ticker

        return Ticker(self.service, self.backend.read_db,
                      self.backend.catch_up_to_read).tick(at)

    def close_month(self, month: str) -> Result:
        """Archive the month's carry-over file (S7)."""
        from propsvc.desks.month_end import MonthEnd

        def ready() -> object:
            self.backend.require_existing()
            return self.backend.catch_up_to_read()

        return MonthEnd(self.service, self.backend.read_db, ready,
                        self.backend.seal_point).close_month(month)

    def rebuild(self, progress: Progress | None = None) -> Rebuilt:
        """Drop every read model and replay all events into it."""
        import time

        permit(self.user.role, "rebuild")
        self.backend.require_existing()
        started = time.perf_counter()
        count = self.backend.rebuild(progress)
        return Rebuilt(count, time.perf_counter() - started,
                       [p.name for p in self.backend.runner.projections],
                       self.backend.stale())
