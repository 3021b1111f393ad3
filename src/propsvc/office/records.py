"""The record as an auditor and an administrator handle it: verify the chain, back the
store up, export and import the event log, and the registry of offices (issue 9).

Every interface reaches these through ``Office`` (``office.records``), so the CLI and the
desk server check the same permissions and write nothing on a refusal.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from propsvc.errors import InvalidInput
from propsvc.i18n import _
from propsvc.permissions import Actor, permit

if TYPE_CHECKING:
    from propsvc.clock import Clock
    from propsvc.desks.service import Service
    from propsvc.office.backend import Backend
    from propsvc.store.backup import Copied
    from propsvc.store.recorder import ChainedRecorder
    from propsvc.store.transfer import Transferred
    from propsvc.store.verify import Report


class Records:
    def __init__(self, backend: Backend, office: str, user: Actor, clock: Clock,
                 service: Callable[[], Service]) -> None:
        """``service`` is asked for only by a write (the chain is verified without
        reading any event's state: no cipher key needed)."""
        self.backend, self.code, self.user, self.clock = backend, office, user, clock
        self._service = service

    def _recorder(self) -> ChainedRecorder:
        from propsvc.store.recorder import ChainedRecorder

        self.backend.require_existing()
        recorder = self.backend.store.recorder
        assert isinstance(recorder, ChainedRecorder)
        return recorder

    # -- the chain ---------------------------------------------------------------------------
    def verify(self, expect: str | None = None) -> Report:
        """Walk the hash chain (see ``store.verify``); a broken link is in the report."""
        from propsvc.store.verify import verify

        return verify(self._recorder(), self.code, expect)

    # -- copies ------------------------------------------------------------------------------
    def backup(self, out: str, force: bool = False) -> Copied:
        """A consistent copy of a SQLite store while desks keep working."""
        from propsvc.store.backup import backup_sqlite, writable_target

        permit(self.user.role, "backup")
        target = writable_target(out, force)
        return backup_sqlite(self._recorder().db, target)

    def export_events(self, out: str, force: bool = False) -> tuple[Path, Transferred]:
        """Every event as stored, with its link, one a line; written whole or not at all."""
        from propsvc.store.backup import writable_target
        from propsvc.store.transfer import export_events

        permit(self.user.role, "events.export")
        target = writable_target(out, force)
        recorder = self._recorder()
        now = self.clock.now().isoformat(timespec="seconds")
        partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
        try:
            with partial.open("w", encoding="utf-8") as fh:
                done = export_events(recorder, fh, now)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        return target, done

    def import_events(self, lines: TextIO, name: str,
                      progress: Callable[[int], None] | None = None,
                      building: Callable[[int, int], None] | None = None
                      ) -> tuple[Transferred, int]:
        """Load an export into an empty store (every link checked), then build the
        registers; a refused import into a new SQLite file leaves no file behind.
        ``progress`` hears the events loaded so far, ``building`` the catch-up's."""
        from propsvc.store.transfer import import_events

        permit(self.user.role, "events.import")
        backend = self.backend
        created = backend.is_sqlite_file and not backend.sqlite_path().exists()
        try:
            done = import_events(backend.store.recorder, lines,  # type: ignore[arg-type]
                                 progress)
        except (InvalidInput, UnicodeDecodeError) as err:
            if created:
                backend.close()
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{backend.sqlite_path()}{suffix}").unlink(missing_ok=True)
            if isinstance(err, UnicodeDecodeError):
                raise InvalidInput(_("{name} is not UTF-8 text: not a propsvc export",
                                     name=name)) from None
            raise
        return done, backend.catch_up(building)

    # -- offices -----------------------------------------------------------------------------
    def add_office(self, code: str, name: str, timezone: str, at: Any = None
                   ) -> dict[str, Any]:
        """Register an office (an event on the office registry)."""
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        from propsvc.aggregates.offices import OfficeRegistry, check_code
        from propsvc.store.offices import registry

        permit(self.user.role, "office.add")
        check_code(code)
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidInput(_("--timezone {timezone!r} is not a known time zone (e.g. "
                                 "Asia/Shanghai)", timezone=timezone)) from None
        context = self._service().context(at)
        store = self.backend.store
        found = registry(store)
        if found is None:
            found = OfficeRegistry.begin(code, name, timezone, context)
        else:
            found.add(code, name, timezone, context)
        store.save(found)
        self.backend.catch_up()
        return office_rows(found)[-1]

    def offices(self) -> list[dict[str, Any]]:
        from propsvc.store.offices import registry

        self.backend.require_existing()
        found = registry(self.backend.store)
        return office_rows(found) if found else []


def office_rows(found: Any) -> list[dict[str, Any]]:
    return [{"code": o.code, "name": o.name, "timezone": o.timezone,
             "registered_at": o.registered_at, "registered_by": o.registered_by,
             "auto": o.auto} for o in found.offices.values()]
