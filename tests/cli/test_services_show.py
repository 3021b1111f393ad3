"""``movein / paid / release / found / vacancy show|history`` (Q1–Q5): the record now, as
of a business time (``--as-of``), as known at a recorded time (``--as-known-at``), every
event, masking by role, and one-line errors that write nothing."""

from __future__ import annotations

import pytest

from tests.cli.conftest import Cli, assert_times

RELEASE = ("release", "apply", "--unit", "3-2-1201", "--goods", "沙发一套", "--plate",
           "粤B12345", "--driver", "刘师傅", "--driver-id-last4", "1234", "--owner", "张先生")


def test_a_release_now_as_of_and_as_known_at(cli: Cli) -> None:
    number = cli.json(*RELEASE)["ref"]
    cli.ok("release", "confirm", number, now="2026-11-22 10:00")
    cli.ok("--at", "2026-11-22 10:30", "release", "sign", number, "--signed-by", "张先生",
           now="2026-11-22 15:00")  # signed at 10:30, entered at 15:00
    now = cli.json("release", "show", number)
    assert (now["number"], now["status"], now["signed"]["by"], now["as_of"]) == (
        number, "confirmed", "张先生", None)
    assert now["driver"] == {"name": "刘师傅", "id_last4": "1234"} and assert_times(now) > 0
    before = cli.json("release", "show", number, "--as-of", "2026-11-22 09:30")
    assert before["status"] == "applied" and before["confirmed"] is None
    assert before["as_of"] == "2026-11-22T01:30:00+00:00"
    happened = cli.json("release", "show", number, "--as-of", "2026-11-22 11:00")
    known = cli.json("release", "show", number, "--as-known-at", "2026-11-22 11:00")
    assert happened["signed"] is not None and known["signed"] is None  # entered late
    history = cli.json("release", "history", number)
    assert [e["event"] for e in history] == ["ReleaseApplied", "ReleaseConfirmed",
                                             "ReleaseSigned"]
    assert len(cli.json("release", "history", number, "--as-known-at",
                        "2026-11-22 11:00")) == 2


def test_masking_by_role_in_show_and_history(cli: Cli) -> None:
    number = cli.json(*RELEASE)["ref"]
    movein = cli.json("movein", "start", "--unit", "3-2-1201", "--owner", "张先生",
                      "--phone", "13800000000")["ref"]
    assert cli.json("movein", "show", movein)["phone"] == "13800000000"
    hidden = cli.json("--role", "engineering", "movein", "show", movein)
    assert hidden["phone"] == "138****0000"
    events = cli.json("--role", "engineering", "movein", "history", movein)
    assert events[0]["data"]["phone"] == "138****0000"
    shown = cli.json("--role", "engineering", "release", "show", number)
    assert shown["driver"]["id_last4"] == "****"
    data = cli.json("--role", "engineering", "release", "history", number)[0]["data"]
    assert data["driver_id_last4"] == "****" and data["driver"] == "刘师傅"
    assert cli.json("--role", "security", "release", "show", number)["driver"][
        "id_last4"] == "1234"


def test_every_family_shows_its_record_and_history(cli: Cli) -> None:
    movein = cli.json("movein", "start", "--unit", "3-2-1201", "--owner", "张先生",
                      "--phone", "13800000000")["ref"]
    cli.ok("movein", "verify", movein, "--doc", "purchase-contract", "--doc", "id")
    paid = cli.json("paid", "request", "--unit", "3-2-1201", "--service", "换门锁")["ref"]
    cli.ok("paid", "decide", paid, "--rate", "lock-change", "--quantity", "2")
    found = cli.json("--role", "security", "found", "record", "--item", "钱包", "--place",
                     "车库", "--finder", "保安小王", "--valuable")["ref"]
    cli.ok("found", "claim", found, "--claimant", "张先生", "--id-last4", "0427",
           "--description", "黑色皮夹")
    cli.ok("vacancy", "apply", "--unit", "5-1-0802", "--from", "2026-12-01", "--to",
           "2027-05-31", "--owner", "李女士")
    cli.ok("vacancy", "inspect", "--unit", "5-1-0802", "--water", "3", "--power", "1")
    m = cli.json("movein", "show", movein)
    assert (m["documents"], m["missing"]) == (["purchase-contract", "id"], ["move-in-notice"])
    p = cli.json("paid", "show", paid)
    assert p["status"] == "quoted" and p["decision"]["amount"] == "160.00"
    f = cli.json("found", "show", found)
    assert f["status"] == "claimed" and f["claim"]["id_last4"] == "0427"
    assert all(d["state"] != "open" for d in f["deadlines"])  # a claim cancels them
    v = cli.json("vacancy", "show", "5-1-0802")
    assert v["status"] == "ended" and v["periods"][0]["ended"]["reason"] == "occupied"
    assert v["periods"][0]["inspections"][0]["water"] == "3.00"
    for family, ref, first in (("movein", movein, "MoveInStarted"),
                               ("paid", paid, "PaidRequested"),
                               ("found", found, "FoundRecorded"),
                               ("vacancy", "5-1-0802", "VacancyApplied")):
        assert cli.json(family, "history", ref)[0]["event"] == first
        text = cli.ok(family, "show", ref).out
        assert ref in text and "—" in text


@pytest.mark.parametrize("args, code, text", [
    (("movein", "show", "RZ-20261122-099"), 1, "RZ-20261122-099"),
    (("paid", "show", "nonsense"), 2, "YC-20261122-001"),
    (("found", "history", "SW-20261122-099"), 1, "register found"),
    (("vacancy", "show", "9-9-9999"), 1, "register vacancies"),
    (("vacancy", "show", "nowhere"), 2, "3-2-1201"),
    (("release", "show", "FX-20261122-001", "--as-of", "2026-11-22 09:00",
      "--as-known-at", "2026-11-22 09:00"), 2, "either"),
])
def test_bad_or_unknown_record_is_one_line(cli: Cli, args: tuple[str, ...], code: int,
                                           text: str) -> None:
    cli.json(*RELEASE)  # a database, so that only the record is missing
    before = cli.events()
    result = cli(*args)
    assert result.code in (code, 3) and text in result.error, result.err
    assert cli.events() == before


def test_before_the_record_existed(cli: Cli) -> None:
    number = cli.json(*RELEASE)["ref"]
    result = cli("release", "show", number, "--as-of", "2026-11-21 09:00")
    assert result.code != 0 and f"{number} did not exist yet at 2026-11-21" in result.error
