"""Web desk fixtures: a store with the office's users (a clerk, a technician, a
supervisor, a manager who is also the company's auditor, a cashier who also stands at the
gate), an in-process app for page checks, and a real ``propsvc serve`` process on a free
port for the browser."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from propsvc.clock import SettableClock
from tests.conftest import START
from tests.office import open_office

PASSWORD = "desk-pass-2026"
USERS = {"lily": ["desk"], "wang": ["technician"], "zhou": ["supervisor"],
         "chen": ["manager", "auditor"], "liu": ["cashier", "security"]}
NOW = "2026-11-22 09:00"  # office time (START); the server's clock stands still there


@dataclass
class Store:
    db: str
    clock: SettableClock


def make_store(path: Path) -> Store:
    clock = SettableClock(START)
    db = str(path / "web.db")
    with open_office(db, clock=clock, actor="admin", role="manager") as office:
        office.records.add_office("main", "中心管理处", "Asia/Shanghai")
        office.records.add_office("north", "北区管理处", "Asia/Shanghai")
        for name, roles in USERS.items():
            office.users.add(name, roles, ["main", "north"] if name == "chen" else ["main"],
                             PASSWORD)
    return Store(db, clock)


@pytest.fixture(scope="session")
def template_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The users are made once (argon2 hashing is slow by design); each test copies it."""
    return Path(make_store(tmp_path_factory.mktemp("web-template")).db)


def copy_store(template: Path, path: Path) -> Store:
    import shutil

    db = path / "web.db"
    shutil.copyfile(template, db)
    return Store(str(db), SettableClock(START))


@pytest.fixture
def store(template_store: Path, tmp_path: Path) -> Store:
    return copy_store(template_store, tmp_path)


@pytest.fixture
def client(store: Store) -> Iterator[object]:
    from fastapi.testclient import TestClient

    from propsvc.server.app import create_app
    from propsvc.server.settings import Settings

    app = create_app(Settings(db=store.db, clock=store.clock, tick=False))
    with TestClient(app) as c:
        yield c


def log_in(client: object, name: str, role: str | None = None) -> None:
    data = {"name": name, "password": PASSWORD, "next": "/"}
    if role:
        data["role"] = role
    res = client.post("/login", data=data, follow_redirects=False)  # type: ignore[attr-defined]
    assert res.status_code == 303, res.text


def csrf_of(client: object) -> str:
    token: str = client.cookies.get("propsvc_csrf")  # type: ignore[attr-defined]
    return token


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    url: str
    store: Store


@pytest.fixture
def server(template_store: Path, tmp_path: Path) -> Iterator[Server]:
    """``propsvc serve`` in its own process on a free port, its clock fixed at ``NOW``."""
    found = copy_store(template_store, tmp_path)
    port = free_port()
    env = {**os.environ, "PROPSVC_NOW": NOW}
    proc = subprocess.Popen([sys.executable, "-m", "propsvc", "--db", found.db, "serve",
                             "--port", str(port), "--no-tick"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for(port, proc)
        yield Server(f"http://127.0.0.1:{port}", found)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_for(port: int, proc: subprocess.Popen[bytes]) -> None:
    """Until the server accepts connections (it has to import and open the store)."""
    ready = threading.Event()
    for _ in range(400):
        if proc.poll() is not None:
            raise RuntimeError(f"propsvc serve exited: {proc.stderr.read().decode()[-2000:]}"
                               if proc.stderr else "propsvc serve exited")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            ready.wait(0.05)
    raise RuntimeError("propsvc serve did not start listening")
