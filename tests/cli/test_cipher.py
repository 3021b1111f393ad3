"""Personal data at rest (issue 9 item 7): with PROPSVC_CIPHER_KEY set the event log holds
no phone number in the clear, the desks and registers work as before, the chain verifies
without the key, and a wrong or missing key is one clear line, exit 2."""

from __future__ import annotations

import base64
import os
import sqlite3
from pathlib import Path

import pytest

from propsvc.store.cipher import MARK
from tests.cli.conftest import Cli

PHONE = "13912345678"


def _key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def _open(cli: Cli) -> str:
    view = cli.json("ticket", "open", "--kind", "repair", "--unit", "3-2-1201", "--caller",
                    "张先生", "--phone", PHONE, "--summary", "厨房水管漏水")
    return str(view["number"])


def test_states_are_encrypted_and_everything_still_reads(cli: Cli) -> None:
    key = _key()
    cli.monkeypatch.setenv("PROPSVC_CIPHER_KEY", key)
    number = _open(cli)
    cli.ok("repair", "order", number, "--technician", "王师傅")
    with sqlite3.connect(cli.db) as conn:
        states = [bytes(r[0]) for r in conn.execute("SELECT state FROM propsvc_events")]
    assert states and all(s.startswith(MARK) for s in states)
    assert not any(PHONE.encode() in s or "张先生".encode() in s for s in states)
    assert cli.json("ticket", "show", number)["status"] == "ordered"
    assert cli.json("register", "repairs", "--date", "2026-11-22")["rows"][0]["number"] == number

    cli.monkeypatch.delenv("PROPSVC_CIPHER_KEY")
    assert cli.json("verify")["ok"] is True, "the chain covers the stored bytes: no key needed"
    refused = cli("ticket", "history", number)
    assert (refused.code, refused.error) == (2, "error: this store's events are encrypted: "
                                                "set PROPSVC_CIPHER_KEY to its key")
    cli.monkeypatch.setenv("PROPSVC_CIPHER_KEY", _key())
    wrong = cli("ticket", "history", number)
    assert wrong.code == 2 and "cannot decrypt an event with PROPSVC_CIPHER_KEY" in wrong.error


def test_a_store_can_switch_encryption_on_and_an_encrypted_export_round_trips(
        cli: Cli, tmp_path: Path) -> None:
    first = _open(cli)  # written in the clear
    cli.monkeypatch.setenv("PROPSVC_CIPHER_KEY", _key())
    second = _open(cli)
    assert {cli.json("ticket", "show", n)["number"] for n in (first, second)} == {first, second}
    out = tmp_path / "e.jsonl"
    exported = cli.json("events", "export", "--out", str(out))
    text = out.read_text(encoding="utf-8")
    assert '"state_b64"' in text and '"state":' in text
    restored = tmp_path / "restored.db"
    imported = cli.json("--db", str(restored), "--role", "manager", "events", "import", str(out))
    assert imported["head"] == exported["head"]
    assert cli.json("--db", str(restored), "ticket", "show", second)["number"] == second


@pytest.mark.parametrize("bad", ["short", "bm90IGJhc2U2NA=="])
def test_a_malformed_key_is_bad_input(cli: Cli, bad: str) -> None:
    cli.monkeypatch.setenv("PROPSVC_CIPHER_KEY", bad)
    result = cli("ticket", "open", "--kind", "repair", "--unit", "3-2-1201", "--caller", "张",
                 "--summary", "漏水")
    assert result.code == 2 and "PROPSVC_CIPHER_KEY is not a valid AES key" in result.error
    assert not cli.db.exists()
