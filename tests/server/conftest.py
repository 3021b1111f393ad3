"""Fixtures of the server's tests: a store with a user per role (made once per module:
argon2 is slow on purpose), an in-process client (``TestClient``, for fast route
tests); the real-process tests are in tests/integration/test_server_*.py."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from propsvc.clock import SettableClock
from propsvc.server.app import create_app
from propsvc.server.settings import Settings
from tests.server.support import SETUP, Store, make_store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return make_store(str(tmp_path_factory.mktemp("store") / "propsvc.db"))


@pytest.fixture
def fresh_store(tmp_path: Path) -> Store:
    return make_store(str(tmp_path / "propsvc.db"))


@pytest.fixture
def server_clock() -> SettableClock:
    return SettableClock(SETUP + timedelta(hours=3))


def client_on(store: Store, clock: SettableClock, **settings: object) -> TestClient:
    options = {"tick": False, "login_per_minute": 1000, **settings}
    return TestClient(create_app(Settings(db=store.db, clock=clock, **options)))  # type: ignore[arg-type]


@pytest.fixture
def app_client(store: Store, server_clock: SettableClock) -> Iterator[TestClient]:
    with client_on(store, server_clock) as client:
        yield client
