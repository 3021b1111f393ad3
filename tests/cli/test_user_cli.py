"""``propsvc user …``: an administrator's acts on the store — exact lines, exit codes,
one-time secrets, nothing written on bad input, and history flagging direct entries."""

from __future__ import annotations

import io

import pytest

from tests.cli.conftest import Cli


def test_user_add_prints_a_one_time_password_and_list_shows_the_account(cli: Cli) -> None:
    out = cli.ok("user", "add", "wang", "--role", "desk", "--role", "manager",
                 "--office", "main").out
    assert out.startswith("user wang added (desk, manager in main); one-time password: ")
    secret = out.rsplit(": ", 1)[1].strip()
    assert len(secret) >= 12
    users = cli.json("user", "list")["users"]
    assert [(u["name"], u["roles"], u["offices"], u["status"]) for u in users] == [
        ("wang", ["desk", "manager"], ["main"], "active")]
    assert secret not in cli.ok("--json", "user", "list").out


def test_user_add_reads_the_password_from_stdin(cli: Cli,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("a-good-password\n"))
    data = cli.json("user", "add", "li", "--role", "technician", "--office", "main",
                    "--password-stdin")
    assert data["subject"] == "user" and data["ref"] == "li" and data["password"] == ""
    assert [e["event"] for e in data["events"]] == ["UserRegistered"]
    assert "password_hash" not in data["events"][0]["data"]


def test_bad_input_writes_nothing(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    bad = cli("user", "add", "li", "--role", "technician", "--office", "main",
              "--password-stdin")
    assert bad.code == 2 and bad.error == "error: a password needs 8–256 characters"
    named = cli("user", "add", "li si", "--role", "desk", "--office", "main")
    assert named.code == 2 and "user name 'li si'" in named.error
    role = cli("user", "add", "li", "--role", "boss", "--office", "main")
    assert role.code == 2
    assert cli.events() == 0 and not cli.db.exists()


def test_grant_revoke_disable_and_tokens(cli: Cli) -> None:
    cli.ok("user", "add", "zhou", "--role", "manager", "--office", "main")
    again = cli("user", "add", "ZHOU", "--role", "desk", "--office", "main")
    assert again.code == 1 and "already exists" in again.error
    cli.ok("user", "grant", "zhou", "--role", "cashier")
    held = cli("user", "grant", "zhou", "--role", "cashier")
    assert held.code == 1 and held.error == "error: zhou already holds role cashier"
    several = cli("user", "token", "zhou")
    assert several.code == 2 and "holds several roles" in several.error
    token = cli.json("user", "token", "zhou", "--role", "cashier", "--label", "报表")
    assert token["token"].startswith(f"psv_{token['token_id']}_")
    listed = cli.json("user", "list")["users"][0]
    assert [t["token_id"] for t in listed["active_tokens"]] == [token["token_id"]]
    cli.ok("user", "revoke", "zhou", "--token", token["token_id"])
    cli.ok("user", "revoke", "zhou", "--role", "manager")
    only = cli("user", "revoke", "zhou", "--role", "cashier")
    assert only.code == 2 and "only role" in only.error
    cli.ok("user", "disable", "zhou", "--reason", "离职")
    listed = cli.json("user", "list")["users"][0]
    assert listed["status"] == "disabled" and listed["active_tokens"] == []
    assert listed["roles"] == ["cashier"]


def test_user_commands_are_direct_entries_in_history(cli: Cli) -> None:
    number = cli.open_repair()
    history = cli.json("ticket", "history", number)
    assert {e["authenticated"] for e in history} == {False}
    cli.ok("user", "add", "wu", "--role", "desk", "--office", "main")
    unknown = cli("user", "passwd", "nobody")
    assert unknown.code == 1 and unknown.error == "error: no user 'nobody': see propsvc user list"
