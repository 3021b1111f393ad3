"""Input checks every desk makes (text, unit, phone, ID digits, amounts), the stricter
per-rule role check, and small loading helpers. Each refusal names its SOP rule."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from eventsourcing.application import AggregateNotFoundError

from propsvc.aggregates.base import Context
from propsvc.aggregates.counter import Counter, counter_id
from propsvc.errors import Forbidden, InvalidInput, NotFound
from propsvc.i18n import _

if TYPE_CHECKING:
    from propsvc.desks.service import Service

UNIT_RE = re.compile(r"^[0-9A-Za-z]{1,4}-\d{1,2}-\d{3,5}$")
PHONE_RE = re.compile(r"^\+?\d[\d-]{4,19}$")
ID_LAST4_RE = re.compile(r"^[0-9]{3}[0-9Xx]$")


def required(value: str | None, what: str, rule: str = "R1") -> str:
    """A text the rule requires, stripped; refused when missing or blank."""
    if value is None or not value.strip():
        raise InvalidInput(_("{rule}: {what} is required", rule=rule, what=_(what)))
    return value.strip()


def optional(value: str | None) -> str | None:
    """A free text that may be left out: stripped, and None when blank."""
    return value.strip() if value and value.strip() else None


def unit(value: str | None, rule: str) -> str:
    u = required(value, "--unit (building-unit-room)", rule).upper()
    if not UNIT_RE.match(u):
        raise InvalidInput(_("{rule}: unit {value!r} must be building-unit-room, e.g. 3-2-1201",
                             rule=rule, value=value))
    return u


def check_unit(value: str | None, rule: str) -> str | None:
    """An optional unit, as typed (stripped), checked when given."""
    u = value.strip() if value else None
    if u and not UNIT_RE.match(u):
        raise InvalidInput(_("{rule}: unit {u!r} must be building-unit-room, e.g. 3-2-1201",
                             rule=rule, u=u))
    return u


def check_where(unit: str | None, location: str | None, rule: str) -> str | None:
    """A unit or a location must be given; the unit is checked when given."""
    u = check_unit(unit, rule)
    if not u and not (location and location.strip()):
        raise InvalidInput(_("{rule}: give --unit (building-unit-room) or --location", rule=rule))
    return u


def check_phone(phone: str | None, rule: str) -> str | None:
    if phone is not None and not PHONE_RE.match(phone.strip()):
        raise InvalidInput(_("{rule}: phone {phone!r} is not a phone number",
                             rule=rule, phone=phone))
    return phone.strip() if phone else None


def id_last4(value: str | None, rule: str) -> str:
    v = required(value, "the last 4 characters of the ID card (--id-last4)", rule).upper()
    if not ID_LAST4_RE.match(v):
        raise InvalidInput(_("{rule}: --id-last4 {value!r} must be 4 ID-card characters, e.g. "
                             "0427 or 123X", rule=rule, value=value))
    return v


MAX_AMOUNT = Decimal("10000000000")  # the registers keep 12 digits, 2 after the point
MAX_QUANTITY = Decimal("1000000")


def parse_amount(value: str | Decimal) -> Decimal:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise InvalidInput(_("cannot read amount {value!r}: use a number like 120 or 85.50",
                             value=value)
                           ) from None
    if amount.is_finite() and amount >= MAX_AMOUNT:
        raise InvalidInput(_("amount {value} is too large: at most 9999999999.99", value=value))
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise InvalidInput(_("amount {value} must be positive with at most 2 decimals",
                             value=value))
    return amount.quantize(Decimal("0.01"))  # money is always shown with 2 decimals


def one_of(value: str, choices: tuple[str, ...], message: str) -> str:
    if value not in choices:
        raise InvalidInput(_("{message} {value}", message=message, value=', '.join(choices)))
    return value


def require_role(svc: Service, rule: str, roles: tuple[str, ...], what: str) -> None:
    if svc.who.role not in roles:
        raise Forbidden(_("{rule}: {what} is for {value} (you act as {role}; pass --role)",
                          rule=rule, what=what, value=' or '.join(roles), role=svc.who.role))


def load_or_none(svc: Service, aggregate_id: Any) -> Any:
    try:
        return svc.store.repository.get(aggregate_id)
    except AggregateNotFoundError:
        return None


def counter(svc: Service, prefix: str, ctx: Context) -> tuple[Counter, str]:
    """The office-day counter for ``prefix`` and the date part of its numbers."""
    day = svc.calendar.local_date(ctx.occurred_at)
    found = load_or_none(svc, counter_id(svc.who.office, prefix, day))
    return (found or Counter.begin(svc.who.office, prefix, day, ctx)), day.strftime("%Y%m%d")


def record_number(value: str | None, prefix: str, what: str, rule: str) -> str:
    """A record's number (``SW-20261122-003``), checked against its family's prefix."""
    if value is None or not value.strip():
        raise InvalidInput(_("{rule}: the {what} number is required", rule=rule, what=_(what)))
    number = value.strip().upper()
    if not re.match(rf"^{prefix}-\d{{8}}-\d{{3,}}$", number):
        raise InvalidInput(_("{rule}: {value!r} is not a {what} number: use e.g. "
                             "{prefix}-20261122-001", rule=rule, value=value, what=_(what),
                             prefix=prefix))
    return number


def load_numbered(svc: Service, aggregate_id: Any, number: str, what: str,
                  listing: str) -> Any:
    """The aggregate behind a number, or NotFound naming the register that lists them."""
    found = load_or_none(svc, aggregate_id)
    if found is None:
        raise NotFound(_("no {what} {number} in office {office} ({listing} lists them)",
                         what=_(what), number=number, office=svc.who.office, listing=listing))
    return found
