"""``office.read`` for one desk-service record (Q1–Q5): ``<family>_record`` (its state
now, as of a business time, or as known at a recorded time) and ``<family>_history``
(every event), for move-ins, paid services, goods releases and found items by number, and
vacant units by unit — each from that aggregate's own events, masked for the role.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from propsvc.calendar import iso, shown
from propsvc.errors import InvalidInput, NotFound
from propsvc.i18n import N_, _

if TYPE_CHECKING:
    from collections.abc import Callable

    from propsvc.desks.service import Service

T = TypeVar("T")


@dataclass(frozen=True)
class Family:
    """How a family's records are found: the number's prefix (none: keyed by unit), the
    rule its input checks name, the record's name (msgid) and the register listing them."""

    name: str
    prefix: str | None
    rule: str
    what: str
    listing: str


FAMILIES = {f.name: f for f in (
    Family("movein", "RZ", "Q5", N_("move-in"), "register moveins"),
    Family("paid", "YC", "Q1", N_("paid service"), "register paid"),
    Family("release", "FX", "Q2", N_("goods release"), "register releases"),
    Family("found", "SW", "Q3", N_("found item"), "register found"),
    Family("vacancy", None, "Q4", N_("vacant unit"), "register vacancies"))}


def _aggregate_id(family: str) -> Callable[[str, str], UUID]:
    from propsvc.aggregates.found import found_id
    from propsvc.aggregates.movein import movein_id
    from propsvc.aggregates.paid import paid_id
    from propsvc.aggregates.release import release_id
    from propsvc.aggregates.vacancy import vacancy_id

    return {"movein": movein_id, "paid": paid_id, "release": release_id,
            "found": found_id, "vacancy": vacancy_id}[family]


class ServiceRecords:
    """Mixed into ``Reader``: the show and history of each desk-service record."""

    code: str

    if TYPE_CHECKING:
        @property
        def _service(self) -> Service: ...
        def now(self) -> datetime: ...
        def _events(self) -> None: ...
        def _out(self, value: T) -> T: ...

    # -- the plumbing -----------------------------------------------------------------
    def _ref(self, family: Family, ref: str) -> str:
        from propsvc.desks.common import record_number, unit

        if family.prefix is None:
            return unit(ref, family.rule)
        return record_number(ref, family.prefix, _(family.what), family.rule)

    def _service_events(self, family: Family, ref: str) -> tuple[str, list[Any]]:
        """The record's key (as the desk spells it) and all its events."""
        key = self._ref(family, ref)
        self._events()
        events = list(self._service.store.events.get(_aggregate_id(family.name)(self.code,
                                                                               key)))
        if not events:
            if family.prefix is None:
                raise NotFound(_("unit {unit} was never registered as vacant in office "
                                 "{office} ({listing} lists the vacant units)",
                                 unit=key, office=self.code, listing=family.listing))
            raise NotFound(_("no {what} {number} in office {office} ({listing} lists them)",
                             what=_(family.what), number=key, office=self.code,
                             listing=family.listing))
        return key, events

    @staticmethod
    def _upto_moment(events: list[Any], as_of: datetime | None,
                     known_at: datetime | None) -> list[Any]:
        from propsvc.views.ticket import upto

        if as_of and known_at:
            raise InvalidInput(_("give either --as-of or --as-known-at, not both"))
        if as_of is not None:
            return upto(events, as_of)
        if known_at is not None:
            return upto(events, known_at, known=True)
        return events

    def _service_record(self, name: str, ref: str, as_of: datetime | None,
                        known_at: datetime | None) -> dict[str, Any]:
        from propsvc.views.services import VIEWS
        from propsvc.views.ticket import replay

        family = FAMILIES[name]
        key, events = self._service_events(family, ref)
        seen = self._upto_moment(events, as_of, known_at)
        moment = as_of or known_at
        state = replay(seen)
        if state is None:
            raise NotFound(_("{number} did not exist yet at {when}", number=key,
                             when=shown(moment) if moment else _("that moment")))
        view = VIEWS[name](state, seen, moment or self.now())
        view["as_of"] = None if moment is None else iso(moment)
        return self._out(view)

    def _service_history(self, name: str, ref: str, as_of: datetime | None,
                         known_at: datetime | None) -> list[dict[str, Any]]:
        from propsvc.views.ticket import history_view

        _key, events = self._service_events(FAMILIES[name], ref)
        return self._out(history_view(self._upto_moment(events, as_of, known_at)))

    # -- the reads ------------------------------------------------------------------------
    def movein_record(self, number: str, as_of: datetime | None = None,
                      known_at: datetime | None = None) -> dict[str, Any]:
        """A move-in (Q5): documents, agreements, owner file, keys, inspections, visit."""
        return self._service_record("movein", number, as_of, known_at)

    def movein_history(self, number: str, as_of: datetime | None = None,
                       known_at: datetime | None = None) -> list[dict[str, Any]]:
        return self._service_history("movein", number, as_of, known_at)

    def paid_record(self, number: str, as_of: datetime | None = None,
                    known_at: datetime | None = None) -> dict[str, Any]:
        """A paid service (Q1): decision and quote, acceptance, dispatch, fee, visit."""
        return self._service_record("paid", number, as_of, known_at)

    def paid_history(self, number: str, as_of: datetime | None = None,
                     known_at: datetime | None = None) -> list[dict[str, Any]]:
        return self._service_history("paid", number, as_of, known_at)

    def release_record(self, number: str, as_of: datetime | None = None,
                       known_at: datetime | None = None) -> dict[str, Any]:
        """A goods release (Q2): the goods, the driver, the confirmation, signature, gate."""
        return self._service_record("release", number, as_of, known_at)

    def release_history(self, number: str, as_of: datetime | None = None,
                        known_at: datetime | None = None) -> list[dict[str, Any]]:
        return self._service_history("release", number, as_of, known_at)

    def found_record(self, number: str, as_of: datetime | None = None,
                     known_at: datetime | None = None) -> dict[str, Any]:
        """A found item (Q3): administration, notices, claim or disposal, deadlines."""
        return self._service_record("found", number, as_of, known_at)

    def found_history(self, number: str, as_of: datetime | None = None,
                      known_at: datetime | None = None) -> list[dict[str, Any]]:
        return self._service_history("found", number, as_of, known_at)

    def vacancy_record(self, unit: str, as_of: datetime | None = None,
                       known_at: datetime | None = None) -> dict[str, Any]:
        """A unit's vacancies (Q4): each period, its inspections and its end."""
        return self._service_record("vacancy", unit, as_of, known_at)

    def vacancy_history(self, unit: str, as_of: datetime | None = None,
                        known_at: datetime | None = None) -> list[dict[str, Any]]:
        return self._service_history("vacancy", unit, as_of, known_at)
