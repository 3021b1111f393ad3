"""Named accounts held by the desk server: who may log in, with which roles, in which
offices (issue 15). Identity is data: registering a user, granting a role or an office,
changing a password, disabling an account, a failed login, a lockout and an issued or
revoked token are events like any other, so who granted what and when is audited.

Only argon2 hashes of passwords and tokens are stored, never the secrets. The checks
here are pure (no I/O, no clock reads): hashing and verifying happen in the desk
(``desks/users.py``), which passes the hash in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid5

from propsvc.aggregates.base import Aggregate, Context, Event
from propsvc.aggregates.ticket import NAMESPACE
from propsvc.errors import Conflict, InvalidInput
from propsvc.permissions import ROLES

NAME_RE = re.compile(r"^[^\s:/\\]{1,32}$")


def user_id(name: str) -> UUID:
    """One account per name in the store (case-insensitive, like a login)."""
    return uuid5(NAMESPACE, f"user:{name.strip().casefold()}")


def check_name(name: str) -> str:
    text = name.strip()
    if not NAME_RE.match(text):
        raise InvalidInput(f"user name {name!r}: use 1–32 characters without spaces, ':' "
                           "or slashes (e.g. wang.li or 王丽)")
    return text


def check_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidInput(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    return role


class UserEvent:
    """What every account event shares (a mixin before ``Event``: each event class pins
    its own topic)."""

    def apply(self, aggregate: Any) -> None:
        self.change(aggregate)

    def data(self) -> dict[str, Any]:
        """As history shows it: a hash is a secret's stand-in and is never printed."""
        shown: dict[str, Any] = super().data()  # type: ignore[misc]
        return {k: v for k, v in shown.items() if not k.endswith("_hash")}

    def change(self, user: User) -> None:
        """Subclasses change the account."""


class UserRegistered(UserEvent, Event):
    topic = "user.Registered"
    name: str
    roles: list[str]
    offices: list[str]
    password_hash: str

    def create(self) -> User:
        return User(self.originator_id, self.timestamp, self.occurred_at)

    def change(self, user: User) -> None:
        user.name = self.name
        user.roles = list(self.roles)
        user.offices = list(self.offices)
        user.password_hash = self.password_hash
        user.password_changed_at = self.timestamp
        user.registered_at = self.timestamp


class RoleGranted(UserEvent, Event):
    topic = "user.RoleGranted"
    granted: str

    def change(self, user: User) -> None:
        user.roles.append(self.granted)


class RoleRevoked(UserEvent, Event):
    topic = "user.RoleRevoked"
    revoked: str

    def change(self, user: User) -> None:
        user.roles.remove(self.revoked)


class OfficeGranted(UserEvent, Event):
    topic = "user.OfficeGranted"
    granted: str

    def change(self, user: User) -> None:
        user.offices.append(self.granted)


class OfficeRevoked(UserEvent, Event):
    topic = "user.OfficeRevoked"
    revoked: str

    def change(self, user: User) -> None:
        user.offices.remove(self.revoked)


class PasswordChanged(UserEvent, Event):
    topic = "user.PasswordChanged"
    password_hash: str

    def change(self, user: User) -> None:
        user.password_hash = self.password_hash
        user.password_changed_at = self.timestamp
        user.failures = []
        user.locked_until = None


class UserDisabled(UserEvent, Event):
    topic = "user.Disabled"
    reason: str

    def change(self, user: User) -> None:
        user.disabled = True


class LoginFailed(UserEvent, Event):
    topic = "user.LoginFailed"
    reason: str  # "password", "locked", "disabled", "role", "office"
    remote: str = ""

    def change(self, user: User) -> None:
        if self.reason == "password":
            user.failures.append(self.timestamp)


class UserLockedOut(UserEvent, Event):
    topic = "user.LockedOut"
    until: datetime
    failures: int

    def change(self, user: User) -> None:
        user.locked_until = self.until
        user.failures = []


class LoggedIn(UserEvent, Event):
    """A session began; the cookie holds a random id, the event only its SHA-256."""

    topic = "user.LoggedIn"
    session_hash: str
    session_role: str
    session_office: str
    expires_at: datetime
    remote: str = ""

    def change(self, user: User) -> None:
        user.failures = []


class SessionSwitched(UserEvent, Event):
    """The session's user chose another of their roles (or offices)."""

    topic = "user.SessionSwitched"
    session_hash: str
    session_role: str
    session_office: str


class LoggedOut(UserEvent, Event):
    topic = "user.LoggedOut"
    session_hash: str


class TokenIssued(UserEvent, Event):
    topic = "user.TokenIssued"
    token_id: str
    token_hash: str
    token_role: str
    token_office: str
    label: str = ""

    def change(self, user: User) -> None:
        user.tokens[self.token_id] = Token(self.token_id, self.token_hash, self.token_role,
                                           self.token_office, self.label, self.timestamp)


class TokenRevoked(UserEvent, Event):
    topic = "user.TokenRevoked"
    token_id: str

    def change(self, user: User) -> None:
        user.tokens.pop(self.token_id, None)


@dataclass(frozen=True)
class Token:
    token_id: str
    token_hash: str
    role: str
    office: str
    label: str
    issued_at: datetime


class User(Aggregate):
    subject = "user"

    def __init__(self, id: UUID, created_on: datetime, occurred_at: datetime) -> None:
        super().__init__(id, created_on, occurred_at)
        self.name = ""
        self.roles: list[str] = []
        self.offices: list[str] = []
        self.password_hash = ""
        self.password_changed_at = created_on
        self.registered_at = created_on
        self.disabled = False
        self.failures: list[datetime] = []
        self.locked_until: datetime | None = None
        self.tokens: dict[str, Token] = {}

    @property
    def ref(self) -> str:
        return self.name

    @property
    def status(self) -> str:
        return "disabled" if self.disabled else "active"

    # -- administration ------------------------------------------------------------------
    @classmethod
    def register(cls, name: str, roles: list[str], offices: list[str], password_hash: str,
                 ctx: Context) -> User:
        if not roles:
            raise InvalidInput("a user needs at least one --role")
        if not offices:
            raise InvalidInput("a user needs at least one --office")
        return cls.start(UserRegistered, user_id(name), ctx, name=check_name(name),
                         roles=list(dict.fromkeys(check_role(r) for r in roles)),
                         offices=list(dict.fromkeys(offices)), password_hash=password_hash)

    def _active(self) -> None:
        if self.disabled:
            raise Conflict(f"user {self.name} is disabled: nothing more can be granted")

    def grant_role(self, role: str, ctx: Context) -> None:
        self._active()
        if check_role(role) in self.roles:
            raise Conflict(f"{self.name} already holds role {role}")
        self.trigger(RoleGranted, ctx, granted=role)

    def revoke_role(self, role: str, ctx: Context) -> None:
        if check_role(role) not in self.roles:
            raise Conflict(f"{self.name} does not hold role {role} "
                           f"(holds {', '.join(self.roles)})")
        if len(self.roles) == 1:
            raise InvalidInput(f"{role} is {self.name}'s only role: grant another first, "
                               "or disable the user")
        self.trigger(RoleRevoked, ctx, revoked=role)

    def grant_office(self, office: str, ctx: Context) -> None:
        self._active()
        if office in self.offices:
            raise Conflict(f"{self.name} already works in office {office}")
        self.trigger(OfficeGranted, ctx, granted=office)

    def revoke_office(self, office: str, ctx: Context) -> None:
        if office not in self.offices:
            raise Conflict(f"{self.name} does not work in office {office}")
        if len(self.offices) == 1:
            raise InvalidInput(f"{office} is {self.name}'s only office: grant another "
                               "first, or disable the user")
        self.trigger(OfficeRevoked, ctx, revoked=office)

    def change_password(self, password_hash: str, ctx: Context) -> None:
        self._active()
        self.trigger(PasswordChanged, ctx, password_hash=password_hash)

    def disable(self, reason: str, ctx: Context) -> None:
        if self.disabled:
            raise Conflict(f"user {self.name} is already disabled")
        self.trigger(UserDisabled, ctx, reason=reason.strip() or "disabled")

    # -- logging in ----------------------------------------------------------------------
    def locked_at(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def recent_failures(self, now: datetime, window: timedelta) -> int:
        return sum(1 for t in self.failures if now - t <= window)

    def fail_login(self, reason: str, remote: str, ctx: Context, *, limit: int,
                   window: timedelta, lockout: timedelta) -> bool:
        """Record a failed login; the ``limit``-th password failure within ``window``
        locks the account for ``lockout``. Returns whether it is locked now."""
        self.record(LoginFailed, ctx, reason=reason, remote=remote)
        if reason == "password" and self.recent_failures(ctx.recorded_at, window) >= limit:
            self.record(UserLockedOut, ctx, until=ctx.recorded_at + lockout,
                        failures=len(self.failures))
            return True
        return self.locked_at(ctx.recorded_at)

    def log_in(self, session_hash: str, role: str, office: str, expires_at: datetime,
               remote: str, ctx: Context) -> None:
        self.record(LoggedIn, ctx, session_hash=session_hash, session_role=role,
                    session_office=office, expires_at=expires_at, remote=remote)

    def switch(self, session_hash: str, role: str | None, office: str | None,
               ctx: Context) -> None:
        chosen_role, chosen_office = self.session_choice(role, office)
        self.record(SessionSwitched, ctx, session_hash=session_hash, session_role=chosen_role,
                    session_office=chosen_office)

    def log_out(self, session_hash: str, ctx: Context) -> None:
        self.record(LoggedOut, ctx, session_hash=session_hash)

    def issue_token(self, token_id: str, token_hash: str, role: str, office: str,
                    label: str, ctx: Context) -> None:
        self._active()
        self.session_choice(role, office)
        self.trigger(TokenIssued, ctx, token_id=token_id, token_hash=token_hash,
                     token_role=role, token_office=office, label=label)

    def revoke_token(self, token_id: str, ctx: Context) -> None:
        if token_id not in self.tokens:
            raise Conflict(f"{self.name} has no active token {token_id}")
        self.trigger(TokenRevoked, ctx, token_id=token_id)

    def session_choice(self, role: str | None, office: str | None) -> tuple[str, str]:
        """The role and office a session acts as: one the user holds (the first when the
        user holds only one; a choice is required when there are several)."""
        if role is None:
            if len(self.roles) > 1:
                raise InvalidInput(f"{self.name} holds several roles "
                                   f"({', '.join(self.roles)}): choose one (role)")
            role = self.roles[0]
        if role not in self.roles:
            raise InvalidInput(f"{self.name} does not hold role {role!r} "
                               f"(holds {', '.join(self.roles)})")
        office = office or self.offices[0]
        if office not in self.offices:
            raise InvalidInput(f"{self.name} does not work in office {office!r} "
                               f"(works in {', '.join(self.offices)})")
        return role, office
