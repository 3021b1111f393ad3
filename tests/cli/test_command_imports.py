"""What a command imports (issue 11): no SQLAlchemy (Core, ORM, sqlalchemy_utils) on a read's
or a write's path, a read answered from the read models loads neither the domain's
pydantic classes nor rich when it prints JSON, and a command on one family loads only
that family's event classes, policies and read models (per-family lazy loading).

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
    """The packages loaded by one run of ``propsvc --db db ARGV`` in a new interpreter."""
    loaded = modules(db, *argv)
    # the CLI's stand-in for pydantic's plugin loader is no import of pydantic
    return {m.split(".")[0] for m in loaded - {"pydantic.plugin._loader"}}


def modules(db: Path, *argv: str, **extra_env: str) -> set[str]:
    """The modules loaded by one run of ``propsvc --db db ARGV`` in a new interpreter."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PROPSVC_") and k != "PYDANTIC_DISABLE_PLUGINS"}
    env["PROPSVC_NOW"] = NOW
    env.update(extra_env)
    done = subprocess.run([sys.executable, "-c", PROBE, "--db", str(db), *argv],
                          capture_output=True, text=True, env=env, check=False)
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["code"] == 0, done.stderr
    return set(report["modules"])


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


# the families a repair ticket never needs: their event classes, policies, read models
OTHER_AGGREGATES = {f"propsvc.aggregates.{m}" for m in (
    "keys", "key_links", "key_rules", "renovation", "renovation_events", "incident",
    "vacancy", "user", "fees", "playbooks", "handover", "movein", "paid", "found",
    "release")}
OTHER_POLICIES = {f"propsvc.policies.{m}" for m in (
    "keys", "renovation", "incident", "vacancy", "movein", "paid", "found")}
OTHER_READ_MODELS = {f"propsvc.projections.{m}" for m in (
    "keys", "renovation", "incident", "users", "vacancy", "movein", "paid", "fees",
    "release", "found", "visit")}


def test_a_repair_write_loads_only_the_ticket_family(store: Path) -> None:
    found = modules(store, "--json", *INTAKE)
    assert {"propsvc.aggregates.repair", "propsvc.policies.repair",
            "propsvc.projections.ticket", "propsvc.projections.deadlines"} <= found  # it ran
    assert not found & OTHER_AGGREGATES, sorted(found & OTHER_AGGREGATES)
    assert not found & OTHER_POLICIES, sorted(found & OTHER_POLICIES)
    assert not found & OTHER_READ_MODELS, sorted(found & OTHER_READ_MODELS)
    assert not {"propsvc.desks.complaint", "propsvc.desks.help",
                "propsvc.desks.inquiry"} & found  # only the desk of the kind opened


def test_a_show_of_one_ticket_loads_its_family_and_no_read_model(store: Path) -> None:
    found = modules(store, "--json", "ticket", "show", "BX-20261122-001")
    assert "propsvc.aggregates.repair" in found  # it did decode the ticket's events
    assert not found & OTHER_AGGREGATES, sorted(found & OTHER_AGGREGATES)
    assert not {m for m in found if m.startswith("propsvc.policies.")} - {
        "propsvc.policies.base", "propsvc.policies.escalation"}
    assert not {m for m in found if m.startswith("propsvc.projections.")} & (
        OTHER_READ_MODELS | {"propsvc.projections.ticket", "propsvc.projections.catchup"})


def test_a_write_does_not_search_for_pydantic_plugins(store: Path) -> None:
    found = modules(store, "--json", *INTAKE)
    assert "pydantic.main" in found and "importlib.metadata" not in found
    # asked to, pydantic looks for installed plugins as usual
    allowed = modules(store, "--json", *INTAKE, PYDANTIC_DISABLE_PLUGINS="")
    assert "importlib.metadata" in allowed
