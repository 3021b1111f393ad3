"""The desk server's accounts as rows (issue 15): what ``user list`` prints and what the
server checks on every request (is the user active, does it still hold the session's
role and office, is the token still valid) with one indexed read."""

from __future__ import annotations

from collections.abc import Iterable
from functools import singledispatchmethod
from typing import Any

from propsvc.aggregates import user as u
from propsvc.aggregates.base import Event
from propsvc.projections._schema import user_sessions, user_tokens, users
from propsvc.projections.base import Projection
from propsvc.projections.rows import Key
from propsvc.projections.schema import TableSpec


def _split(text: str) -> list[str]:
    return [part for part in text.split(",") if part]


class UserDirectory(Projection):
    name = "users"
    tables = (users, user_tokens, user_sessions)

    def touches(self, event: Event) -> Iterable[tuple[TableSpec, Key]]:
        if isinstance(event, u.UserEvent) and not isinstance(event, u.UserRegistered):
            yield users, (self.oid(event),)
        if isinstance(event, u.TokenRevoked):
            yield user_tokens, (event.token_id,)
        if isinstance(event, u.SessionSwitched | u.LoggedOut):
            yield user_sessions, (event.session_hash,)

    def _change(self, e: Event, **values: Any) -> None:
        row = self.row(users, (self.oid(e),))
        if row is not None:
            self.cache(users).put({**row, **values})

    def _list(self, e: Event, column: str) -> list[str]:
        row = self.row(users, (self.oid(e),))
        return _split(row[column]) if row is not None else []

    @singledispatchmethod
    def handle(self, event: Event) -> None:
        return None

    @handle.register
    def _(self, e: u.UserRegistered) -> None:
        self.cache(users).put({
            "user_id": self.oid(e), "name": e.name, "roles": ",".join(e.roles),
            "offices": ",".join(e.offices), "status": "active",
            "registered_at": e.timestamp, "registered_by": e.actor,
            "password_changed_at": e.timestamp, "last_login_at": None,
            "failed_logins": 0, "locked_until": None, "tokens": 0, "disabled": False})

    @handle.register
    def _(self, e: u.RoleGranted) -> None:
        self._change(e, roles=",".join([*self._list(e, "roles"), e.granted]))

    @handle.register
    def _(self, e: u.RoleRevoked) -> None:
        self._change(e, roles=",".join(r for r in self._list(e, "roles") if r != e.revoked))

    @handle.register
    def _(self, e: u.OfficeGranted) -> None:
        self._change(e, offices=",".join([*self._list(e, "offices"), e.granted]))

    @handle.register
    def _(self, e: u.OfficeRevoked) -> None:
        self._change(e, offices=",".join(o for o in self._list(e, "offices")
                                         if o != e.revoked))

    @handle.register
    def _(self, e: u.PasswordChanged) -> None:
        self._change(e, password_changed_at=e.timestamp, failed_logins=0, locked_until=None)

    @handle.register
    def _(self, e: u.UserDisabled) -> None:
        self._change(e, status="disabled", disabled=True)

    @handle.register
    def _(self, e: u.LoginFailed) -> None:
        row = self.row(users, (self.oid(e),))
        if row is not None and e.reason == "password":
            self._change(e, failed_logins=row["failed_logins"] + 1)

    @handle.register
    def _(self, e: u.UserLockedOut) -> None:
        self._change(e, locked_until=e.until, failed_logins=0)

    @handle.register
    def _(self, e: u.LoggedIn) -> None:
        self._change(e, last_login_at=e.timestamp, failed_logins=0)
        self.cache(user_sessions).put({
            "session_hash": e.session_hash, "user_id": self.oid(e), "role": e.session_role,
            "office": e.session_office, "started_at": e.timestamp,
            "expires_at": e.expires_at, "ended_at": None, "remote": e.remote})

    @handle.register
    def _(self, e: u.SessionSwitched) -> None:
        row = self.row(user_sessions, (e.session_hash,))
        if row is not None:
            self.cache(user_sessions).put({**row, "role": e.session_role,
                                           "office": e.session_office})

    @handle.register
    def _(self, e: u.LoggedOut) -> None:
        row = self.row(user_sessions, (e.session_hash,))
        if row is not None:
            self.cache(user_sessions).put({**row, "ended_at": e.timestamp})

    @handle.register
    def _(self, e: u.TokenIssued) -> None:
        row = self.row(users, (self.oid(e),))
        if row is not None:
            self._change(e, tokens=row["tokens"] + 1)
        self.cache(user_tokens).put({
            "token_id": e.token_id, "user_id": self.oid(e), "role": e.token_role,
            "office": e.token_office, "token_hash": e.token_hash, "label": e.label,
            "issued_at": e.timestamp, "revoked_at": None})

    @handle.register
    def _(self, e: u.TokenRevoked) -> None:
        row = self.row(users, (self.oid(e),))
        if row is not None:
            self._change(e, tokens=max(0, row["tokens"] - 1))
        token = self.row(user_tokens, (e.token_id,))
        if token is not None:
            self.cache(user_tokens).put({**token, "revoked_at": e.timestamp})
