"""CLI test harness: ``propsvc.cli.run`` with a frozen clock, a fresh SQLite file, capsys.

``run`` is the real entry point (``main`` only adds ``sys.exit``), so these tests see
exactly the exit codes and the one-line errors a user sees.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from propsvc.cli import run

START = "2026-11-22 09:00"  # office time (Asia/Shanghai) = 01:00 UTC
ENV = ("PROPSVC_DB", "PROPSVC_OFFICE", "PROPSVC_ACTOR", "PROPSVC_ROLE", "PROPSVC_PROFILE",
       "PROPSVC_NOW", "PROPSVC_DEBUG", "PROPSVC_LANG", "PROPSVC_CIPHER_KEY")
ISO_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?\+00:00$")
ISO_ANY = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$")
TIME_KEYS = {"at", "appointment", "as_of", "completed_on"}


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    @property
    def error(self) -> str:
        """The one error line; fails unless stderr holds exactly one line."""
        lines = self.err.splitlines()
        assert len(lines) == 1, f"expected one error line, got {self.err!r}"
        return lines[0]


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str] | None,
                 monkeypatch: pytest.MonkeyPatch, db: Path) -> None:
        self.capsys, self.monkeypatch, self.db = capsys, monkeypatch, db
        self.now(START)

    def now(self, text: str) -> None:
        """Move the frozen clock (office time)."""
        self.monkeypatch.setenv("PROPSVC_NOW", text)

    def __call__(self, *args: str, now: str | None = None) -> Result:
        if now is not None:
            self.now(now)
        if self.capsys is None:  # outside a test (module fixtures): capture by hand
            out_buf, err_buf = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out_buf), contextlib.redirect_stderr(err_buf):
                code = run(list(args))
            return Result(code, out_buf.getvalue(), err_buf.getvalue())
        self.capsys.readouterr()
        code = run(list(args))
        out, err = self.capsys.readouterr()
        return Result(code, out, err)

    def ok(self, *args: str, now: str | None = None) -> Result:
        result = self(*args, now=now)
        assert result.code == 0, result.err
        assert result.err == "", result.err
        return result

    def json(self, *args: str, now: str | None = None) -> Any:
        return self.ok("--json", *args, now=now).json()

    def open_repair(self, unit: str = "3-2-1201", *extra: str, now: str | None = None) -> str:
        data = self.json("ticket", "open", "--kind", "repair", "--unit", unit,
                         "--caller", "王女士", "--phone", "13800001234",
                         "--summary", "厨房水管漏水", "--part", "厨房水管", *extra, now=now)
        return str(data["number"])

    def events(self) -> int:
        """Rows in the event store (0 when there is no database yet)."""
        if not self.db.exists():
            return 0
        conn = sqlite3.connect(self.db)
        try:
            tables = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table'")}
            if "propsvc_events" not in tables:
                return 0
            return int(conn.execute("SELECT count(*) FROM propsvc_events").fetchone()[0])
        finally:
            conn.close()


def prepare(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Path:
    """A clean environment whose database is ``folder/propsvc.db`` (not created yet)."""
    for name in (*ENV, "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    # The suite's assertions are written in English: English unless a test asks for
    # zh-CN (``--lang zh-CN``, or by removing PROPSVC_LANG for the default).
    monkeypatch.setenv("PROPSVC_LANG", "en")
    db = folder / "propsvc.db"
    monkeypatch.setenv("PROPSVC_DB", str(db))
    monkeypatch.chdir(folder)
    return db


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(capsys, monkeypatch, prepare(monkeypatch, tmp_path))


def copy_db(source: Path, target: Path) -> None:
    """Copy a closed SQLite database (and any journal files) to ``target``."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        src = Path(f"{source}{suffix}")
        if src.exists():
            shutil.copyfile(src, f"{target}{suffix}")


def assert_times(value: Any, path: str = "$") -> int:
    """Every time-valued field is ISO 8601 with an offset; returns how many were checked.

    Times computed by propsvc are UTC with ``+00:00``; raw event payloads (``data``) are
    pydantic's serialisation, UTC with ``Z``.
    """
    checked = 0
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and (key.endswith("_at") or key in TIME_KEYS):
                inside_data = ".data" in path
                pattern = ISO_ANY if inside_data else ISO_UTC
                assert pattern.match(item), f"{path}.{key} = {item!r} is not ISO 8601 UTC"
                assert datetime.fromisoformat(item.replace("Z", "+00:00")).tzinfo is not None
                checked += 1
            else:
                checked += assert_times(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            checked += assert_times(item, f"{path}[{i}]")
    return checked
