"""What a command imports (issue 11): no SQLAlchemy (Core, ORM, sqlalchemy_utils) on a read's
or a write's path, and a read answered from the read models loads neither the domain's
pydantic classes nor rich when it prints JSON.

Each command runs in a fresh interpreter, as a user starts it, on a store made by a real
write; the interpreter then lists ``sys.modules``. Nothing here is timed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

NOW = "2026-11-22 09:00"
INTAKE = ("ticket", "open", "--kind", "repair", "--unit", "3-2-1201", "--caller", "王",
          "--summary", "漏水")
PROBE = """
import json, sys
from propsvc.cli import run
code = run(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""
NO_SQLALCHEMY = ("sqlalchemy", "sqlalchemy_utils", "eventsourcing_sqlalchemy")


def imported(db: Path, *argv: str) -> set[str]:
    """The modules loaded by one run of ``propsvc --db db ARGV`` in a new interpreter."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROPSVC_")}
    env["PROPSVC_NOW"] = NOW
    done = subprocess.run([sys.executable, "-c", PROBE, "--db", str(db), *argv],
                          capture_output=True, text=True, env=env, check=False)
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["code"] == 0, done.stderr
    return {m.split(".")[0] for m in report["modules"]}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("imports") / "s.db"
    imported(db, "--json", *INTAKE)
    return db


def test_a_write_imports_no_sqlalchemy(store: Path) -> None:
    found = imported(store, "--json", *INTAKE)
    assert "propsvc" in found and "pydantic" in found  # it did run the domain
    assert not found & set(NO_SQLALCHEMY), found & set(NO_SQLALCHEMY)
    assert "rich" not in found  # --json: nothing drawn


def test_a_desk_service_write_imports_no_sqlalchemy(store: Path) -> None:
    found = imported(store, "--json", "found", "record", "--item", "雨伞", "--place", "大堂",
                     "--finder", "小王")
    assert "pydantic" in found  # it did run the domain
    assert not found & set(NO_SQLALCHEMY), found & set(NO_SQLALCHEMY)


@pytest.mark.parametrize("argv", [
    ("--json", "overdue"), ("--json", "register", "repairs", "--date", "2026-11-22"),
    ("--json", "register", "daily-repairs"), ("--json", "ticket", "find", "3-2"),
    ("register", "repairs", "--date", "2026-11-22"), ("ticket", "show", "BX-20261122-001"),
    ("--json", "register", "found", "--month", "2026-11"), ("register", "vacancies"),
    ("--json", "register", "vacancy-inspections", "--month", "2026-11"),
], ids=" ".join)
def test_a_read_imports_no_sqlalchemy(store: Path, argv: tuple[str, ...]) -> None:
    found = imported(store, *argv)
    assert not found & set(NO_SQLALCHEMY), found & set(NO_SQLALCHEMY)
    if "--json" not in argv:
        assert "rich" in found  # a table was drawn: rich came with it


@pytest.mark.parametrize("argv", [
    ("--json", "overdue"), ("--json", "register", "repairs", "--date", "2026-11-22"),
    ("--json", "register", "paid", "--month", "2026-11"),
    ("--json", "register", "moveins", "--date", "2026-11-22"),
], ids=" ".join)
def test_a_read_from_the_read_models_loads_no_domain_class_nor_rich(
        store: Path, argv: tuple[str, ...]) -> None:
    found = imported(store, *argv)
    assert "pydantic" not in found and "rich" not in found, found & {"pydantic", "rich"}
