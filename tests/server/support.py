"""A store with one user per role (and a few with two), their tokens, and a real
``propsvc serve`` process on a free port — for the server's tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

from propsvc.clock import SettableClock
from propsvc.permissions import ROLES
from tests.office import open_office

# setup happens at 09:00 office time; the server's clock reads 12:00 the same day
SETUP = datetime(2026, 11, 22, 1, 0, tzinfo=UTC)
SERVER_NOW = "2026-11-22 12:00"
# users holding two roles: the two-person rules must still tell the halves apart
PAIRS = {"zhou": ("manager", "cashier"), "wu": ("manager",), "li": ("technician",),
         "chen": ("desk", "supervisor")}


def password(name: str) -> str:
    return f"pw-{name}-2026!"


@dataclass
class Store:
    db: str
    tokens: dict[str, str] = field(default_factory=dict)  # user name → bearer token

    def role_token(self, role: str) -> str:
        return self.tokens[f"u_{role}"]


def make_store(db: str) -> Store:
    """One user ``u_<role>`` per role and the ``PAIRS``, each with a password and a token
    (the token of a two-role user acts as the first role)."""
    store = Store(db)
    with open_office(db, actor="admin", clock=SettableClock(SETUP)) as office:
        people = {f"u_{r}": (r,) for r in ROLES} | PAIRS
        for name, roles in people.items():
            office.users.add(name, list(roles), ["main"], password(name))
            _, token = office.users.issue_token(name, roles[0], "main", "tests")
            store.tokens[name] = token
    return store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Running:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30)

    def log_lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8", errors="replace").splitlines()


@contextmanager
def serving(db: str, tmp: Path, *extra: str, config: str | None = None,
            now: str | None = SERVER_NOW) -> Iterator[Running]:
    """``propsvc --db DB serve --port P`` as its own process; stopped with SIGTERM, which
    must end it cleanly (exit 0)."""
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("PROPSVC_NOW", None)
    if now:
        env["PROPSVC_NOW"] = now
    args = [sys.executable, "-m", "propsvc", "--db", db, "serve", "--port", str(port), *extra]
    if config:
        args += ["--config", config]
    log = tmp / f"server-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env)
        running = Running(f"http://127.0.0.1:{port}", process, log)
        try:
            _wait_until_up(running)
            yield running
        finally:
            stop(running)


def _wait_until_up(running: Running, limit: float = 30.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if running.process.poll() is not None:
            raise AssertionError(f"the server exited: {running.log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{running.url}/api/openapi.json", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)  # waiting for a process to listen, not for a business time
    raise AssertionError("the server did not start in time")


def stop(running: Running) -> None:
    if running.process.poll() is None:
        running.process.send_signal(signal.SIGTERM)
        try:
            running.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            running.process.kill()
            running.process.wait()
            raise AssertionError("the server did not stop on SIGTERM") from None


def config_file(tmp: Path, **server: object) -> str:
    lines = ["[server]"] + [f"{k} = {_toml(v)}" for k, v in server.items()]
    path = tmp / "server.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)
