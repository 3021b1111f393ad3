"""The desk services' month forms under sealed months (issue 9 item 4, issue 13): once a
month is closed, 业主入住登记表, 有偿服务登记表, 物品放行登记表, 拾遗物品登记表 and the
vacancy inspection list print from the seal (table and --json), whatever is recorded
later; an item backdated into the closed month is listed apart ("recorded after closing")
and as 补录 in the next open month."""

from __future__ import annotations

from tests.cli.conftest import Cli

SERVICE_MONTH_READS = [("register", "moveins"), ("register", "paid"),
                       ("register", "releases"), ("register", "found"),
                       ("register", "vacancy-inspections")]


def prints(cli: Cli, month: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for read in SERVICE_MONTH_READS:
        for extra in ((), ("--json",)):
            result = cli(*extra, *read, "--month", month)
            assert result.code == 0, result.err
            out[" ".join((*extra, *read))] = result.out
    return out


def test_a_closed_month_prints_the_services_forms_from_its_seal(cli: Cli) -> None:
    cli.ok("--role", "manager", "office", "add", "main", "--name", "主")
    cli.now("2026-10-10 09:00")
    item = cli.json("found", "record", "--item", "黑色雨伞", "--place", "3栋大堂",
                    "--finder", "小王")["ref"]
    release = cli.json("release", "apply", "--unit", "3-2-1201", "--goods", "沙发一套",
                       "--plate", "粤B12345", "--driver", "刘师傅",
                       "--driver-id-last4", "1234", "--owner", "张先生")["ref"]
    paid = cli.json("paid", "request", "--unit", "3-2-1201", "--service", "换门锁")["ref"]
    movein = cli.json("movein", "start", "--unit", "3-2-1202", "--owner", "李先生",
                      "--phone", "13800000000")["ref"]
    cli.ok("vacancy", "apply", "--unit", "5-1-0802", "--from", "2026-10-10", "--to",
           "2027-03-31", "--owner", "李女士")
    cli.ok("vacancy", "inspect", "--unit", "5-1-0802", "--water", "0.2", "--power", "1")

    cli.now("2026-11-01 09:00")
    october = prints(cli, "2026-10")
    assert item in october["--json register found"]
    assert "5-1-0802" in october["--json register vacancy-inspections"]
    cli.ok("carryover", "close-month", "--month", "2026-10")
    assert prints(cli, "2026-10") == october

    # what changes October's records after closing, and one item backdated into October
    cli.ok("found", "claim", item, "--claimant", "张先生", "--id-last4", "0427",
           "--description", "黑色长柄伞")
    cli.ok("release", "confirm", release)
    cli.ok("paid", "decide", paid, "--rate", "lock-change", "--quantity", "1")
    cli.ok("movein", "verify", movein, "--doc", "id")
    cli.ok("--at", "2026-10-20 10:00", "vacancy", "inspect", "--unit", "5-1-0802",
           "--water", "0.1", "--power", "2")
    late = cli.json("--at", "2026-10-20 10:00", "found", "record", "--item", "钥匙一串",
                    "--place", "5栋电梯", "--finder", "小李")["ref"]
    assert late.startswith("SW-20261020-")
    assert prints(cli, "2026-10") == october
    live = cli.json("register", "found", "--date", "2026-10-20")
    assert [r["number"] for r in live["rows"]] == [late]  # a day's read is built live

    closed = cli.json("register", "after-closing", "--month", "2026-10")
    assert [(r["register"], r["row"]["number"], r["business_date"])
            for r in closed["recorded_after_closing"] if r["register"] == "found"] == [
        ("found", late, "2026-10-20")]
    november = cli.json("register", "found", "--month", "2026-11")
    assert [(r["number"], r["late_entry"], r["business_date"])
            for r in november["late_entries"]] == [(late, "补录", "2026-10-20")]
