"""The accounts on the read side: ``user list`` and the server's per-request checks."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select

from propsvc.calendar import iso
from propsvc.projections.tables.user import user_sessions, user_tokens, users


def _shape(row: Any) -> dict[str, Any]:
    return {"name": row["name"], "roles": [r for r in row["roles"].split(",") if r],
            "offices": [o for o in row["offices"].split(",") if o], "status": row["status"],
            "registered_at": iso(row["registered_at"]), "registered_by": row["registered_by"],
            "password_changed_at": iso(row["password_changed_at"]),
            "last_login_at": iso(row["last_login_at"]) if row["last_login_at"] else None,
            "failed_logins": row["failed_logins"],
            "locked_until": iso(row["locked_until"]) if row["locked_until"] else None,
            "tokens": row["tokens"]}


def list_users(engine: Engine) -> list[dict[str, Any]]:
    """Every account, by name."""
    with engine.connect() as conn:
        rows = conn.execute(select(users).order_by(users.c.name)).mappings().all()
    return [_shape(r) for r in rows]


def find_user(engine: Engine, name: str) -> dict[str, Any] | None:
    """One account by name (case-insensitive, as logins are)."""
    with engine.connect() as conn:
        row = conn.execute(select(users).where(
            func.lower(users.c.name) == name.strip().lower())).mappings().first()
    return _shape(row) if row is not None else None


def find_token(engine: Engine, token_id: str) -> dict[str, Any] | None:
    """An active token with its holder (None when unknown or revoked)."""
    with engine.connect() as conn:
        row = conn.execute(
            select(user_tokens, users.c.name)
            .join(users, users.c.user_id == user_tokens.c.user_id)
            .where(user_tokens.c.token_id == token_id,
                   user_tokens.c.revoked_at.is_(None))).mappings().first()
    if row is None:
        return None
    return {"token_id": row["token_id"], "name": row["name"], "role": row["role"],
            "office": row["office"], "token_hash": row["token_hash"], "label": row["label"],
            "issued_at": iso(row["issued_at"])}


def tokens_of(engine: Engine, name: str) -> list[dict[str, Any]]:
    """A user's active tokens (without their hashes)."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(user_tokens).join(users, users.c.user_id == user_tokens.c.user_id)
            .where(func.lower(users.c.name) == name.strip().lower(),
                   user_tokens.c.revoked_at.is_(None))
            .order_by(user_tokens.c.issued_at)).mappings().all()
    return [{"token_id": r["token_id"], "role": r["role"], "office": r["office"],
             "label": r["label"], "issued_at": iso(r["issued_at"])} for r in rows]


def find_session(engine: Engine, session_hash: str) -> dict[str, Any] | None:
    """A session with its user's account row (None when unknown)."""
    s = user_sessions.c
    with engine.connect() as conn:
        row = conn.execute(
            select(user_sessions, users.c.name.label("user"))
            .join(users, users.c.user_id == s.user_id)
            .where(s.session_hash == session_hash)).mappings().first()
    if row is None:
        return None
    return {"name": row["user"], "role": row["role"], "office": row["office"],
            "started_at": row["started_at"], "expires_at": row["expires_at"],
            "ended_at": row["ended_at"]}
