"""The desk server's accounts (issue 15): an administrator's acts on the store (add,
grant, revoke, change a password, disable, issue and revoke tokens) and the checks a
server makes (log in, a bearer token). Passwords and tokens are kept as argon2 hashes.

Administration is a direct act on the store, done on the server's machine with
``propsvc user …``: an authenticated (server) user cannot reach it through this desk.
A failed login is recorded even though the login is refused: lockout is audited.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any, TypeVar

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from propsvc.aggregates.base import Context
from propsvc.aggregates.user import User, check_name, user_id
from propsvc.desks.result import Result, describe
from propsvc.desks.service import RETRIES, Service, backoff
from propsvc.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated

MIN_PASSWORD = 8
MAX_PASSWORD = 256
TOKEN_PREFIX = "psv"
LOGIN_LIMIT = 5  # password failures within the window before a lockout
LOGIN_WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)
WRONG = "wrong user name or password"
LIMITS: dict[str, Any] = {"limit": LOGIN_LIMIT, "window": LOGIN_WINDOW, "lockout": LOCKOUT}
T = TypeVar("T")


SESSION = timedelta(hours=12)


@dataclass(frozen=True)
class Principal:
    """Who a server request acts as: a user, the one role and office of its session.
    ``session`` is the session id a login gives (the cookie's value, shown once)."""

    name: str
    role: str
    office: str
    via: str  # "session" or "token"
    token_id: str | None = None
    session: str | None = None

    @property
    def csrf(self) -> str | None:
        """The session's CSRF token: forms and scripts echo it on state-changing requests."""
        return csrf_of(self.session) if self.session else None


def session_hash(session: str) -> str:
    return hashlib.sha256(session.encode()).hexdigest()


def csrf_of(session: str) -> str:
    return hashlib.sha256(b"csrf:" + session.encode()).hexdigest()[:32]


def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_secret(secret: str) -> str:
    return str(_hasher().hash(secret))


def verify_secret(stored: str, secret: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_hasher().verify(stored, secret))
    except (VerificationError, InvalidHashError):
        return False


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD or len(password) > MAX_PASSWORD:
        raise InvalidInput(f"a password needs {MIN_PASSWORD}–{MAX_PASSWORD} characters")
    if password.strip() != password or "\n" in password:
        raise InvalidInput("a password may not start or end with spaces or hold a newline")
    return password


def new_password() -> str:
    return secrets.token_urlsafe(12)


class _Verified:
    """Tokens already checked against their argon2 hash in this process (argon2 costs tens
    of milliseconds on purpose; a script's every request must not). Keyed by the stored
    hash and a SHA-256 of the token, so a revoked or re-issued token is checked again."""

    def __init__(self, limit: int = 4096) -> None:
        self._seen: dict[tuple[str, str], bool] = {}
        self._lock = threading.Lock()
        self._limit = limit

    def check(self, stored: str, token: str) -> bool:
        key = (stored, hashlib.sha256(token.encode()).hexdigest())
        with self._lock:
            if key in self._seen:
                return True
        ok = verify_secret(stored, token)
        if ok:
            with self._lock:
                if len(self._seen) >= self._limit:
                    self._seen.clear()
                self._seen[key] = True
        return ok


VERIFIED = _Verified()


class UserDesk:
    def __init__(self, service: Service, lookup: Callable[[], Any]) -> None:
        """``lookup`` gives the read engine, caught up (for list and the server's checks)."""
        self.svc = service
        self._lookup = lookup

    # -- administration (direct, on the store) -------------------------------------------
    def _admin(self) -> None:
        if self.svc.who.authenticated:
            raise Forbidden("user administration is an administrator's act on the server's "
                            "machine: run propsvc user … there")

    def load(self, name: str) -> User:
        try:
            found: User = self.svc.store.repository.get(user_id(check_name(name)))
        except AggregateNotFoundError:
            raise NotFound(f"no user {name!r}: see propsvc user list") from None
        return found

    def _act(self, name: str, command: Callable[[User, Context], None]) -> Result:
        self._admin()
        return self.svc.act_on(user_id(check_name(name)), command, None,
                               lambda: self.load(name))

    def _offices(self, offices: list[str]) -> list[str]:
        from propsvc.store.offices import require_office

        for office in offices:
            require_office(self.svc.store, office)
        return offices

    def add(self, name: str, roles: list[str], offices: list[str],
            password: str | None = None) -> tuple[Result, str]:
        """Register a user; returns the result and the password (generated when none is
        given: shown once, never stored)."""
        self._admin()
        secret = check_password(password) if password is not None else new_password()
        ctx = self.svc.context()
        user = User.register(name, roles, self._offices(offices), hash_secret(secret), ctx)
        events = user.pending
        try:
            self.svc.store.save(user)
        except IntegrityError:
            raise Conflict(f"user {check_name(name)} already exists: see propsvc user list"
                           ) from None
        return self.svc.committed(describe(user, events)), secret

    def grant(self, name: str, roles: list[str], offices: list[str]) -> Result:
        if not roles and not offices:
            raise InvalidInput("grant what? give --role and/or --office")
        self._offices(offices)

        def command(user: User, ctx: Context) -> None:
            for role in roles:
                user.grant_role(role, ctx)
            for office in offices:
                user.grant_office(office, ctx)

        return self._act(name, command)

    def revoke(self, name: str, roles: list[str], offices: list[str]) -> Result:
        if not roles and not offices:
            raise InvalidInput("revoke what? give --role and/or --office")

        def command(user: User, ctx: Context) -> None:
            for role in roles:
                user.revoke_role(role, ctx)
            for office in offices:
                user.revoke_office(office, ctx)

        return self._act(name, command)

    def passwd(self, name: str, password: str | None = None) -> tuple[Result, str]:
        secret = check_password(password) if password is not None else new_password()
        hashed = hash_secret(secret)
        return self._act(name, lambda user, ctx: user.change_password(hashed, ctx)), secret

    def disable(self, name: str, reason: str = "") -> Result:
        return self._act(name, lambda user, ctx: user.disable(reason, ctx))

    def issue_token(self, name: str, role: str | None = None, office: str | None = None,
                    label: str = "") -> tuple[Result, str]:
        """A bearer token for scripts, acting as one of the user's roles in one office;
        shown once, stored as its argon2 hash."""
        token_id = secrets.token_hex(8)
        token = f"{TOKEN_PREFIX}_{token_id}_{secrets.token_urlsafe(24)}"
        hashed = hash_secret(token)

        def command(user: User, ctx: Context) -> None:
            chosen_role, chosen_office = user.session_choice(role, office)
            user.issue_token(token_id, hashed, chosen_role, chosen_office, label.strip(), ctx)

        return self._act(name, command), token

    def revoke_token(self, name: str, token_id: str) -> Result:
        return self._act(name, lambda user, ctx: user.revoke_token(token_id, ctx))

    def list(self) -> list[dict[str, Any]]:
        from propsvc.queries.users import list_users, tokens_of

        engine = self._lookup()
        return [{**row, "active_tokens": tokens_of(engine, row["name"])}
                for row in list_users(engine)]

    def account(self, name: str) -> dict[str, Any] | None:
        """One account as ``user list`` shows it (None when there is none)."""
        from propsvc.queries.users import find_user

        return find_user(self._lookup(), name)

    # -- what a server checks ------------------------------------------------------------
    def log_in(self, name: str, password: str, role: str | None = None,
               office: str | None = None, remote: str = "",
               lasts: timedelta = SESSION) -> Principal:
        """Check a password and choose the session's role and office. A wrong password is
        recorded (``LoginFailed``) and the fifth within 15 minutes locks the account for
        15 minutes (``UserLockedOut``); a disabled or locked account cannot log in."""
        try:
            user = self.load(name)
        except (NotFound, InvalidInput):
            verify_secret(_dummy_hash(), password)  # as slow whether the name exists or not
            raise Unauthenticated(WRONG) from None
        now = self.svc.clock.now()
        if user.disabled:
            self._bookkeep(user, lambda u, c: u.fail_login("disabled", remote, c, **LIMITS))
            raise Unauthenticated(f"user {user.name} is disabled: ask the administrator")
        if user.locked_at(now):
            self._bookkeep(user, lambda u, c: u.fail_login("locked", remote, c, **LIMITS))
            until = user.locked_until.isoformat() if user.locked_until else ""
            raise Unauthenticated(f"too many failed logins: {user.name} is locked until {until}")
        if not verify_secret(user.password_hash, password):
            locked = self._bookkeep(
                user, lambda u, c: u.fail_login("password", remote, c, **LIMITS))
            minutes = int(LOCKOUT.total_seconds() // 60)
            raise Unauthenticated(WRONG + (f"; the account is now locked for {minutes} minutes"
                                           if locked else ""))
        chosen_role, chosen_office = user.session_choice(role, office)
        session = secrets.token_urlsafe(32)
        hashed = session_hash(session)
        self._bookkeep(user, lambda u, c: u.log_in(hashed, chosen_role, chosen_office,
                                                   c.recorded_at + lasts, remote, c),
                       chosen_office)
        return Principal(user.name, chosen_role, chosen_office, "session", session=session)

    def switch(self, who: Principal, role: str | None, office: str | None) -> Principal:
        """The session acts as another of its user's roles (or offices) from now on."""
        if who.session is None:
            raise InvalidInput("a token's role is fixed when it is issued: issue another")
        user = self.load(who.name)
        chosen = user.session_choice(role or who.role, office or who.office)
        hashed = session_hash(who.session)
        self._bookkeep(user, lambda u, c: u.switch(hashed, *chosen, c), chosen[1])
        return Principal(user.name, chosen[0], chosen[1], "session", session=who.session)

    def log_out(self, who: Principal) -> None:
        if who.session is None:
            return
        user = self.load(who.name)
        hashed = session_hash(who.session)
        self._bookkeep(user, lambda u, c: u.log_out(hashed, c), who.office)

    def _bookkeep(self, user: User, record: Callable[[User, Context], T],
                  office: str | None = None) -> T | None:
        """Record a login's outcome on the account, retried on the fresh state when
        another login of the same user saved first; the read models catch up after."""
        for attempt in range(RETRIES):
            now = self.svc.clock.now()
            ctx = Context(now, now, user.name, user.roles[0], office or self.svc.who.office,
                          True)
            outcome = record(user, ctx)
            try:
                self.svc.store.save(user)
            except IntegrityError:
                backoff(attempt)
                user = self.load(user.name)
                continue
            self.svc.catch_up_after_write()
            return outcome
        return None

    def check_session(self, session: str) -> Principal:
        """A session cookie's user: the session not ended or expired, the user active,
        still holding its role and office, the password not changed since the login."""
        from propsvc.queries.users import find_session, find_user

        engine = self._lookup()
        found = find_session(engine, session_hash(session))
        now = self.svc.clock.now()
        if found is None or found["ended_at"] is not None or found["expires_at"] <= now:
            raise Unauthenticated("not logged in (or the session ended): log in again")
        row = find_user(engine, found["name"])
        if row is None or row["status"] != "active":
            raise Unauthenticated(f"user {found['name']} is disabled: ask the administrator")
        if found["role"] not in row["roles"] or found["office"] not in row["offices"]:
            raise Unauthenticated(f"{found['name']} no longer holds role {found['role']} in "
                                  f"office {found['office']}: log in again")
        if found["started_at"] < datetime.fromisoformat(row["password_changed_at"]):
            raise Unauthenticated("the password was changed since this login: log in again")
        return Principal(row["name"], found["role"], found["office"], "session",
                         session=session)

    def check_token(self, token: str) -> Principal:
        """A bearer token's user and the role and office it was issued for."""
        from propsvc.queries.users import find_token, find_user

        parts = token.strip().split("_", 2)
        if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
            raise Unauthenticated("not a propsvc token: use one from propsvc user token")
        found = find_token(self._lookup(), parts[1])
        if found is None or not VERIFIED.check(found["token_hash"], token.strip()):
            raise Unauthenticated("unknown or revoked token: issue one with propsvc user token")
        row = find_user(self._lookup(), found["name"])
        if row is None or row["status"] != "active" or found["role"] not in row["roles"] \
                or found["office"] not in row["offices"]:
            raise Unauthenticated(f"the token's user {found['name']} is disabled or no longer "
                                  f"holds role {found['role']} in office {found['office']}")
        return Principal(row["name"], found["role"], found["office"], "token",
                         found["token_id"])


@cache
def _dummy_hash() -> str:
    return hash_secret(secrets.token_urlsafe(16))
