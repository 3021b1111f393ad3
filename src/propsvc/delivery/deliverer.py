"""One delivery run: for each configured target, every notification of its offices and
roles not yet delivered (and not older than ``max_age_hours``) is claimed, sent and its
outcome logged; a failure waits ``backoff_seconds`` × 2ⁿ⁻¹ before the next try, up to
``max_attempts``. Nothing sleeps: a retry that is not due yet waits for a later run
(the server's tick loop, or cron running ``propsvc notify deliver``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from propsvc.calendar import iso
from propsvc.clock import Clock
from propsvc.delivery import log, mail, payload, webhook
from propsvc.delivery.config import DeliveryConfig, Email, Webhook
from propsvc.delivery.webhook import DeliveryFailed
from propsvc.queries.notification import for_delivery


@dataclass
class Delivered:
    """What one run did; ``view()`` is the ``notify deliver --json`` shape."""

    office: str
    at: datetime
    attempts: list[dict[str, Any]] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for a in self.attempts if a["outcome"] == outcome)

    def view(self) -> dict[str, Any]:
        return {"office": self.office, "at": iso(self.at), "sent": self.count("sent"),
                "failed": self.count("failed"), "attempts": self.attempts}


class Deliverer:
    def __init__(self, engine: Engine, config: DeliveryConfig, clock: Clock,
                 office: str) -> None:
        self.engine, self.config, self.clock, self.office = engine, config, clock, office
        self.schedule = config.delivery

    def run(self) -> Delivered:
        now = self.clock.now()
        done = Delivered(self.office, now)
        targets = [t for t in self.config.targets if t.takes(self.office)]
        if not targets:
            return done
        log.ensure_tables(self.engine)
        since = now - timedelta(hours=self.schedule.max_age_hours)
        for target in targets:
            self._target(target, since, done)
        return done

    def _target(self, target: Webhook | Email, since: datetime, done: Delivered) -> None:
        notices = for_delivery(self.engine, [self.office], target.roles or None, since)
        known = log.states(self.engine, target.name, [n["id"] for n in notices])
        for notice in notices:
            state = known.get(notice["id"])
            if state is not None and state["state"] in ("sent", "failed"):
                continue
            self._attempt(target, notice, done)

    def _attempt(self, target: Webhook | Email, notice: dict[str, Any],
                 done: Delivered) -> None:
        now = self.clock.now()
        lease = timedelta(seconds=self.schedule.lease_seconds)
        claim = log.claim(self.engine, notice["id"], target.name, self.office, now, lease)
        if claim is None:
            return
        try:
            outcome, detail = "sent", self._send(target, notice, now)
        except DeliveryFailed as err:
            outcome, detail = "failed", str(err)
        retry_at = None
        if outcome == "failed" and claim.attempt < self.schedule.max_attempts:
            retry_at = now + timedelta(seconds=self.schedule.wait_after(claim.attempt))
        finished = self.clock.now()
        state = log.finish(self.engine, claim, finished, outcome, detail, retry_at)
        done.attempts.append({
            "notification": notice["id"], "target": target.name, "attempt": claim.attempt,
            "outcome": outcome, "detail": detail, "state": state,
            "retry_at": iso(retry_at) if retry_at else None})

    def _send(self, target: Webhook | Email, notice: dict[str, Any], now: datetime) -> str:
        timeout = self.schedule.timeout_seconds
        if isinstance(target, Webhook):
            body = payload.body(notice, target.format, target.keyword)
            return webhook.post(target, body, now, timeout)
        smtp = self.config.smtp
        assert smtp is not None  # DeliveryConfig.check: mail targets need [smtp]
        return mail.send(smtp, payload.mail(notice, smtp.sender, target.to), timeout)
