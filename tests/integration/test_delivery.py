"""Delivery (issue 15): notifications POSTed to webhooks and mailed through SMTP, both
received by local receivers on free ports; failures retried with backoff on the injected
clock (nothing sleeps), every attempt logged, nothing sent twice after a restart."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from propsvc.clock import SettableClock
from propsvc.delivery import log
from propsvc.delivery.config import DeliveryConfig, load_config
from propsvc.errors import Forbidden, InvalidInput
from propsvc.office import Actor, Office
from tests.receivers import Inbox, smtp_receiver, webhook_receiver

DESK = Actor("小刘", "desk")


@pytest.fixture
def office(db_url: str, clock: SettableClock) -> Iterator[Office]:
    with Office.open(db_url, user=DESK, clock=clock) as opened:
        yield opened


@pytest.fixture
def hook() -> Iterator[Inbox]:
    with webhook_receiver() as inbox:
        yield inbox


def config(tmp_path: Path, text: str) -> DeliveryConfig:
    path = tmp_path / "propsvc.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def webhook(tmp_path: Path, url: str, *, roles: str = '["supervisor"]', extra: str = "",
            schedule: str = "") -> DeliveryConfig:
    return config(tmp_path, f"""
[server]
port = 8765  # another part's table: left alone

[notify.delivery]
backoff_seconds = 60
max_attempts = 3
{schedule}

[[notify.webhook]]
name = "supervisors"
url = "{url}"
roles = {roles}
{extra}
""")


def missed_work_order(office: Office, clock: SettableClock) -> str:
    number = office.tickets.open("repair", unit="3-2-1201", caller="王芳",
                                 phone="13800001234", summary="厨房漏水").number
    clock.advance(timedelta(minutes=9))
    office.tick()
    return number


def test_a_webhook_gets_the_notifications_of_its_roles_only(
        office: Office, clock: SettableClock, hook: Inbox, tmp_path: Path) -> None:
    number = missed_work_order(office, clock)
    done = office.deliver(webhook(tmp_path, hook.url)).view()
    assert (done["sent"], done["failed"]) == (1, 0)
    [body] = hook.received
    assert body["schema"] == "propsvc.notification/1"
    n = body["notification"]
    assert (n["kind"], n["rule"], n["number"], n["roles"]) == (
        "escalated", "R3", number, ["supervisor"])  # the desk's "missed" is not theirs
    assert "R3" in body["text"] and number in body["text"]


def test_a_failed_post_is_retried_with_backoff_and_sent_once(
        office: Office, clock: SettableClock, hook: Inbox, tmp_path: Path) -> None:
    missed_work_order(office, clock)
    settings = webhook(tmp_path, hook.url)
    hook.fail_next = 2
    first = office.deliver(settings).view()["attempts"]
    assert [(a["attempt"], a["outcome"], a["state"]) for a in first] == [
        (1, "failed", "pending")]
    assert "HTTP 503" in first[0]["detail"]
    assert first[0]["retry_at"] == (clock.now() + timedelta(seconds=60)).isoformat()
    assert office.deliver(settings).view()["attempts"] == []  # not due yet
    clock.advance(timedelta(seconds=60))
    assert office.deliver(settings).view()["attempts"][0]["outcome"] == "failed"
    clock.advance(timedelta(seconds=119))  # the second retry waits twice as long
    assert office.deliver(settings).view()["attempts"] == []
    clock.advance(timedelta(seconds=1))
    assert office.deliver(settings).view()["attempts"][0]["state"] == "sent"
    assert (hook.refused, len(hook.received)) == (2, 1)
    outcomes = [(r["attempt"], r["outcome"]) for r in office.delivery_log()]
    assert outcomes == [(3, "sent"), (2, "failed"), (1, "failed")]


def test_a_restart_sends_nothing_already_sent(
        db_url: str, office: Office, clock: SettableClock, hook: Inbox, tmp_path: Path) -> None:
    missed_work_order(office, clock)
    settings = webhook(tmp_path, hook.url)
    office.deliver(settings)
    with Office.open(db_url, user=DESK, clock=clock) as restarted:
        assert restarted.deliver(settings).view()["attempts"] == []
        restarted.acting_as(Actor("经理", "manager")).rebuild()  # the log outlives rebuilds
        assert restarted.deliver(settings).view()["attempts"] == []
    assert len(hook.received) == 1


def test_it_gives_up_after_the_last_attempt(
        office: Office, clock: SettableClock, hook: Inbox, tmp_path: Path) -> None:
    missed_work_order(office, clock)
    settings = webhook(tmp_path, hook.url)
    hook.fail_next = 10
    states = []
    for _ in range(4):
        states += [a["state"] for a in office.deliver(settings).view()["attempts"]]
        clock.advance(timedelta(hours=1))
    assert states == ["pending", "pending", "failed"] and hook.received == []


def test_an_attempt_cut_off_is_retried_after_its_lease(
        office: Office, clock: SettableClock, hook: Inbox, tmp_path: Path) -> None:
    missed_work_order(office, clock)
    settings = webhook(tmp_path, hook.url)
    engine = office.backend.read_engine
    log.ensure_tables(engine)
    [notice] = office.acting_as(Actor("老张", "supervisor")).read.notifications()["items"]
    lease = timedelta(seconds=300)
    assert log.claim(engine, notice["id"], "supervisors", "main", clock.now(), lease)
    assert log.claim(engine, notice["id"], "supervisors", "main", clock.now(), lease) is None
    assert office.deliver(settings).view()["attempts"] == []  # someone else is sending
    clock.advance(lease)
    [retried] = office.deliver(settings).view()["attempts"]
    assert (retried["attempt"], retried["outcome"]) == (2, "sent")


def test_old_notifications_are_not_sent_to_a_new_target(
        office: Office, clock: SettableClock, hook: Inbox, tmp_path: Path) -> None:
    missed_work_order(office, clock)
    clock.advance(timedelta(hours=3))
    settings = webhook(tmp_path, hook.url, schedule="max_age_hours = 2")
    assert office.deliver(settings).view()["attempts"] == []


def test_a_wecom_bot_gets_a_text_message_and_its_refusal_is_a_failure(
        office: Office, clock: SettableClock, hook: Inbox, tmp_path: Path) -> None:
    number = missed_work_order(office, clock)
    settings = webhook(tmp_path, hook.url, extra='format = "wecom"')
    hook.answer = b'{"errcode": 93000, "errmsg": "invalid webhook url"}'
    [refused] = office.deliver(settings).view()["attempts"]
    assert "errcode 93000" in refused["detail"] and refused["outcome"] == "failed"
    hook.answer = b'{"errcode": 0, "errmsg": "ok"}'
    clock.advance(timedelta(minutes=1))
    assert office.deliver(settings).view()["sent"] == 1
    last = hook.received[-1]
    assert last["msgtype"] == "text" and number in last["text"]["content"]


def test_a_dingtalk_bot_gets_a_signed_url_and_its_keyword(
        office: Office, clock: SettableClock, hook: Inbox, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    missed_work_order(office, clock)
    monkeypatch.setenv("DING_SECRET", "SECabc")
    hook.answer = b'{"errcode": 0}'
    settings = webhook(tmp_path, hook.url + "?access_token=t", extra=(
        'format = "dingtalk"\nsecret_env = "DING_SECRET"\nkeyword = "物业"'))
    assert office.deliver(settings).view()["sent"] == 1
    query = parse_qs(urlparse(hook.paths[0]).query)
    assert query["access_token"] == ["t"]
    assert query["timestamp"] == [str(int(clock.now().timestamp() * 1000))]
    assert len(query["sign"][0]) == 44  # base64 of a SHA-256 HMAC
    assert hook.received[0]["text"]["content"].startswith("物业 ")


def test_mail_is_received_by_an_smtp_server_and_retried(
        office: Office, clock: SettableClock, tmp_path: Path) -> None:
    number = missed_work_order(office, clock)
    with smtp_receiver() as (box, port):
        settings = config(tmp_path, f"""
[notify.smtp]
host = "127.0.0.1"
port = {port}
sender = "propsvc@example.com"

[[notify.email]]
name = "desk-mail"
to = ["desk@example.com", "front@example.com"]
roles = ["desk"]
""")
        box.fail_next = 1
        assert office.deliver(settings).view()["failed"] == 1
        clock.advance(timedelta(seconds=60))
        assert office.deliver(settings).view()["sent"] == 1
    [(recipients, message)] = box.received
    assert recipients == ["desk@example.com", "front@example.com"]
    assert number in message["Subject"] and "R3" in message["Subject"]
    assert message["X-Propsvc-Notification"]
    assert box.refused == 1


def test_only_the_office_delivers(office: Office, clock: SettableClock, hook: Inbox,
                                  tmp_path: Path) -> None:
    missed_work_order(office, clock)
    with pytest.raises(Forbidden):
        office.acting_as(Actor("王师傅", "technician")).deliver(webhook(tmp_path, hook.url))


@pytest.mark.parametrize(("text", "says"), [
    ("[[notify.webhook]]\nname='a'\nurl='ftp://x'\n", "notify.webhook.0.url"),
    ("[[notify.webhook]]\nname='a'\nurl='http://x'\nroles=['boss']\n", "unknown role"),
    ("[[notify.webhook]]\nname='a'\nurl='http://x'\n[[notify.webhook]]\nname='a'\n"
     "url='http://y'\n", "used twice"),
    ("[[notify.email]]\nname='a'\nto=['x@y']\n", "need an [smtp] table"),
    ("[notify\n", "config"),
    ("[notify.delivery]\nretries = 3\n", "notify.delivery.retries"),
])
def test_a_bad_config_is_one_line_of_bad_input(tmp_path: Path, text: str, says: str) -> None:
    with pytest.raises(InvalidInput, match=says.replace("[", r"\[").replace("]", r"\]")):
        config(tmp_path, text)


def test_no_config_says_how_to_give_one(monkeypatch: pytest.MonkeyPatch,
                                        tmp_path: Path) -> None:
    monkeypatch.delenv("PROPSVC_CONFIG", raising=False)
    with pytest.raises(InvalidInput, match="--config"):
        load_config(None)
    with pytest.raises(InvalidInput, match="no such file"):
        load_config(tmp_path / "missing.toml")
