"""The eventsourcing infrastructure factory behind ``EventStore``: the chained recorder on
SQLite or PostgreSQL, chosen by the ``PROPSVC_URL`` setting (a normalised ``--db``)."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from eventsourcing.persistence import (
    AggregateRecorder,
    ApplicationRecorder,
    InfrastructureFactory,
    ProcessRecorder,
    TrackingRecorder,
)
from eventsourcing.utils import Environment

from propsvc.store.database import Database, Target
from propsvc.store.recorder import ChainedRecorder

URL_KEY = "URL"


class Datastore:
    """The database of one store; ``engine`` (SQLAlchemy Core, for the read models'
    queries) is made only when a command asks for it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.db = Database(Target.parse(url))

    @cached_property
    def engine(self) -> Any:
        from sqlalchemy import create_engine

        return create_engine(self.url)

    def close(self) -> None:
        self.db.close()
        if "engine" in self.__dict__:
            self.engine.dispose()


class ChainedFactory(InfrastructureFactory[TrackingRecorder]):
    def __init__(self, env: Environment | dict[str, str] | None) -> None:
        super().__init__(env)
        url = self.env.get(URL_KEY)
        if not url:
            raise OSError(f"no database URL in the environment ({URL_KEY})")
        self.datastore = Datastore(url)

    def application_recorder(self) -> ApplicationRecorder:
        recorder = ChainedRecorder(self.datastore.db)
        recorder.ready()
        return recorder

    def aggregate_recorder(self, purpose: str = "events") -> AggregateRecorder:
        raise NotImplementedError("propsvc keeps no snapshots")

    def tracking_recorder(self, tracking_recorder_class: Any = None) -> TrackingRecorder:
        raise NotImplementedError("read models track their positions themselves")

    def process_recorder(self) -> ProcessRecorder:
        raise NotImplementedError("propsvc runs no event-processing system")

    def close(self) -> None:
        self.datastore.close()
