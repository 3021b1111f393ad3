"""Shared fixtures: a settable clock, a fresh SQLite file, a fresh PostgreSQL database."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from propsvc.clock import SettableClock
from propsvc.office import Office
from tests.office import open_office

pytest_plugins = [
    "tests.bdd.steps.repair_steps",
    "tests.bdd.steps.key_steps",
    "tests.bdd.steps.reno_steps",
    "tests.bdd.steps.complaint_steps",
    "tests.bdd.steps.help_steps",
    "tests.bdd.steps.incident_steps",
    "tests.bdd.steps.handover_steps",
    "tests.bdd.steps.correction_steps",
    "tests.bdd.steps.service_steps",
    "tests.bdd.steps.time_steps",
    "tests.bdd.steps.company_steps",
]

PG_URL = os.environ.get("PROPSVC_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
# 2026-11-22 09:00 in Asia/Shanghai; tests never depend on today's date.
START = datetime(2026, 11, 22, 1, 0, tzinfo=UTC)


def _pg_admin_url() -> str:
    return PG_URL.replace("postgresql://", "postgresql+psycopg://", 1)


def pg_reachable() -> str | None:
    """None when the server answers, else the reason it does not."""
    try:
        import psycopg

        with psycopg.connect(PG_URL, connect_timeout=3):
            return None
    except Exception as err:  # pragma: no cover - depends on the machine
        return f"PostgreSQL not reachable at {PG_URL}: {str(err).splitlines()[0]}"


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Messages in English (the suite asserts English texts); a test that wants zh-CN
    sets it (``set_lang("zh-CN")``, the CLI's ``--lang``, or no PROPSVC_LANG)."""
    from propsvc.i18n import set_lang

    monkeypatch.setenv("PROPSVC_LANG", "en")
    set_lang("en")
    yield
    set_lang("en")


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(START)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return str(tmp_path / "propsvc.db")


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A brand-new database on the local server, dropped afterwards."""
    reason = pg_reachable()
    if reason:
        pytest.skip(reason)
    import psycopg

    name = f"propsvc_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = PG_URL.rsplit("/", 1)[0] + f"/{name}"
    yield url
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Run a test on both stores."""
    if request.param == "sqlite":
        return str(tmp_path / "propsvc.db")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def make_runtime(clock: SettableClock) -> Iterator[Callable[..., Office]]:
    made: list[Office] = []

    def make(db: str, **kw: object) -> Office:
        rt = open_office(db=db, clock=kw.pop("clock", clock), **kw)  # type: ignore[arg-type]
        made.append(rt)
        return rt

    yield make
    for rt in made:
        rt.close()


@pytest.fixture
def rt(make_runtime: Callable[..., Office], sqlite_url: str) -> Office:
    """A runtime on a fresh SQLite file with the settable clock."""
    return make_runtime(sqlite_url)
