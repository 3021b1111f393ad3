"""Opening the office facade the way the tests do: by keywords, with the desk user by
default, and ``tick`` as the dict ``tick --json`` prints."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from propsvc.clock import Clock
from propsvc.desks.result import Result
from propsvc.office import Actor, Office
from propsvc.profile import Profile


def open_office(db: str = "propsvc.db", *, office: str = "main", actor: str = "desk",
                role: str = "desk", clock: Clock | None = None,
                profile: Profile | None = None, catch_up_writes: bool = True) -> Office:
    return Office.open(db, office, Actor(actor, role), clock, profile,
                       catch_up_writes=catch_up_writes)


def tick(office: Office, at: datetime | None = None) -> dict[str, Any]:
    """What ``propsvc tick --json`` prints (the facade's ``Ticked.view()``)."""
    return office.tick(at).view()


def close_month(office: Office, month: str) -> Result:
    return office.close_month(month)


def behind(office: Office) -> Office:
    """The same office on the same backend, its writes leaving the read models behind
    (for tests of the catch-up itself: they write first and catch up later)."""
    return Office(office.backend, office.code, office.user, office.clock, office.profile,
                  catch_up_writes=False)
