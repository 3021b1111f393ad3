"""Wiring: one object that opens the store, the read models and the use cases lazily."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from propsvc.clock import Clock, SystemClock
from propsvc.errors import InvalidInput
from propsvc.profile import Profile

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from propsvc.desks.complaint import ComplaintDesk
    from propsvc.desks.feedback import FeedbackDesk
    from propsvc.desks.handover import HandoverDesk
    from propsvc.desks.help import HelpDesk, InquiryDesk
    from propsvc.desks.incident import IncidentDesk
    from propsvc.desks.keys import KeyDesk
    from propsvc.desks.renovation import RenoDesk
    from propsvc.desks.repair import RepairDesk
    from propsvc.desks.service import Service
    from propsvc.projections.catchup import Progress, Runner
    from propsvc.store.event_store import EventStore


@dataclass
class Runtime:
    db: str = "propsvc.db"
    office: str = "main"
    actor: str = "desk"
    role: str = "desk"
    clock: Clock = field(default_factory=SystemClock)
    profile: Profile = field(default_factory=Profile)

    @cached_property
    def url(self) -> str:
        from propsvc.store.event_store import normalise_url

        return normalise_url(self.db)

    @property
    def is_sqlite_file(self) -> bool:
        return self.url.startswith("sqlite") and ":memory:" not in self.url

    def sqlite_path(self) -> Path:
        return Path(self.url.split("///", 1)[1].split("?", 1)[0])

    def require_existing(self) -> None:
        """Reads must not create an empty database by accident."""
        if self.is_sqlite_file and not self.sqlite_path().exists():
            raise InvalidInput(
                f"no database at {self.sqlite_path()}: pass --db, set PROPSVC_DB, "
                "or record something first (propsvc demo creates one)")

    @cached_property
    def store(self) -> EventStore:
        from propsvc.store.event_store import open_store

        if self.is_sqlite_file and not self.sqlite_path().parent.exists():
            raise InvalidInput(f"folder {self.sqlite_path().parent} does not exist: check --db")
        return open_store(self.url)

    @cached_property
    def service(self) -> Service:
        from propsvc.desks.service import Service, Who

        return Service(self.store, self.clock, self.profile,
                       Who(self.office, self.actor, self.role))

    @cached_property
    def repair(self) -> RepairDesk:
        from propsvc.desks.repair import RepairDesk

        return RepairDesk(self.service)

    @cached_property
    def keys(self) -> KeyDesk:
        from propsvc.desks.keys import KeyDesk

        return KeyDesk(self.service)

    @cached_property
    def reno(self) -> RenoDesk:
        from propsvc.desks.renovation import RenoDesk

        return RenoDesk(self.service)

    @cached_property
    def complaint(self) -> ComplaintDesk:
        from propsvc.desks.complaint import ComplaintDesk

        return ComplaintDesk(self.service)

    @cached_property
    def help(self) -> HelpDesk:
        from propsvc.desks.help import HelpDesk

        return HelpDesk(self.service)

    @cached_property
    def inquiry(self) -> InquiryDesk:
        from propsvc.desks.help import InquiryDesk

        return InquiryDesk(self.service)

    @cached_property
    def feedback(self) -> FeedbackDesk:
        from propsvc.desks.feedback import FeedbackDesk

        return FeedbackDesk(self.service)

    @cached_property
    def incident(self) -> IncidentDesk:
        from propsvc.desks.incident import IncidentDesk

        return IncidentDesk(self.service)

    @cached_property
    def handover(self) -> HandoverDesk:
        from propsvc.desks.handover import HandoverDesk

        return HandoverDesk(self.service)

    @cached_property
    def runner(self) -> Runner:
        from propsvc.projections.catchup import Runner

        return Runner(self.url)

    @property
    def read_engine(self) -> Engine:
        engine = self.store.factory.datastore.engine  # type: ignore[attr-defined]
        return engine  # type: ignore[no-any-return]

    def catch_up(self, progress: Progress | None = None) -> int:
        return self.runner.catch_up(progress)

    def close(self) -> None:
        if "runner" in self.__dict__:
            self.runner.dispose()
        if "store" in self.__dict__:
            self.store.close()
