"""The office registry: which management offices (管理处) this store serves.

One aggregate per store. An office is registered by ``propsvc office add`` or, for the
first office of a store, by its first write (``auto``): the store refuses any event of
an office not registered (``store.offices``), so a typo in ``--office`` cannot start a
phantom office.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

from propsvc.aggregates.base import Aggregate, Context, Event
from propsvc.aggregates.ticket import NAMESPACE
from propsvc.errors import Conflict, InvalidInput
from propsvc.i18n import _

REGISTRY_ID: UUID = uuid5(NAMESPACE, "office-registry")
CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
NAME_MAX = 64


class OfficeRegistered(Event):
    topic = "office.Registered"
    code: str
    name: str
    timezone: str
    auto: bool = False

    def create(self) -> OfficeRegistry:
        return OfficeRegistry(self.originator_id, self.timestamp, self.occurred_at)

    def apply(self, aggregate: Any) -> None:
        aggregate.offices[self.code] = Office(self.code, self.name, self.timezone,
                                              self.occurred_at, self.actor, self.auto)


@dataclass(frozen=True)
class Office:
    code: str
    name: str
    timezone: str
    registered_at: datetime
    registered_by: str
    auto: bool


RESERVED = frozenset({"all"})  # --office all: every office at once (company-wide reads)


def check_code(code: str) -> str:
    if not CODE.match(code):
        raise InvalidInput(_("office code {code!r}: use 1–32 lower-case letters, digits, '-' or "
                             "'_' (e.g. main, north-2)", code=code))
    if code in RESERVED:
        raise InvalidInput(_("office code {code!r} is reserved (--office all reads every "
                             "office): choose another code", code=code))
    return code


class OfficeRegistry(Aggregate):
    def __init__(self, id: UUID, created_on: datetime, occurred_at: datetime) -> None:
        super().__init__(id, created_on, occurred_at)
        self.offices: dict[str, Office] = {}

    @classmethod
    def begin(cls, code: str, name: str, timezone: str, ctx: Context,
              auto: bool = False) -> OfficeRegistry:
        return cls.start(OfficeRegistered, REGISTRY_ID, ctx, code=check_code(code),
                         name=_name(name), timezone=timezone, auto=auto)

    def add(self, code: str, name: str, timezone: str, ctx: Context,
            auto: bool = False) -> None:
        if check_code(code) in self.offices:
            raise Conflict(_("office {code!r} is already registered ({name}): see propsvc office "
                             "list", code=code, name=self.offices[code].name))
        self.record(OfficeRegistered, ctx, code=code, name=_name(name), timezone=timezone,
                    auto=auto)


def _name(name: str) -> str:
    text = name.strip()
    if not text or len(text) > NAME_MAX:
        raise InvalidInput(_("office name: 1–{NAME_MAX} characters", NAME_MAX=NAME_MAX))
    return text
