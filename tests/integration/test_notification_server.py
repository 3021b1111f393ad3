"""Notifications through a real ``propsvc serve`` process on a free port: the feed and
read marks over the JSON API for the right users only, the live stream (server-sent
events) received by an HTTP client and ended cleanly by SIGTERM, and the server's own
tick loop delivering to a local webhook receiver.

The server runs on the system clock; the tests' tickets are opened on a settable clock
years earlier, so the server's tick finds their deadlines missed."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from propsvc.clock import SettableClock
from propsvc.office import Actor, Office
from tests.receivers import Inbox, webhook_receiver

ADMIN = Actor("admin", "manager")
PAST = datetime(2020, 3, 2, 1, 0, tzinfo=UTC)
WAIT = 20.0  # seconds: the bound on every wait for the real process
# uvicorn finishes its shutdown, then re-raises the SIGTERM it caught (systemd counts
# that as a clean stop)
CLEAN_EXIT = (0, -signal.SIGTERM)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, db: str, config: Path, tick: bool) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        args = [sys.executable, "-m", "propsvc", "--db", db, "serve", "--port",
                str(self.port), "--config", str(config)]
        env = {k: v for k, v in os.environ.items() if not k.startswith("PROPSVC_")}
        self.proc = subprocess.Popen([*args, *([] if tick else ["--no-tick"])], env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.proc.communicate()[1].decode()
            try:
                httpx.get(f"{self.url}/api/openapi.json", timeout=1)
                return
            except httpx.TransportError:
                time.sleep(0.05)  # a real socket: poll with a bound
        raise AssertionError("the server did not start")

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=WAIT)
        finally:
            if self.proc.poll() is None:  # pragma: no cover - a hung server
                self.proc.kill()
            self.proc.communicate()


@pytest.fixture
def store(db_url: str) -> Iterator[tuple[str, Office, SettableClock, dict[str, str]]]:
    """A store with a supervisor and a desk clerk (bearer tokens) and the office."""
    clock = SettableClock(PAST)
    with Office.open(db_url, user=ADMIN, clock=clock) as office:
        tokens = {}
        for name, role in (("laozhang", "supervisor"), ("xiaoliu", "desk")):
            office.users.add(name, [role], ["main"], "correct horse battery")
            tokens[name] = office.users.issue_token(name)[1]
        yield db_url, office, clock, tokens


def config(tmp_path: Path, text: str = "") -> Path:
    path = tmp_path / "propsvc.toml"
    path.write_text("[server]\ntick_seconds = 0.5\n\n"
                    "[notify.stream]\npoll_seconds = 0.2\nheartbeat_seconds = 0.5\n" + text,
                    encoding="utf-8")
    return path


@pytest.fixture
def server(store: tuple[str, Office, SettableClock, dict[str, str]],
           tmp_path: Path) -> Iterator[Server]:
    running = Server(store[0], config(tmp_path), tick=False)
    yield running
    running.stop()


def miss(office: Office, clock: SettableClock) -> str:
    desk = office.acting_as(Actor("前台", "desk"))
    number = desk.tickets.open("repair", unit="3-2-1201", caller="王芳",
                               phone="13800001234", summary="厨房漏水").number
    clock.advance(timedelta(minutes=9))
    desk.tick()
    return number


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_the_feed_and_its_marks_over_the_api_are_each_users_own(
        store: tuple[str, Office, SettableClock, dict[str, str]], server: Server) -> None:
    _, office, clock, tokens = store
    number = miss(office, clock)
    api = f"{server.url}/api/v1/notifications"
    boss = httpx.get(api, headers=bearer(tokens["laozhang"]), timeout=WAIT).json()
    assert [(n["kind"], n["number"]) for n in boss["items"]] == [("escalated", number)]
    assert (boss["unread"], boss["roles"], boss["user"]) == (1, ["supervisor"], "laozhang")
    desk = httpx.get(api, headers=bearer(tokens["xiaoliu"]), timeout=WAIT).json()
    assert [n["kind"] for n in desk["items"]] == ["missed"]
    theirs = desk["items"][0]["id"]
    refused = httpx.post(f"{api}/{theirs}/read", headers=bearer(tokens["laozhang"]),
                         timeout=WAIT)
    assert refused.status_code == 404 and "no notification" in refused.json()["error"]["message"]
    mine = boss["items"][0]["id"]
    marked = httpx.post(f"{api}/{mine}/read", headers=bearer(tokens["laozhang"]), timeout=WAIT)
    assert marked.status_code == 200 and marked.json() == {"id": mine, "read": True, "unread": 0}
    unread = httpx.get(api, params={"unread": "true"}, headers=bearer(tokens["laozhang"]),
                       timeout=WAIT).json()
    assert unread["items"] == [] and unread["total"] == 0
    assert httpx.get(api, params={"limit": 0}, headers=bearer(tokens["xiaoliu"]),
                     timeout=WAIT).status_code == 422
    everything = httpx.post(f"{api}/read-all", headers=bearer(tokens["xiaoliu"]), timeout=WAIT)
    assert everything.json() == {"marked": 1, "unread": 0}
    assert httpx.get(api, timeout=WAIT).status_code == 401


def read_events(lines: Iterator[str], until: str, seen: list[str]) -> None:
    """Read lines of the stream into ``seen`` until one starts with ``until``."""
    for line in lines:
        seen.append(line)
        if line.startswith(until):
            return
    raise AssertionError(f"the stream ended before {until!r}: {seen}")


def test_the_stream_sends_new_notifications_heartbeats_and_bye_on_sigterm(
        store: tuple[str, Office, SettableClock, dict[str, str]], server: Server) -> None:
    _, office, clock, tokens = store
    url = f"{server.url}/api/v1/notifications/stream"
    seen: list[str] = []
    with httpx.stream("GET", url, headers=bearer(tokens["laozhang"]),
                      timeout=httpx.Timeout(WAIT)) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        lines = response.iter_lines()
        read_events(lines, 'data: {"unread": 0}', seen)
        number = miss(office, clock)
        read_events(lines, "event: notification", seen)
        data = next(lines)
        assert data.startswith("data: ") and number in data and '"escalated"' in data
        read_events(lines, ": heartbeat", seen)
        server.proc.send_signal(signal.SIGTERM)
        read_events(lines, "event: bye", seen)
        assert [line for line in lines if line] == ['data: {"reason": "the server is '
                                                    'shutting down"}']  # then it ended
    assert seen[0].startswith("retry:")
    assert any(line.startswith("id: ") for line in seen)
    assert server.stop() in CLEAN_EXIT


def test_a_reconnect_with_last_event_id_gets_what_it_missed(
        store: tuple[str, Office, SettableClock, dict[str, str]], server: Server) -> None:
    _, office, clock, tokens = store
    miss(office, clock)
    api = f"{server.url}/api/v1/notifications"
    [first] = httpx.get(api, headers=bearer(tokens["laozhang"]), timeout=WAIT).json()["items"]
    miss(office, clock)  # while the client was away
    seen: list[str] = []
    with httpx.stream("GET", f"{api}/stream", timeout=httpx.Timeout(WAIT),
                      headers={**bearer(tokens["laozhang"]), "Last-Event-ID": first["id"]}
                      ) as response:
        read_events(response.iter_lines(), "event: notification", seen)
        ident = seen[-2]
        assert ident.startswith("id: ") and ident != f"id: {first['id']}"


def test_the_server_s_tick_loop_delivers_to_a_webhook(
        store: tuple[str, Office, SettableClock, dict[str, str]], tmp_path: Path) -> None:
    db, office, _clock, _ = store
    office.acting_as(Actor("前台", "desk")).tickets.open(
        "repair", unit="3-2-1201", caller="王芳", phone="13800001234", summary="厨房漏水")
    with webhook_receiver() as hook:
        hook.fail_next = 1  # the first POST fails; the retry after 1 s goes through
        running = Server(db, config(tmp_path, f"""
[notify.delivery]
backoff_seconds = 1

[[notify.webhook]]
name = "supervisors"
url = "{hook.url}"
roles = ["supervisor"]
"""), tick=True)
        try:
            received = wait_for(hook, 2)  # R3 and R4 escalations to the supervisor
        finally:
            code = running.stop()
    assert code in CLEAN_EXIT
    assert sorted(b["notification"]["rule"] for b in received) == ["R3", "R4"]
    assert {b["notification"]["kind"] for b in received} == {"escalated"}
    assert hook.refused == 1


def wait_for(hook: Inbox, count: int) -> list[dict[str, object]]:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        with hook.lock:
            if len(hook.received) >= count:
                return list(hook.received)
        time.sleep(0.05)  # a real socket: poll with a bound
    raise AssertionError(f"the webhook got {hook.received} (refused {hook.refused})")
