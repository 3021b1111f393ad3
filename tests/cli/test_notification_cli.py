"""``propsvc notifications`` and ``propsvc notify``: exit codes, one-line errors, the
documented ``--json`` shapes (docs/cli.md), nothing written on bad input."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Cli, assert_times
from tests.receivers import webhook_receiver

FEED = {"office", "user", "roles", "unread", "total", "limit", "offset", "items"}
ITEM = {"id", "office", "kind", "subject", "number", "rule", "target", "level", "label",
        "note", "created_at", "occurred_at", "read"}
DELIVERED = {"office", "at", "sent", "failed", "attempts"}
ATTEMPT = {"notification", "target", "attempt", "outcome", "detail", "state", "retry_at"}


def missed(cli: Cli) -> str:
    number = cli.open_repair()
    cli.ok("tick", now="2026-11-22 09:10")
    return number


def test_the_desk_lists_its_missed_deadline(cli: Cli) -> None:
    number = missed(cli)
    data = cli.json("notifications", "list")
    assert set(data) == FEED and data["roles"] == ["desk"] and data["unread"] == 1
    [item] = data["items"]
    assert set(item) == ITEM and assert_times(data) == 2
    assert (item["kind"], item["rule"], item["number"], item["read"]) == (
        "missed", "R3", number, False)
    text = cli.ok("notifications", "list").out
    assert number in text and "1 unread" in text


def test_a_manager_lists_another_roles_feed_and_a_clerk_may_not(cli: Cli) -> None:
    missed(cli)
    data = cli.json("--role", "manager", "--actor", "经理", "notifications", "list",
                    "--role", "supervisor")
    assert [n["kind"] for n in data["items"]] == ["escalated"]
    refused = cli("notifications", "list", "--role", "supervisor")
    assert refused.code == 1 and "not for role 'desk'" in refused.error


def test_read_and_read_all_are_the_acting_users_own(cli: Cli) -> None:
    missed(cli)
    boss = ("--role", "supervisor", "--actor", "老张")
    [item] = cli.json(*boss, "notifications", "list")["items"]
    assert cli.json(*boss, "notifications", "read", item["id"]) == {
        "user": "老张", "marked": 1, "unread": 0}
    assert cli.json(*boss, "notifications", "list", "--unread")["items"] == []
    assert cli.json("--role", "supervisor", "--actor", "小李", "notifications", "list",
                    "--unread")["unread"] == 1
    assert cli.json("notifications", "read-all") == {"user": "desk", "marked": 1, "unread": 0}
    unknown = cli(*boss, "notifications", "read", "0123456789abcdef")
    assert unknown.code == 1 and "no notification 0123456789abcdef" in unknown.error


def test_bad_input_is_one_line_and_writes_nothing(cli: Cli) -> None:
    assert cli("notifications", "list").code == 2  # no database: nothing created
    assert not cli.db.exists()
    bad = cli("notifications", "list", "--limit", "0")
    assert bad.code == 2 and "--limit" in bad.err
    no_config = cli("notify", "deliver")
    assert no_config.code == 2 and "--config" in no_config.error
    assert not cli.db.exists()


def test_notify_deliver_posts_to_a_webhook_and_logs_it(cli: Cli, tmp_path: Path) -> None:
    missed(cli)
    with webhook_receiver() as hook:
        config = tmp_path / "notify.toml"
        config.write_text(f'[[notify.webhook]]\nname = "desk-bot"\nurl = "{hook.url}"\n'
                          'roles = ["desk"]\nformat = "wecom"\n', encoding="utf-8")
        hook.answer = b'{"errcode": 0, "errmsg": "ok"}'
        done = cli.json("notify", "deliver", "--config", str(config))
        assert set(done) == DELIVERED and (done["sent"], done["failed"]) == (1, 0)
        assert set(done["attempts"][0]) == ATTEMPT
        again = cli.json("notify", "deliver", "--config", str(config))
        assert again["attempts"] == [] and len(hook.received) == 1
    [row] = cli.json("--role", "auditor", "notify", "log")
    assert (row["target"], row["outcome"], row["attempt"]) == ("desk-bot", "sent", 1)
    refused = cli("--role", "technician", "notify", "deliver", "--config", str(config))
    assert refused.code == 1 and "notification.deliver" in refused.error


def test_serve_refuses_a_bad_notify_table_before_listening(cli: Cli, tmp_path: Path) -> None:
    config = tmp_path / "server.toml"
    config.write_text('[[notify.webhook]]\nname = "a"\nurl = "ftp://bot"\n', encoding="utf-8")
    refused = cli("serve", "--port", "0", "--config", str(config))
    assert refused.code == 2 and "notify.webhook.0.url" in refused.error
    assert not cli.db.exists()
