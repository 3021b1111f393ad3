"""Renovation deadlines (N5): a phase opens its next inspection (daily / every 3 days /
daily / at installation); an inspection meets it and, in a periodic phase, opens the next
one; a new phase, the initial acceptance or a serious violation cancels it. A miss chases
the inspector."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import singledispatch
from typing import Any

from propsvc.aggregates import renovation_events as rev
from propsvc.aggregates.base import Event
from propsvc.aggregates.renovation import Renovation
from propsvc.i18n import N_
from propsvc.policies.base import Action, Cancel, Meet, Open
from propsvc.profile import Profile


def _inspection(reno: Renovation, start: datetime, minutes: int, basis: str) -> Open:
    seq = 1 + sum(1 for d in reno.deadlines.values() if d.rule == "N5")
    return Open(f"N5.inspect#{seq}", "N5", N_("inspection during the works phase"),
                start + timedelta(minutes=minutes), minutes, basis, "chase:inspector")


def _open_n5(reno: Renovation) -> list[Action]:
    return [Cancel(d.key, "N5: superseded") for d in reno.open_deadlines() if d.rule == "N5"]


@singledispatch
def react(event: Event, reno: Renovation, p: Profile) -> list[Action]:
    return []


@react.register
def _(event: rev.PhaseStarted, reno: Renovation, p: Profile) -> list[Action]:
    actions = _open_n5(reno)
    if event.install_at is not None:
        grace = p.renovation.installation_grace_minutes
        actions.append(_inspection(reno, event.install_at, grace, "installation time"))
    elif event.interval_hours is not None:
        actions.append(_inspection(reno, event.occurred_at, event.interval_hours * 60,
                                   N_("works phase started")))
    return actions


@react.register
def _(event: rev.Inspected, reno: Renovation, p: Profile) -> list[Action]:
    actions: list[Action] = [Meet(d.key) for d in reno.open_deadlines() if d.rule == "N5"]
    hours = reno.interval_hours  # the frequency recorded when the phase started
    if hours is not None and reno.status == "active":
        actions.append(_inspection(reno, event.occurred_at, hours * 60, "last inspection"))
    return actions


@react.register
def _(event: rev.ViolationRecorded, reno: Renovation, p: Profile) -> list[Action]:
    if not event.serious:  # an ordinary stop is still inspected until put right
        return []
    return [Cancel(d.key, "N6: serious violation, workers removed") for d in
            reno.open_deadlines() if d.rule == "N5"]


@react.register
def _(event: rev.CompletionAccepted, reno: Renovation, p: Profile) -> list[Action]:
    return [Cancel(d.key, "N9: works accepted") for d in reno.open_deadlines()
            if d.rule == "N5"]


def plan_renovation(event: Any, reno: Renovation, profile: Profile) -> list[Action]:
    return react(event, reno, profile)
