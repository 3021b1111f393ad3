"""The desk services' records as a user sees them, from their own events only (``movein
show``, ``paid show``, ``release show``, ``found show``, ``vacancy show``; Q1–Q5).

Each view takes the aggregate replayed up to the moment asked for, the events it was
replayed from (for what the aggregate does not keep: the owner file, the inspections,
the vacancy periods) and that moment (whether a deadline was missed by then). Phones and
ID digits are under their masked names (``phone``, ``id_last4``): the reader masks them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

from propsvc.aggregates import found as fd
from propsvc.aggregates import movein as mv
from propsvc.aggregates import paid as pd
from propsvc.aggregates import release as rl
from propsvc.aggregates import vacancy as vc
from propsvc.aggregates.base import Event
from propsvc.calendar import iso
from propsvc.views.common import chases_view, deadlines_view

E = TypeVar("E", bound=Event)
View = Callable[[Any, list[Event], datetime], dict[str, Any]]


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _last(events: list[Event], kind: type[E]) -> E | None:
    found = [e for e in events if isinstance(e, kind)]
    return found[-1] if found else None


def _at(event: Event | None) -> str | None:
    return None if event is None else iso(event.occurred_at)


def _visit(event: mv.MoveInVisited | pd.PaidVisited | None) -> dict[str, Any] | None:
    if event is None:
        return None
    return {"at": iso(event.occurred_at), "method": event.method, "result": event.result,
            "note": event.note, "days_after_completion": event.days_after_completion,
            "within_window": event.within_window}


def _timed(a: Any, now: datetime) -> dict[str, Any]:
    return {"version": a.version, "deadlines": deadlines_view(a, now),
            "chases": chases_view(a)}


def movein_view(m: mv.MoveIn, events: list[Event], now: datetime) -> dict[str, Any]:
    filed = _last(events, mv.OwnerFiled)
    verified = _last(events, mv.DocumentsVerified)
    return {
        "number": m.number, "office": m.office, "unit": m.unit, "owner": m.owner,
        "phone": m.phone, "status": m.status, "started_at": _at(events[0]),
        "documents": [d for d in mv.DOCUMENTS if d in m.documents],
        "missing": [d for d in mv.DOCUMENTS if d not in m.documents],
        "verified_at": _at(verified),
        "agreements": [a for a in mv.AGREEMENTS if a in m.agreements],
        "owner_file": None if filed is None else {
            "members": list(filed.members), "vehicles": list(filed.vehicles),
            "emergency_contact": filed.emergency_contact, "at": iso(filed.occurred_at)},
        "paid": _money(m.paid), "keys": m.keys,
        "keys_from": (k.developer if (k := _last(events, mv.MoveInKeysHandedOver)) else None),
        "inspections": [{"round": r.round, "at": iso(r.occurred_at), "result": r.result,
                         "defects": list(r.defects), "tickets": list(r.tickets),
                         "checks": list(r.checks)} for r in m.rounds],
        "passed": m.passed, "completed_at": iso(m.completed_at),
        "visit": _visit(_last(events, mv.MoveInVisited)), **_timed(m, now)}


def paid_view(p: pd.PaidService, events: list[Event], now: datetime) -> dict[str, Any]:
    d, accepted = p.decision, _last(events, pd.PaidAccepted)
    dispatched, collected = _last(events, pd.PaidDispatched), _last(events, pd.PaidFeeCollected)
    return {
        "number": p.number, "office": p.office, "unit": p.unit, "service": p.service,
        "caller": p.caller, "phone": p.phone, "status": p.status,
        "requested_at": _at(events[0]),
        "decision": None if d is None else {
            "at": iso(d.occurred_at), "chargeable": d.chargeable, "rate": d.rate,
            "unit_price": _money(d.unit_price), "quantity": d.quantity,
            "amount": _money(d.amount), "department": d.department, "reason": d.reason},
        "accepted": None if accepted is None else {
            "at": iso(accepted.occurred_at), "signed_by": accepted.signed_by,
            "amount": _money(accepted.amount)},
        "dispatch": None if dispatched is None else {
            "at": iso(dispatched.occurred_at), "department": dispatched.department,
            "to": dispatched.to, "order": dispatched.order},
        "completed_at": iso(p.completed_at),
        "fee": None if collected is None else {
            "at": iso(collected.occurred_at), "amount": _money(collected.amount),
            "cashier": collected.cashier},
        "visit": _visit(_last(events, pd.PaidVisited)), **_timed(p, now)}


def release_view(r: rl.Release, events: list[Event], now: datetime) -> dict[str, Any]:
    applied = _last(events, rl.ReleaseApplied)
    confirmed, signed = _last(events, rl.ReleaseConfirmed), _last(events, rl.ReleaseSigned)
    return {
        "number": r.number, "office": r.office, "unit": r.unit, "owner": r.owner,
        "goods": r.goods, "plate": r.plate, "status": r.status,
        "driver": {"name": r.driver,
                   "id_last4": applied.driver_id_last4 if applied else None},
        "applied_at": _at(events[0]),
        "confirmed": None if confirmed is None else {
            "at": iso(confirmed.occurred_at), "by": confirmed.actor},
        "signed": None if signed is None else {
            "at": iso(signed.occurred_at), "by": signed.signed_by},
        "out_at": _at(_last(events, rl.GoodsLetOut)), "version": r.version}


def found_view(f: fd.FoundItem, events: list[Event], now: datetime) -> dict[str, Any]:
    admin, claim = _last(events, fd.FoundSentToAdmin), _last(events, fd.FoundClaimed)
    disposed = _last(events, fd.FoundDisposed)
    return {
        "number": f.number, "office": f.office, "item": f.item, "place": f.place,
        "finder": f.finder, "valuable": f.valuable, "found_at": iso(f.found_at),
        "status": f.status,
        "admin": None if admin is None else {
            "at": iso(admin.occurred_at), "received_by": admin.received_by},
        "noticed": list(f.weeks),
        "claim": None if claim is None else {
            "at": iso(claim.occurred_at), "claimant": claim.claimant,
            "id_last4": claim.id_last4, "description": claim.description},
        "disposed": None if disposed is None else {
            "at": iso(disposed.occurred_at), "months_kept": disposed.months_kept},
        **_timed(f, now)}


def vacancy_view(v: vc.Vacancy, events: list[Event], now: datetime) -> dict[str, Any]:
    """A unit's vacancies, the current (if any) last, each with its inspections."""
    periods: dict[int, dict[str, Any]] = {}
    for e in events:
        if isinstance(e, vc.VacancyApplied):
            periods[e.period] = {
                "period": e.period, "owner": e.owner, "applied_at": iso(e.occurred_at),
                "from": e.starts_on.isoformat(), "to": e.ends_on.isoformat(),
                "fee_rate": e.fee_rate, "inspections": [], "ended": None}
        elif isinstance(e, vc.VacancyInspected):
            periods[e.period]["inspections"].append({
                "at": iso(e.occurred_at), "month": e.month, "water": str(e.water_tonnes),
                "power": str(e.power_kwh), "water_limit": e.water_limit,
                "power_limit": e.power_limit, "occupied": e.occupied, "note": e.note})
        elif isinstance(e, vc.VacancyEnded):
            periods[e.period]["ended"] = {
                "at": iso(e.occurred_at), "on": e.ended_on.isoformat(), "reason": e.reason,
                "fee_rate_stopped": e.fee_rate_stopped, "owner_told": e.owner_told}
    return {"unit": v.unit, "office": v.office, "status": v.status,
            "periods": list(periods.values()), **_timed(v, now)}


VIEWS: dict[str, View] = {"movein": movein_view, "paid": paid_view,
                          "release": release_view, "found": found_view,
                          "vacancy": vacancy_view}
