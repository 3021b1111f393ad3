"""The server's clock: ``tick`` for every registered office once a minute, in a thread.

Idempotent with a cron'd ``propsvc tick`` (a miss already recorded is not recorded
again). With several server processes on one PostgreSQL database, a tick runs only in
the process holding the advisory lock ``TICK_LOCK`` at that moment (``pg_try_advisory_lock``,
not luck); the others skip that round. SQLite serialises writers itself.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

from propsvc.office.facade import Office
from propsvc.permissions import Actor
from propsvc.server.logs import log_line

if TYPE_CHECKING:
    from propsvc.office.backend import Backend
    from propsvc.server.settings import Settings

# "tick": the advisory lock key every propsvc server uses (not "prop", the catch-up lock
# of projections/db.py: holding that one here would block the tick's own catch-up)
TICK_LOCK = 0x7469636B
CLOCK = Actor("propsvc-server", "manager", authenticated=True)


class Ticker:
    def __init__(self, backend: Backend, settings: Settings) -> None:
        from propsvc.delivery.config import parse_config

        self.backend, self.settings = backend, settings
        self.notify = parse_config(settings.section("notify"), f"config {settings.config_path}")
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="propsvc-tick", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.tick_once()
            self._stop.wait(self.settings.tick_seconds)

    def tick_once(self) -> dict[str, Any]:
        """One round: every office ticked, or skipped when another process holds the lock."""
        started = time.perf_counter()
        try:
            with self.backend.exclusive(TICK_LOCK) as held:
                if not held:
                    fields: dict[str, Any] = {"skipped": "another process holds the tick lock"}
                else:
                    fields = {"offices": self._tick_offices()}
        except Exception as err:  # the server keeps serving; the next round tries again
            first = str(err).splitlines()[0] if str(err) else ""
            fields = {"error": f"{type(err).__name__}: {first}"}
        fields["ms"] = round((time.perf_counter() - started) * 1000, 2)
        log_line("tick", **fields)
        return fields

    def _tick_offices(self) -> dict[str, Any]:
        if self.backend.is_sqlite_file and not self.backend.sqlite_path().exists():
            return {}
        done: dict[str, Any] = {}
        for code in self._codes():
            office = Office(self.backend, code, CLOCK, self.settings.clock,
                            self.settings.profile(code))
            ticked = office.tick()
            done[code] = {"missed": len(ticked.missed),
                          "follow_ups": len(ticked.follow_ups)}
            if self.notify.targets:  # notifications out to webhooks and mail (issue 15)
                sent = office.deliver(self.notify)
                done[code].update(sent=sent.count("sent"), failed=sent.count("failed"))
        return done

    def _codes(self) -> list[str]:
        office = Office(self.backend, self.settings.office, CLOCK, self.settings.clock)
        return [row["code"] for row in office.records.offices()] or [self.settings.office]
