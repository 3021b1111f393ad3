"""The accounts on the read side: ``user list`` and the server's per-request checks, as
plain SQL on the read models' DB-API connection (``queries.sql``)."""

from __future__ import annotations

from typing import Any

from propsvc.calendar import iso
from propsvc.projections._schema import user_sessions, user_tokens, users
from propsvc.queries.sql import Col, Reads, col, cols, table

USERS = cols(users, "u")
FROM_USERS = f"FROM {table(users, 'u')}"
NAME = f"lower({col(users, 'u', 'name')}) = ?"
TOKEN_JOIN = (f"FROM {table(user_tokens, 't')} JOIN {table(users, 'u')} "
              f"ON {col(users, 'u', 'user_id')} = {col(user_tokens, 't', 'user_id')}")


def _shape(row: dict[str, Any]) -> dict[str, Any]:
    return {"name": row["name"], "roles": [r for r in row["roles"].split(",") if r],
            "offices": [o for o in row["offices"].split(",") if o], "status": row["status"],
            "registered_at": iso(row["registered_at"]), "registered_by": row["registered_by"],
            "password_changed_at": iso(row["password_changed_at"]),
            "last_login_at": iso(row["last_login_at"]),
            "failed_logins": row["failed_logins"], "locked_until": iso(row["locked_until"]),
            "tokens": row["tokens"]}


def _key(name: str) -> str:
    return name.strip().lower()


def list_users(db: Reads) -> list[dict[str, Any]]:
    """Every account, by name."""
    return [_shape(r) for r in db.rows(USERS, f"{FROM_USERS} ORDER BY "
                                              f"{col(users, 'u', 'name')}")]


def find_user(db: Reads, name: str) -> dict[str, Any] | None:
    """One account by name (case-insensitive, as logins are)."""
    found = db.rows(USERS, f"{FROM_USERS} WHERE {NAME}", (_key(name),))
    return _shape(found[0]) if found else None


def find_token(db: Reads, token_id: str) -> dict[str, Any] | None:
    """An active token with its holder (None when unknown or revoked)."""
    columns = (*cols(user_tokens, "t"), Col("holder", col(users, "u", "name")))
    found = db.rows(columns, f"{TOKEN_JOIN} WHERE {col(user_tokens, 't', 'token_id')} = ? "
                             f"AND {col(user_tokens, 't', 'revoked_at')} IS NULL", (token_id,))
    if not found:
        return None
    row = found[0]
    return {"token_id": row["token_id"], "name": row["holder"], "role": row["role"],
            "office": row["office"], "token_hash": row["token_hash"], "label": row["label"],
            "issued_at": iso(row["issued_at"])}


def tokens_of(db: Reads, name: str) -> list[dict[str, Any]]:
    """A user's active tokens (without their hashes)."""
    columns = cols(user_tokens, "t", "token_id", "role", "office", "label", "issued_at")
    found = db.rows(columns, f"{TOKEN_JOIN} WHERE {NAME} AND "
                             f"{col(user_tokens, 't', 'revoked_at')} IS NULL ORDER BY "
                             f"{col(user_tokens, 't', 'issued_at')}", (_key(name),))
    return [{**r, "issued_at": iso(r["issued_at"])} for r in found]


def find_session(db: Reads, session_hash: str) -> dict[str, Any] | None:
    """A session with its user's name (None when unknown)."""
    columns = (*cols(user_sessions, "s"), Col("user", col(users, "u", "name")))
    found = db.rows(columns, f"FROM {table(user_sessions, 's')} JOIN {table(users, 'u')} ON "
                             f"{col(users, 'u', 'user_id')} = {col(user_sessions, 's', 'user_id')} "
                             f"WHERE {col(user_sessions, 's', 'session_hash')} = ?",
                    (session_hash,))
    if not found:
        return None
    row = found[0]
    return {"name": row["user"], "role": row["role"], "office": row["office"],
            "started_at": row["started_at"], "expires_at": row["expires_at"],
            "ended_at": row["ended_at"]}
