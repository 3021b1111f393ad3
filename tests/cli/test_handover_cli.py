"""The handover, carry-over and patrol commands through the CLI: bad input and refusals
give one line, a non-zero exit and write nothing; the JSON shapes are stable."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.cli.conftest import Cli, assert_times


@pytest.fixture
def desk(cli: Cli) -> Cli:
    cli.open_repair()
    cli.ok("handover", "take-over")
    return cli


def refused(cli: Cli, *args: str, code: int = 1, now: str | None = None) -> str:
    before = cli.events()
    result = cli(*args, now=now)
    assert result.code == code, result
    assert result.out == ""
    assert cli.events() == before, "a refused command wrote events"
    return result.error


def test_an_unknown_number_is_one_line_and_writes_nothing(desk: Cli) -> None:
    assert refused(desk, "handover", "triage", "BX-20261122-009", "--as", "urgent") == (
        "error: no ticket BX-20261122-009 in office main: check the number "
        "(register repairs lists them)")
    assert refused(desk, "handover", "ok", "JB-20261122-004").startswith(
        "error: no handover entry or patrol finding JB-20261122-004")
    assert refused(desk, "handover", "reason", "nonsense", "--reason", "x", code=2) == (
        "error: 'NONSENSE' is not a matter number: use e.g. BX-20261122-003 "
        "(or a vacant unit, e.g. 5-1-0802)")


def test_ok_twice_is_refused(desk: Cli) -> None:
    desk.ok("handover", "note", "--text", "2栋大堂灯不亮")
    desk.ok("handover", "ok", "JB-20261122-001", "--note", "已换灯管")
    assert refused(desk, "handover", "ok", "JB-20261122-001").startswith(
        "error: S2: JB-20261122-001 was already marked OK at ")


def test_ok_of_an_unfinished_repair_names_the_rule(desk: Cli) -> None:
    assert refused(desk, "handover", "ok", "BX-20261122-001") == (
        "error: S2: BX-20261122-001 is not done yet (received): OK is written only after "
        "a finished matter")


def test_complaints_help_and_inquiries_in_the_log_are_triaged_and_okd(desk: Cli) -> None:
    """The log lists every ticket kind; each can be triaged, given a reason and OK'd once
    its handling is finished (C7, H2, H4), and a finished one leaves the carry-over file."""
    complaint = desk.json("ticket", "open", "--kind", "complaint", "--channel", "phone",
                          "--unit", "3-2-1201", "--caller", "张先生",
                          "--summary", "卫生间楼板渗水")["number"]
    inquiry = desk.json("ticket", "open", "--kind", "inquiry", "--caller", "王五",
                        "--summary", "押金何时退还")["number"]
    desk.ok("handover", "triage", complaint, "--as", "normal")
    desk.ok("handover", "reason", complaint, "--reason", "等工程部查看")
    assert refused(desk, "handover", "ok", complaint) == (
        f"error: S2: {complaint} is not done yet (received): OK is written only after a "
        "finished matter")
    desk.ok("complaint", "classify", complaint, "--class", "1")
    desk.ok("complaint", "resolve", complaint, "--note", "漏水点在楼上, 已协调")
    desk.ok("inquiry", "answer", inquiry, "--text", "验收后七个工作日内退还")
    desk.ok("handover", "ok", complaint)
    desk.ok("handover", "ok", inquiry)
    raised = {r["number"]: r for r in desk.json("handover", "show")["raised"]}
    assert (raised[complaint]["state"], raised[inquiry]["state"]) == ("ok", "ok")
    november = desk.json("carryover", "show", "--month", "2026-11", now="2026-11-23 09:00")
    assert [r["number"] for r in november["rows"]] == ["BX-20261122-001"]


def test_triage_of_a_closed_item_is_refused(desk: Cli) -> None:
    desk.ok("handover", "note", "--text", "2栋大堂灯不亮")
    desk.ok("handover", "ok", "JB-20261122-001")
    assert refused(desk, "handover", "triage", "JB-20261122-001", "--as", "later").startswith(
        "error: S1: JB-20261122-001 was already marked OK at ")


def test_actions_before_take_over_and_after_hand_over_are_refused(cli: Cli) -> None:
    cli.open_repair()
    assert refused(cli, "handover", "note", "--text", "x") == (
        "error: S1: shift 2026-11-22/day has not been taken over: read the log and run "
        "'handover take-over' first")
    cli.ok("handover", "take-over")
    assert refused(cli, "handover", "take-over").startswith(
        "error: S1: shift 2026-11-22/day was already taken over by desk")
    cli.ok("handover", "hand-over", now="2026-11-22 19:59")
    assert refused(cli, "handover", "hand-over").startswith(
        "error: S5: shift 2026-11-22/day was already handed over")


def test_closing_a_month_twice_or_in_the_future_is_one_line(desk: Cli) -> None:
    assert refused(desk, "carryover", "close-month", "--month", "2026-11").startswith(
        "error: S7: month 2026-11 has not ended yet")
    assert refused(desk, "carryover", "close-month", "--month", "2027-03").startswith(
        "error: S7: month 2027-03 has not ended yet")
    assert refused(desk, "carryover", "close-month", "--month", "2026-13", code=2) == (
        "error: cannot read month '2026-13': use YYYY-MM")
    desk.ok("carryover", "close-month", "--month", "2026-11", now="2026-12-01 09:00")
    assert refused(desk, "carryover", "close-month", "--month", "2026-11").startswith(
        "error: S7: month 2026-11 was already closed at ")
    assert refused(desk, "carryover", "close-month", "--month", "2027-01",
                   now="2027-02-01 09:00") == (
        "error: S7: close 2026-12 first: its open items are copied into 2027-01's file")


def test_bad_choices_are_usage_errors(desk: Cli) -> None:
    refused(desk, "handover", "triage", "BX-20261122-001", "--as", "soon", code=2)
    refused(desk, "patrol", "record", "--area", "食堂", "--finding", "x", code=2)
    refused(desk, "handover", "reason", "BX-20261122-001", "--reason", "  ", code=2)


def test_handover_show_json_shape(desk: Cli) -> None:
    desk.ok("handover", "triage", "BX-20261122-001", "--as", "later")
    desk.ok("handover", "reason", "BX-20261122-001", "--reason", "缺配件")
    log = desk.json("handover", "show")
    assert set(log) == {"shift", "office", "starts_at", "ends_at", "taken_over_by",
                        "taken_over_at", "handed_over_by", "handed_over_at", "passed_on",
                        "carried_in", "raised", "entries", "key_loans_open",
                        "renovations_active", "vacancies"}
    item = log["raised"][0]
    assert (item["number"], item["triage"], item["reason"], item["state"]) == (
        "BX-20261122-001", "later", "缺配件", "open")
    assert [e["action"] for e in log["entries"]] == ["take_over", "triage", "reason"]
    assert assert_times(log) >= 5


def test_carryover_show_prints_an_archived_month_exactly_as_archived(desk: Cli) -> None:
    desk.ok("handover", "triage", "BX-20261122-001", "--as", "later")
    desk.now("2026-12-01 09:00")
    desk.ok("carryover", "close-month", "--month", "2026-11")
    archived = desk.json("carryover", "show", "--month", "2026-11")
    text = desk.ok("carryover", "show", "--month", "2026-11").out
    desk.ok("handover", "take-over")
    desk.ok("handover", "reason", "BX-20261122-001", "--reason", "等业主回来")
    assert desk.json("carryover", "show", "--month", "2026-11") == archived
    assert desk.ok("carryover", "show", "--month", "2026-11").out == text
    row = archived["rows"][0]
    assert (archived["archived"], row["why"], row["months_carried"], row["reason"]) == (
        True, "later", 0, None)
    december = desk.json("carryover", "show", "--month", "2026-12")
    assert december["rows"][0]["months_carried"] == 1
    assert december["rows"][0]["reason"] == "等业主回来"


def test_ok_and_reason_print_in_red(desk: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from rich.console import Console

    from propsvc.views import handover as handover_rendering

    screen = io.StringIO()
    colour = Console(file=screen, force_terminal=True, color_system="standard", width=200)
    monkeypatch.setattr(handover_rendering, "console", lambda: colour)
    desk.ok("handover", "reason", "BX-20261122-001", "--reason", "缺配件")
    desk.ok("handover", "note", "--text", "大堂灯")
    desk.ok("handover", "ok", "JB-20261122-001")
    desk.ok("handover", "show")
    red = "\x1b[31m"
    assert f"{red}OK" in screen.getvalue()
    assert f"{red}缺配件" in screen.getvalue()
    assert f"{red}大堂灯" not in screen.getvalue()


def test_the_daily_report_counts_each_category_and_lists_major_entries(desk: Cli) -> None:
    desk.open_repair("3-2-1202")
    desk.ok("handover", "note", "--text", "3栋电梯困人", "--major")
    desk.ok("handover", "note", "--text", "大堂灯")
    desk.ok("handover", "ok", "JB-20261122-002")
    desk.ok("patrol", "record", "--area", "环境", "--finding", "垃圾满溢")
    desk.ok("handover", "triage", "BX-20261122-002", "--as", "later")
    desk.ok("tick", now="2026-11-23 09:00")
    report = desk.json("register", "daily", "--date", "2026-11-22")
    counts = {r["category"]: r for r in report["rows"]}
    assert {k: counts["repair"][k] for k in ("opened", "completed", "overdue", "ok",
                                             "carried_over")} == {
        "opened": 2, "completed": 0, "overdue": 2, "ok": 0, "carried_over": 2}
    assert (counts["note"]["opened"], counts["note"]["ok"], counts["note"]["carried_over"]) \
        == (2, 1, 1)
    assert counts["patrol"]["carried_over"] == 1
    assert report["totals"]["opened"] == 5
    assert [(m["number"], m["text"]) for m in report["major_entries"]] == [
        ("JB-20261122-001", "3栋电梯困人")]
    assert desk.json("register", "daily", "--date", "2026-11-23")["totals"][
        "carried_over"] == 0
    assert_times(report)


def test_the_daily_report_of_today_counts_no_carry_over_before_the_day_ends(desk: Cli
                                                                           ) -> None:
    """S6: an item enters the carry-over file at the end of its day, not before."""
    desk.open_repair("3-2-1202")
    desk.ok("handover", "triage", "BX-20261122-002", "--as", "later")
    today = desk.json("register", "daily", "--date", "2026-11-22", now="2026-11-22 10:00")
    assert today["totals"]["carried_over"] == 1  # the 'later' one, triaged already
    assert desk.json("carryover", "show", "--month", "2026-11")["open"] == 1
    after = desk.json("register", "daily", "--date", "2026-11-22", now="2026-11-23 00:00")
    assert after["totals"]["carried_over"] == 2


def test_a_late_entry_into_an_archived_month_lands_in_the_next_open_month(desk: Cli) -> None:
    desk.now("2026-12-01 09:00")
    desk.ok("carryover", "close-month", "--month", "2026-11")
    november = desk.json("carryover", "show", "--month", "2026-11")
    desk.now("2026-12-02 09:00")
    late = desk.json("--at", "2026-11-29 10:00", "ticket", "open", "--kind", "repair",
                     "--unit", "3-2-0901", "--caller", "李先生", "--summary", "漏水",
                     "--part", "卫生间")["number"]
    assert desk.json("carryover", "show", "--month", "2026-11") == november
    december = {r["number"]: r for r in
                desk.json("carryover", "show", "--month", "2026-12")["rows"]}
    assert (december[late]["why"], december[late]["months_carried"]) == ("late_entry", 0)
    assert december["BX-20261122-001"]["why"] == "carried"
    desk.ok("carryover", "close-month", "--month", "2026-12", now="2027-01-01 09:00")
    january = {r["number"]: r for r in
               desk.json("carryover", "show", "--month", "2027-01")["rows"]}
    assert (january[late]["why"], january[late]["months_carried"]) == ("carried", 1)


@pytest.mark.parametrize(("args", "env", "expected", "absent"), [
    ((), None, ["交接班记录本", "上班移交事项", "紧急", "本班记录"], ["Handover log"]),
    (("--lang", "en"), None, ["Handover log", "Carried in", "urgent", "Written this shift"],
     ["交接班记录本", "上班移交事项"]),
    ((), "en", ["Handover log", "Raised this shift"], ["本班新增事项"]),
])
def test_the_books_speak_zh_cn_by_default_and_english_on_request(
        desk: Cli, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], env: str | None,
        expected: list[str], absent: list[str]) -> None:
    from propsvc.i18n import set_lang

    desk.ok("handover", "triage", "BX-20261122-001", "--as", "urgent")
    monkeypatch.delenv("PROPSVC_LANG")  # the default, as a user without settings has it
    if env:
        monkeypatch.setenv("PROPSVC_LANG", env)
    out = desk.ok(*args, "handover", "show").out
    set_lang("zh-CN")
    assert all(text in out for text in expected), out
    assert not any(text in out for text in absent), out


def test_no_english_in_the_zh_cn_books(desk: Cli, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The manager's instruction on an OK entry and the daily report's counts come from
    the catalogue: Chinese by default, English with --lang en."""
    from propsvc.i18n import set_lang

    monkeypatch.delenv("PROPSVC_LANG")  # zh-CN, the default
    desk.ok("handover", "note", "--text", "3栋电梯困人", "--major")
    desk.ok("handover", "ok", "JB-20261122-001", "--note", "已放出", "--instructed-by", "赵经理")
    log = desk.ok("handover", "show").out
    daily = desk.ok("register", "daily", "--date", "2026-11-22").out
    assert "已放出 · 经理指示: 赵经理" in log and "instructed" not in log, log
    assert "共 2 类" in daily and "共 1 条" in daily and "rows" not in daily, daily
    log = desk.ok("--lang", "en", "handover", "show").out
    daily = desk.ok("--lang", "en", "register", "daily", "--date", "2026-11-22").out
    set_lang("zh-CN")
    assert "已放出 · instructed by 赵经理" in log and "经理指示" not in log, log
    assert "categories: 2" in daily and "entries: 1" in daily, daily
    out = tmp_path / "交接班.xlsx"
    desk.ok("--lang", "en", "register", "export", "handover", "--format", "xlsx",
            "--out", str(out), "--date", "2026-11-22")
    sheet = load_workbook(out).active
    assert sheet is not None
    assert ["OK", "已放出 · 经理指示: 赵经理"] in [[c.value for c in r][2:5:2]
                                           for r in sheet.iter_rows(min_row=2)]


def test_the_books_texts_come_from_the_one_catalogue() -> None:
    from propsvc.i18n import _, set_lang

    set_lang("en")
    assert _("{n} items, {open} still open", n=3, open=1) == "3 items, 1 still open"
    assert _("no such message") == "no such message"
    set_lang("zh-CN")
    try:
        assert _("{n} items, {open} still open", n=3, open=1) == "共 3 项, 未解决 1 项"
    finally:
        set_lang("en")


def test_hand_over_lists_what_passes_on(desk: Cli) -> None:
    desk.ok("handover", "note", "--text", "大堂灯")
    out = desk.ok("--lang", "zh", "handover", "hand-over", now="2026-11-22 19:50").out
    assert out.splitlines()[-1] == "移交下班：BX-20261122-001, JB-20261122-001"
    night = desk.json("handover", "show", "--date", "2026-11-22", "--shift", "night",
                      now="2026-11-22 20:10")
    assert [r["number"] for r in night["carried_in"]] == ["BX-20261122-001",
                                                          "JB-20261122-001"]


def test_the_days_patrol_report_is_read_then_reported_to_the_manager(cli: Cli) -> None:
    """P1: `patrol report` shows the day, `--to` reports it; a future day is refused."""
    cli.ok("--role", "security", "patrol", "record", "--area", "保安", "--finding", "监控黑屏")
    before = cli.json("patrol", "report", "--day", "2026-11-22")
    assert (before["findings"], before["open"], before["reported"]) == (1, 1, False)
    assert before["due_at"] == "2026-11-22T15:59:59.999999+00:00"
    done = cli.json("patrol", "report", "--to", "王经理", "--note", "已报保安部",
                    now="2026-11-22 18:00")
    assert (done["subject"], done["ref"], done["status"]) == ("patrol-day", "2026-11-22",
                                                             "reported")
    assert [e["event"] for e in done["events"]] == ["PatrolReported", "DeadlineMet"]
    after = cli.json("patrol", "report")
    assert after["reported"] and after["reports"][0]["to"] == "王经理"
    assert after["reports"][0]["still_open"] == ["XS-20261122-001"]
    future = cli("patrol", "report", "--day", "2026-11-23", "--to", "王经理")
    assert future.code == 2 and "has not come yet" in future.error
