"""The office facade: ``Office`` (one office, one acting user, one clock) over a shared
``Backend`` (the event store and read models of one database)."""

from propsvc.office.backend import Backend
from propsvc.office.facade import Office, Rebuilt
from propsvc.permissions import Actor

__all__ = ["Actor", "Backend", "Office", "Rebuilt"]
