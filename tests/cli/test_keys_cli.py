"""``propsvc key`` / ``propsvc reno`` / key and renovation registers from the command line:
exit codes, one-line errors, nothing written on a refusal, stable JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from propsvc.cli import cli, run

NOW = "2026-11-22 09:00"
DOCS = ["--doc", "certificate", "--doc", "contract", "--doc", "licence", "--doc", "worker-ids"]


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "p.db"
    monkeypatch.setenv("PROPSVC_DB", str(path))
    monkeypatch.setenv("PROPSVC_NOW", NOW)
    monkeypatch.delenv("PROPSVC_ROLE", raising=False)
    return path


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def events(capsys: pytest.CaptureFixture[str], label: str) -> int:
    code, out, _ = call(capsys, "--json", "key", "history", label)
    return len(json.loads(out)) if code == 0 else 0


def test_every_key_and_reno_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    import click

    for group in ("key", "reno", "register"):
        command = cli.get_command(click.Context(cli), group)
        assert isinstance(command, click.Group)
        for name in command.list_commands(click.Context(command)):
            code, out, _ = call(capsys, group, name, "--help")
            assert code == 0 and "Usage" in out, (group, name)


@pytest.mark.parametrize(("args", "message"), [
    (["key", "deposit", "--unit", "3-2-1201", "--owner", "王芳", "--id-last4", "04"],
     "error: K2: --id-last4 '04' must be 4 ID-card characters, e.g. 0427 or 123X"),
    (["key", "deposit", "--unit", "12 01", "--owner", "王芳", "--id-last4", "0427"],
     "error: K2: unit '12 01' must be building-unit-room, e.g. 3-2-1201"),
    (["key", "lend", "3-2-1201", "--to", "x", "--id-last4", "1234", "--purpose", " ",
      "--borrower-type", "staff"], "error: K3: the purpose (--purpose) is required"),
    (["key", "lend", "3-2-1201", "--to", "x", "--id-last4", "1234", "--purpose", "p",
      "--borrower-type", "staff", "--due", "tomorrow"],
     "error: cannot read time 'tomorrow': use YYYY-MM-DD HH:MM (office time) or ISO 8601"),
    (["reno", "apply", "--unit", "3-2-1201", "--contractor", "c", "--scope", "s",
      "--from", "2026-12-01", "--to", "2026-11-01", *DOCS], "error: N1: --to is before --from"),
    (["reno", "sign", "ZX-1"], "error: 'ZX-1' is not a renovation number: use e.g. "
                               "ZX-20261122-001"),
    (["key", "lend", "3-2-1201", "--to", "x", "--id-last4", "1234", "--purpose", "p",
      "--borrower-type", "contractor", "--renovation", "nope"],
     "error: 'nope' is not a renovation number: use e.g. ZX-20261122-001"),
    (["reno", "phase", "ZX-20261122-001", "--phase", "installation"],
     "error: N5: the installation phase is inspected at the installation time: give "
     "--install-at TIME"),
    (["reno", "pay-deposit", "ZX-20261122-001", "--amount", "-5"],
     "error: amount -5 must be positive with at most 2 decimals"),
    (["register", "renovations", "--status", "working"],
     "error: Invalid value for '--status': 'working' is not one of 'applied', 'rejected', "
     "'approved', 'signed', 'agreed', 'paid', 'active', 'initial_accepted', 'accepted', "
     "'refunded'. (see 'propsvc register renovations --help')"),
])
def test_bad_input_is_one_line_exit_2_and_writes_nothing(
        capsys: pytest.CaptureFixture[str], db: Path, args: list[str], message: str) -> None:
    code, _, err = call(capsys, *args)
    assert (code, err.strip()) == (2, message)
    assert not db.exists() or events(capsys, "3-2-1201") == 0


def test_refusals_are_exit_1_and_record_nothing(capsys: pytest.CaptureFixture[str],
                                                 db: Path) -> None:
    assert call(capsys, "key", "deposit", "--unit", "3-2-1201", "--owner", "王芳",
                "--id-last4", "0427")[0] == 0
    before = events(capsys, "3-2-1201")
    code, _, err = call(capsys, "key", "lend", "3-2-1201", "--to", "张三", "--id-last4",
                        "1111", "--purpose", "装修", "--borrower-type", "contractor")
    assert code == 1
    assert err.strip() == ("error: K3: key 3-2-1201: a contractor borrows unit 3-2-1201's key "
                           "only under its active renovation permit (--renovation NUMBER)")
    code, _, err = call(capsys, "key", "retrieve", "3-2-1201", "--id-last4", "9999")
    assert code == 1 and err.startswith("error: K4:") and len(err.splitlines()) == 1
    assert events(capsys, "3-2-1201") == before
    code, _, err = call(capsys, "reno", "apply", "--unit", "3-2-1201", "--contractor", "c",
                        "--scope", "s", "--from", "2026-12-01", "--to", "2026-12-31",
                        "--doc", "certificate")
    assert (code, err.strip()) == (
        1, "error: N1: the application lacks copies of: contract, licence, worker-ids")
    code, out, _ = call(capsys, "--json", "register", "renovations")
    assert json.loads(out)["rows"] == []


def test_role_checks_are_refusals(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    assert call(capsys, "reno", "apply", "--unit", "3-2-1201", "--contractor", "c",
                "--scope", "s", "--from", "2026-12-01", "--to", "2026-12-31", *DOCS)[0] == 0
    assert call(capsys, "reno", "pre-inspect", "ZX-20261122-001")[0] == 0
    code, _, err = call(capsys, "reno", "review", "ZX-20261122-001", "--approve")
    assert code == 1 and err.startswith("error: N3: the plan review is for engineering")
    assert call(capsys, "--role", "engineering", "reno", "review", "ZX-20261122-001",
                "--approve")[0] == 0
    assert call(capsys, "--role", "manager", "reno", "sign", "ZX-20261122-001")[0] == 0
    assert call(capsys, "reno", "agreement", "ZX-20261122-001")[0] == 0
    assert call(capsys, "reno", "pay-deposit", "ZX-20261122-001", "--amount", "2000")[0] == 0
    code, _, err = call(capsys, "reno", "permit", "ZX-20261122-001")
    assert (code, err.strip()) == (2, "error: N4: ZX-20261122-001: no workers named: list "
                                      "them on the application or give --worker NAME (one "
                                      "pass each)")
    code, _, err = call(capsys, "reno", "refund", "ZX-20261122-001")
    assert code == 1 and err.startswith("error: N9: the deposit refund is for manager or "
                                        "cashier")


def test_json_of_a_linked_loan_and_the_registers(capsys: pytest.CaptureFixture[str],
                                                  db: Path) -> None:
    assert call(capsys, "key", "deposit", "--unit", "3-2-1201", "--owner", "王芳",
                "--id-last4", "0427")[0] == 0
    assert call(capsys, "ticket", "open", "--kind", "repair", "--unit", "3-2-1201",
                "--caller", "王芳", "--summary", "漏水", "--spare-key", "yes")[0] == 0
    code, out, _ = call(capsys, "--json", "key", "lend", "3-2-1201", "--to", "李师傅",
                        "--id-last4", "1234", "--purpose", "维修",
                        "--borrower-type", "maintenance", "--ticket", "BX-20261122-001")
    assert code == 0
    view = json.loads(out)
    assert (view["subject"], view["ref"], view["status"]) == ("key", "3-2-1201", "lent")
    assert view["deadlines_opened"][0]["rule"] == "K5"
    assert view["deadlines_opened"][0]["due_at"] == "2026-11-22T15:59:59.999999+00:00"
    assert [(p["subject"], p["ref"], p["events"][0]["event"]) for p in view["linked"]] == [
        ("ticket", "BX-20261122-001", "KeyLentForWork")]
    code, out, _ = call(capsys, "--json", "ticket", "history", "BX-20261122-001")
    assert "KeyLentForWork" in [r["event"] for r in json.loads(out)]
    code, out, _ = call(capsys, "--json", "register", "key-loans")
    (row,) = json.loads(out)["rows"]
    assert row["ticket"] == "BX-20261122-001" and row["lent_at"] == "2026-11-22T01:00:00+00:00"
    code, out, _ = call(capsys, "--json", "register", "key-deposits")
    assert json.loads(out)["rows"][0]["owner"] == "王芳"
    code, out, _ = call(capsys, "--json", "key", "list")
    assert json.loads(out)[0]["status"] == "lent"


def test_show_a_key_and_a_renovation_as_json(capsys: pytest.CaptureFixture[str],
                                             db: Path) -> None:
    assert call(capsys, "key", "register", "--label", "天台", "--class", "public",
                "--area", "3栋天台")[0] == 0
    assert call(capsys, "key", "lend", "天台", "--to", "小王", "--id-last4", "123x",
                "--purpose", "巡查", "--borrower-type", "staff")[0] == 0
    code, out, _ = call(capsys, "--json", "key", "show", "天台")
    view = json.loads(out)
    assert code == 0 and view["status"] == "lent" and view["loan"]["borrower"] == "小王"
    assert view["deadlines"][0]["rule"] == "K5"
    assert call(capsys, "reno", "apply", "--unit", "3-2-1201", "--contractor", "c",
                "--scope", "s", "--from", "2026-12-01", "--to", "2026-12-31", *DOCS)[0] == 0
    code, out, _ = call(capsys, "--json", "reno", "show", "zx-20261122-001")
    assert code == 0 and json.loads(out)["status"] == "applied"
    code, _, err = call(capsys, "reno", "show", "ZX-20261122-002")
    assert code == 1 and err.startswith("error: no renovation ZX-20261122-002")


def test_roles_that_may_not_see_id_numbers_get_them_masked_in_key_reads(
        capsys: pytest.CaptureFixture[str], db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert call(capsys, "key", "deposit", "--unit", "3-2-1201", "--owner", "王芳",
                "--id-last4", "0427")[0] == 0
    assert call(capsys, "key", "register", "--label", "天台", "--class", "public",
                "--area", "3栋天台")[0] == 0
    assert call(capsys, "key", "lend", "天台", "--to", "小王", "--id-last4", "123x",
                "--purpose", "巡查", "--borrower-type", "staff",
                "--due", "2026-11-22 10:00")[0] == 0
    monkeypatch.setenv("PROPSVC_NOW", "2026-11-22 11:00")
    reads = [["key", "history", "3-2-1201"], ["key", "history", "天台"], ["key", "overdue"],
             ["handover", "show"]]
    for args in reads:
        code, out, _ = call(capsys, "--json", *args)
        assert code == 0 and ("0427" in out or "123X" in out), args  # the desk sees them
        code, out, _ = call(capsys, "--role", "auditor", "--json", *args)
        assert code == 0 and "0427" not in out and "123X" not in out, args
        assert '"id_last4": "****"' in out, args


def test_a_past_days_spot_check_list_keeps_units_accepted_since(
        capsys: pytest.CaptureFixture[str], db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert call(capsys, "reno", "apply", "--unit", "3-2-1201", "--contractor", "c",
                "--scope", "s", "--from", "2026-11-22", "--to", "2026-12-31", *DOCS,
                "--worker", "张三")[0] == 0
    number = "ZX-20261122-001"
    for args in (["reno", "pre-inspect", number],
                 ["--role", "engineering", "reno", "review", number, "--approve"],
                 ["--role", "manager", "reno", "sign", number], ["reno", "agreement", number],
                 ["reno", "pay-deposit", number, "--amount", "2000"], ["reno", "permit", number],
                 ["--role", "manager", "reno", "spot-check", number]):
        assert call(capsys, *args)[0] == 0, args
    monkeypatch.setenv("PROPSVC_NOW", "2026-11-24 09:00")
    assert call(capsys, "reno", "accept", number, "--initial")[0] == 0
    assert call(capsys, "reno", "accept", number, "--final")[0] == 0

    def listed(day: str) -> list[tuple[str, bool]]:
        code, out, _ = call(capsys, "--json", "reno", "spot-checks", "--date", day)
        assert code == 0
        return [(r["number"], bool(r["checked"])) for r in json.loads(out)["rows"]]

    assert listed("2026-11-22") == [(number, True)]
    assert listed("2026-11-23") == [(number, False)]
    assert listed("2026-11-24") == [(number, False)]  # accepted that day: still on the list
    assert listed("2026-11-25") == []
    assert listed("2026-11-21") == []
