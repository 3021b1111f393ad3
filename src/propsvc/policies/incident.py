"""I3: the written report reaches the company within 24 h of the event, or within 36 h
when a phone report came first. A miss is reported to the company."""

from __future__ import annotations

from datetime import timedelta
from functools import singledispatch
from typing import Any

from propsvc.aggregates import incident as i
from propsvc.aggregates.base import Event
from propsvc.i18n import N_
from propsvc.policies.base import Action, Meet, Open
from propsvc.profile import Profile


@singledispatch
def react(event: Event, incident: i.Incident, p: Profile) -> list[Action]:
    return []


@react.register
def _(event: i.IncidentReported, incident: i.Incident, p: Profile) -> list[Action]:
    n = p.incident
    if event.phoned_at is not None:
        hours, label = n.phoned_written_report_hours, "written report (phoned first)"
    else:
        hours, label = n.written_report_hours, "written report to the company"
    return [Open("I3.written", "I3", label, event.happened_at + timedelta(hours=hours),
                 hours * 60, N_("event happened"), "escalate:company")]


@react.register
def _(event: i.WrittenReportFiled, incident: i.Incident, p: Profile) -> list[Action]:
    return [Meet("I3.written")] if "I3.written" in incident.deadlines else []


def plan(event: Any, incident: i.Incident, p: Profile) -> list[Action]:
    return react(event, incident, p)
