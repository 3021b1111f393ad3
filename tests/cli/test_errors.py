"""Refusals and bad input: one exact line on stderr, the right exit code, nothing recorded.

Exit 1 = a domain refusal (an SOP rule, not found, conflict); exit 2 = bad usage or input.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Cli

N = "BX-20261122-001"
NO_DB = ("pass --db, set PROPSVC_DB, or record something first (propsvc demo creates one)")


def refused(cli: Cli, args: tuple[str, ...], code: int, line: str,
            now: str | None = None) -> None:
    """Run ``args``; assert the exit code, the exact single error line, no output, no event."""
    before = cli.events()
    result = cli(*args, now=now)
    assert (result.code, result.error) == (code, line)
    assert result.out == ""
    assert cli.events() == before, "a refused command recorded something"


@pytest.fixture
def received(cli: Cli) -> str:
    """A repair call taken at 09:00; nothing else done yet."""
    return cli.open_repair()


@pytest.fixture
def ordered(cli: Cli, received: str) -> str:
    cli.ok("repair", "order", received, "--technician", "张师傅", now="2026-11-22 09:03")
    return received


@pytest.fixture
def on_site(cli: Cli, ordered: str) -> str:
    cli.ok("repair", "arrive", ordered, now="2026-11-22 09:30")
    return ordered


@pytest.fixture
def quoted(cli: Cli, on_site: str) -> str:
    cli.ok("repair", "quote", on_site, "--amount", "120", "--items", "更换水管两米",
           now="2026-11-22 09:35")
    cli.now("2026-11-22 09:40")
    return on_site


# -- ticket numbers ---------------------------------------------------------------------
def test_an_unknown_ticket_number_is_refused_with_exit_1(cli: Cli, received: str) -> None:
    line = ("error: no ticket BX-20261122-099 in office main: check the number "
            "(register repairs lists them)")
    refused(cli, ("repair", "order", "BX-20261122-099", "--technician", "张师傅"), 1, line)
    refused(cli, ("ticket", "show", "bx-20261122-099"), 1, line)
    refused(cli, ("ticket", "history", "BX-20261122-099"), 1, line)
    refused(cli, ("--json", "visit", "record", "BX-20261122-099", "--method", "phone",
                  "--result", "satisfied"), 1, line)


def test_a_ticket_of_another_office_is_not_found(cli: Cli, received: str) -> None:
    refused(cli, ("--office", "east", "ticket", "show", received), 2,
            "error: unknown office 'east' (known: main): check --office, or register it "
            "with propsvc office add east --name NAME")
    cli.ok("--role", "manager", "office", "add", "east", "--name", "东区")
    refused(cli, ("--office", "east", "ticket", "show", received), 1,
            f"error: no ticket {received} in office east: check the number "
            "(register repairs lists them)")


@pytest.mark.parametrize("number", ["12345", "BX-2026-1", "abc", "BX20261122001"])
def test_a_malformed_ticket_number_is_bad_input(cli: Cli, received: str, number: str) -> None:
    line = f"error: {number.upper()!r} is not a ticket number: use e.g. BX-20261122-003"
    refused(cli, ("repair", "order", number, "--technician", "张师傅"), 2, line)
    refused(cli, ("ticket", "show", number), 2, line)


# -- intake (R1) ------------------------------------------------------------------------
@pytest.mark.parametrize("unit", ["3-2", "abc", "3-2-12", "3-2-1201-5", "三-2-1201"])
def test_a_malformed_unit_is_bad_input_naming_r1(cli: Cli, received: str, unit: str) -> None:
    refused(cli, ("ticket", "open", "--kind", "repair", "--unit", unit, "--caller", "王女士",
                  "--summary", "漏水"), 2,
            f"error: R1: unit {unit!r} must be building-unit-room, e.g. 3-2-1201")


def test_an_in_home_repair_needs_a_unit(cli: Cli, received: str) -> None:
    refused(cli, ("ticket", "open", "--kind", "repair", "--caller", "王女士", "--summary", "漏水"),
            2, "error: R1: an in-home repair needs --unit (building-unit-room)")


def test_a_public_area_repair_needs_a_location(cli: Cli, received: str) -> None:
    refused(cli, ("ticket", "open", "--kind", "repair", "--public-area", "--caller", "保安",
                  "--summary", "灯不亮"), 2,
            "error: R1: a public-area repair needs --location (or --unit)")


def test_a_phone_that_is_not_a_number_is_bad_input(cli: Cli, received: str) -> None:
    refused(cli, ("ticket", "open", "--kind", "repair", "--unit", "3-2-1201", "--caller", "王",
                  "--phone", "call me", "--summary", "漏水"), 2,
            "error: R1: phone 'call me' is not a phone number")


def test_an_appointment_before_the_call_is_bad_input(cli: Cli, received: str) -> None:
    refused(cli, ("ticket", "open", "--kind", "repair", "--unit", "3-2-1201", "--caller", "王",
                  "--summary", "漏水", "--appointment", "08:00"), 2,
            "error: R1: the appointment is before the call: give a later time")


def test_an_unknown_kind_is_a_usage_error(cli: Cli, received: str) -> None:
    refused(cli, ("ticket", "open", "--kind", "noise", "--unit", "3-2-1201", "--caller", "王",
                  "--summary", "吵"), 2,
            "error: Invalid value for '--kind': 'noise' is not one of 'repair', 'complaint', "
            "'help', 'inquiry'. "
            "(see 'propsvc ticket open --help')")


# -- missing options and unknown commands -----------------------------------------------
def test_a_missing_required_option_is_one_line_exit_2(cli: Cli, received: str) -> None:
    refused(cli, ("repair", "order", received), 2,
            "error: Missing option '--technician'. (see 'propsvc repair order --help')")
    refused(cli, ("ticket", "open", "--kind", "repair", "--unit", "3-2-1201", "--summary", "x"),
            2, "error: Missing option '--caller'. (see 'propsvc ticket open --help')")
    refused(cli, ("repair", "materials", received), 2,
            "error: Missing option '--item'. (see 'propsvc repair materials --help')")
    refused(cli, ("register", "visits"), 2,
            "error: Missing option '--month'. (see 'propsvc register visits --help')")


def test_a_missing_choice_option_lists_the_choices_on_the_one_line(cli: Cli,
                                                                    received: str) -> None:
    refused(cli, ("visit", "record", received, "--method", "phone"), 2,
            "error: Missing option '--result'. Choose from: satisfied, unsatisfied "
            "(see 'propsvc visit record --help')")
    refused(cli, ("ticket", "open", "--caller", "王", "--summary", "x"), 2,
            "error: Missing option '--kind'. Choose from: repair, complaint, help, inquiry "
            "(see 'propsvc ticket open --help')")


def test_a_missing_argument_is_one_line_exit_2(cli: Cli, received: str) -> None:
    refused(cli, ("repair", "arrive"), 2,
            "error: Missing argument 'NUMBER'. (see 'propsvc repair arrive --help')")


def test_an_unknown_command_or_option_is_one_line_exit_2(cli: Cli, received: str) -> None:
    refused(cli, ("repiar",), 2, "error: No such command 'repiar'. Did you mean 'repair'? "
            "(see 'propsvc --help')")
    refused(cli, ("bogus",), 2, "error: No such command 'bogus'. (see 'propsvc --help')")
    refused(cli, ("ticket", "show", received, "--yaml"), 2,
            "error: No such option '--yaml'. (see 'propsvc ticket show --help')")
    refused(cli, ("repair", "order", received, "--technican", "张"), 2,
            "error: No such option '--technican'. Did you mean '--technician'? "
            "(see 'propsvc repair order --help')")


# -- time: --at -------------------------------------------------------------------------
def test_at_in_the_future_is_bad_input(cli: Cli, received: str) -> None:
    refused(cli, ("--at", "2026-11-22 09:30", "repair", "order", received, "--technician", "张"),
            2, "error: --at 2026-11-22 09:30 is in the future (now "
            "2026-11-22 09:10): late entries only record the past",
            now="2026-11-22 09:10")
    refused(cli, ("--at", "09:11", "ticket", "open", "--kind", "repair", "--unit", "3-2-1201",
                  "--caller", "王", "--summary", "漏水"), 2,
            "error: --at 2026-11-22 09:11 is in the future (now "
            "2026-11-22 09:10): late entries only record the past")


def test_at_before_the_tickets_previous_event_is_bad_input(cli: Cli, received: str) -> None:
    refused(cli, ("--at", "2026-11-22 08:50", "repair", "order", received, "--technician", "张"),
            2, "error: time 2026-11-22 08:50 is before this record's previous event "
            "(2026-11-22 09:00): enter a later --at", now="2026-11-22 09:10")


def test_an_unreadable_time_is_bad_input(cli: Cli, received: str) -> None:
    refused(cli, ("--at", "yesterday", "repair", "order", received, "--technician", "张"), 2,
            "error: cannot read time 'yesterday': use YYYY-MM-DD HH:MM (office time) or "
            "ISO 8601")


def test_tick_at_in_the_future_is_bad_input(cli: Cli, received: str) -> None:
    refused(cli, ("tick", "--at", "2026-11-22 10:00"), 2,
            "error: tick --at 2026-11-22 10:00 is in the future "
            "(now 2026-11-22 09:00)")


def test_overdue_at_in_the_future_is_bad_input(cli: Cli, received: str) -> None:
    refused(cli, ("--at", "2026-11-23 09:00", "overdue"), 2,
            "error: overdue --at 2026-11-23 09:00 is in the future "
            "(now 2026-11-22 09:00): nothing is overdue yet")


# -- the repair SOP's order (exit 1) ----------------------------------------------------
def test_collecting_more_than_the_accepted_fee_is_refused_by_r2(cli: Cli,
                                                                  quoted: str) -> None:
    cli.ok("repair", "accept-fee", quoted)
    cli.ok("repair", "start", quoted)
    cli.ok("repair", "complete", quoted, "--signed-by", "王女士", "--rating", "5")
    refused(cli, ("repair", "collect-fee", quoted, "--amount", "1200"), 1,
            f"error: R2: {quoted}: collecting 1200.00 is more than the 120.00 the owner "
            "accepted")
    cli.ok("repair", "collect-fee", quoted, "--amount", "120")


def test_ordering_twice_is_refused_by_r3(cli: Cli, ordered: str) -> None:
    refused(cli, ("repair", "order", ordered, "--technician", "李师傅"), 1,
            f"error: R3: {ordered}: work order already issued (status ordered)",
            now="2026-11-22 09:10")


def test_completing_before_arrival_is_refused_by_r9(cli: Cli, ordered: str) -> None:
    refused(cli, ("repair", "complete", ordered, "--signed-by", "王女士", "--rating", "5"), 1,
            f"error: R9: {ordered}: the technician has not arrived: record the arrival "
            "first (repair arrive)", now="2026-11-22 10:00")


def test_arriving_without_a_work_order_is_refused_by_r4(cli: Cli, received: str) -> None:
    refused(cli, ("repair", "arrive", received), 1,
            f"error: R4: {received}: no work order yet: issue one first (repair order, R3)")


def test_starting_work_before_the_fee_is_accepted_is_refused_by_r2(cli: Cli,
                                                                  quoted: str) -> None:
    refused(cli, ("repair", "start", quoted), 1,
            f"error: R2: {quoted}: cannot start work: the owner has not accepted the "
            "quoted fee")


def test_materials_before_the_fee_is_accepted_are_refused_by_r2(cli: Cli,
                                                                quoted: str) -> None:
    refused(cli, ("repair", "materials", quoted, "--item", "水管,DN20,PPR,2,30"), 1,
            f"error: R2: {quoted}: cannot use materials: the owner has not accepted the "
            "quoted fee")


def test_completing_with_a_pending_quote_is_refused_by_r2(cli: Cli, quoted: str) -> None:
    refused(cli, ("repair", "complete", quoted, "--signed-by", "王女士", "--rating", "5"), 1,
            f"error: R2: {quoted}: the owner has not accepted the quoted fee (repair accept-fee)")


def test_accepting_a_fee_never_quoted_is_refused_by_r2(cli: Cli, on_site: str) -> None:
    refused(cli, ("repair", "accept-fee", on_site), 1,
            f"error: R2: {on_site}: no fee has been quoted")


def test_a_visit_before_completion_is_refused_by_r13(cli: Cli, on_site: str) -> None:
    refused(cli, ("visit", "record", on_site, "--method", "phone", "--result", "satisfied"), 1,
            f"error: R13: {on_site} is not completed yet: a return visit follows completion")


def test_collecting_a_fee_before_completion_is_refused_by_r10(cli: Cli, quoted: str) -> None:
    refused(cli, ("repair", "collect-fee", quoted, "--amount", "120"), 1,
            f"error: R10: {quoted}: fees are collected when the work is completed")


def test_a_phone_visit_with_a_signature_is_refused_by_v3(cli: Cli, on_site: str) -> None:
    refused(cli, ("visit", "record", on_site, "--method", "phone", "--result", "satisfied",
                  "--resident-signed-by", "王女士"), 1,
            "error: V3: phone visits carry no resident signature")


# -- values (exit 2) --------------------------------------------------------------------
@pytest.mark.parametrize("rating", ["0", "6", "-1"])
def test_a_rating_outside_1_to_5_is_bad_input_naming_r9(cli: Cli, on_site: str,
                                                        rating: str) -> None:
    refused(cli, ("repair", "complete", on_site, "--signed-by", "王女士", "--rating", rating),
            2, f"error: R9: rating {rating} is outside 1–5", now="2026-11-22 10:00")


def test_a_rating_that_is_not_a_number_is_a_usage_error(cli: Cli, on_site: str) -> None:
    refused(cli, ("repair", "complete", on_site, "--signed-by", "王女士", "--rating", "good"),
            2, "error: Invalid value for '--rating': 'good' is not a valid integer. "
            "(see 'propsvc repair complete --help')")


def test_a_blank_signature_is_bad_input_naming_r9(cli: Cli, on_site: str) -> None:
    refused(cli, ("repair", "complete", on_site, "--signed-by", " ", "--rating", "5"), 2,
            "error: R9: the signature (--signed-by) is required")


@pytest.mark.parametrize(("amount", "line"), [
    ("abc", "error: cannot read amount 'abc': use a number like 120 or 85.50"),
    ("", "error: cannot read amount '': use a number like 120 or 85.50"),
    ("0", "error: amount 0 must be positive with at most 2 decimals"),
    ("-5", "error: amount -5 must be positive with at most 2 decimals"),
    ("12.345", "error: amount 12.345 must be positive with at most 2 decimals"),
    ("NaN", "error: amount NaN must be positive with at most 2 decimals"),
    ("Infinity", "error: amount Infinity must be positive with at most 2 decimals"),
])
def test_a_bad_amount_is_bad_input(cli: Cli, on_site: str, amount: str, line: str) -> None:
    refused(cli, ("repair", "quote", on_site, "--amount", amount, "--items", "换水管"), 2, line)


def test_a_bad_amount_with_a_newline_still_gives_one_line(cli: Cli, on_site: str) -> None:
    result = cli("repair", "quote", on_site, "--amount", "-5\n", "--items", "换水管")
    assert result.code == 2
    assert result.error.startswith("error: amount -5")


@pytest.mark.parametrize(("item", "line"), [
    ("水管,DN20", "error: R6: material '水管,DN20' must be 名称,规格,型号,数量,单价 (5 fields)"),
    ("水管,DN20,PPR,2,30,多", "error: R6: material '水管,DN20,PPR,2,30,多' must be "
                            "名称,规格,型号,数量,单价 (5 fields)"),
    ("水管,,PPR,2,30", "error: R6: material '水管,,PPR,2,30' must be 名称,规格,型号,数量,单价 "
                      "(5 fields)"),
    ("水管,DN20,PPR,two,30", "error: R6: quantity 'two' is not a number"),
    ("水管,DN20,PPR,0,30", "error: R6: quantity 0 must be positive"),
    ("水管,DN20,PPR,2,free", "error: cannot read amount 'free': use a number like 120 or 85.50"),
])
def test_a_bad_material_item_is_bad_input_naming_r6(cli: Cli, on_site: str, item: str,
                                                    line: str) -> None:
    refused(cli, ("repair", "materials", on_site, "--item", "胶带,小,X,1,5", "--item", item),
            2, line)


def test_a_bad_escalation_target_is_a_usage_error(cli: Cli, on_site: str) -> None:
    result = cli("repair", "escalate", on_site, "--to", "mayor", "--reason", "大修")
    assert result.code == 2
    assert result.error.startswith("error: Invalid value for '--to': 'mayor' is not one of ")


# -- reads -------------------------------------------------------------------------------
@pytest.mark.parametrize("args", [
    ("ticket", "show", N), ("ticket", "history", N), ("overdue",),
    ("register", "repairs"), ("register", "repairs", "--month", "2026-11"),
    ("register", "daily-repairs", "--date", "2026-11-22"),
    ("register", "visits", "--month", "2026-11"), ("rebuild",), ("tick",),
], ids=" ".join)
def test_a_read_on_a_missing_database_says_to_pass_db(cli: Cli, args: tuple[str, ...]) -> None:
    for as_json in ((), ("--json",)):
        refused(cli, (*as_json, *args), 2,
                f"error: no database at {cli.db.resolve()}: {NO_DB}")
    assert not cli.db.exists(), "a read created the database"


def test_a_read_with_an_explicit_missing_db_names_that_file(cli: Cli, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere.db"
    refused(cli, ("--db", str(other), "overdue"), 2,
            f"error: no database at {other.resolve()}: {NO_DB}")
    assert not other.exists()


def test_a_db_in_a_missing_folder_is_bad_input(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "p.db"
    refused(cli, ("--db", str(missing), "ticket", "open", "--kind", "repair", "--unit",
                  "3-2-1201", "--caller", "王", "--summary", "漏水"), 2,
            f"error: folder {missing.parent} does not exist: check --db")


def test_an_unsupported_database_url_is_bad_input(cli: Cli) -> None:
    refused(cli, ("--db", "mysql://localhost/x", "overdue"), 2,
            "error: unsupported database URL 'mysql://localhost/x': use a file path or "
            "postgresql://")


def test_a_file_that_is_not_a_database_gives_one_line(cli: Cli, tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_text("not a database\n" * 200)
    result = cli("--db", str(junk), "overdue")
    assert result.code == 1
    assert result.error.startswith("error: cannot use the database (")
    assert result.error.endswith("): check --db and that the server is up")
    assert "Traceback" not in result.err


def test_as_of_before_the_ticket_existed_is_not_found(cli: Cli, received: str) -> None:
    result = cli("ticket", "show", received, "--as-of", "2026-11-22 08:59")
    assert result.code == 1
    assert result.error.startswith(f"error: {received} did not exist yet at ")


def test_as_of_and_as_known_at_together_are_bad_input(cli: Cli, received: str) -> None:
    refused(cli, ("ticket", "show", received, "--as-of", "09:00", "--as-known-at", "09:00"), 2,
            "error: give either --as-of or --as-known-at, not both")


@pytest.mark.parametrize(("args", "line"), [
    (("register", "repairs", "--date", "2026-11-22", "--month", "2026-11"),
     "error: give either --date or --month, not both"),
    (("register", "repairs", "--date", "22/11/2026"),
     "error: cannot read date '22/11/2026': use YYYY-MM-DD"),
    (("register", "daily-repairs", "--date", "tomorrow"),
     "error: cannot read date 'tomorrow': use YYYY-MM-DD"),
    (("register", "repairs", "--month", "2026-13"),
     "error: cannot read month '2026-13': use YYYY-MM"),
    (("register", "visits", "--month", "11/2026"),
     "error: cannot read month '11/2026': use YYYY-MM"),
])
def test_a_bad_period_is_bad_input(cli: Cli, received: str, args: tuple[str, ...],
                                   line: str) -> None:
    refused(cli, args, 2, line)


def test_a_bad_propsvc_now_is_bad_input(cli: Cli, received: str) -> None:
    refused(cli, ("overdue",), 2,
            "error: cannot read time 'soon': use YYYY-MM-DD HH:MM (office time) or ISO 8601",
            now="soon")


def test_errors_never_reach_stdout_in_json_mode(cli: Cli, received: str) -> None:
    result = cli("--json", "repair", "arrive", received)
    assert result.code == 1
    assert result.out == ""
    assert result.error.startswith("error: R4: ")


def test_an_unknown_role_is_a_usage_error_and_writes_nothing(cli: Cli, received: str) -> None:
    before = cli.events()
    result = cli("--role", "janitor", "repair", "order", received, "--technician", "王师傅")
    assert result.code == 2
    assert result.error.startswith("error: Invalid value for '--role': 'janitor' is not one of")
    assert "\n" not in result.error.strip()
    assert cli.events() == before
