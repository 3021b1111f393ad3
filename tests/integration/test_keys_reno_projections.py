"""The key and renovation read models: incremental catch-up equals a full rebuild, on
SQLite and PostgreSQL; tick finds overdue loans and missed inspections on both."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from propsvc.clock import SettableClock
from propsvc.office import Office
from propsvc.projections.tables.deadlines import deadlines
from propsvc.projections.tables.keys import key_deposits, key_loans, keys
from propsvc.projections.tables.renovation import extensions, passes, renovations, spot_checks
from tests.office import tick

TABLES = (keys, key_deposits, key_loans, renovations, passes, extensions, spot_checks,
          deadlines)


def snapshot(rt: Office) -> dict[str, list[tuple[Any, ...]]]:
    with rt.backend.read_engine.connect() as conn:
        return {t.name: sorted(tuple(r) for r in conn.execute(select(t))) for t in TABLES}


def busy_month(rt: Office, clock: SettableClock, role: Callable[[str], Office]) -> None:
    """Keys and renovations through most of their life, catching up after every write."""
    desk = rt
    desk.keys.handover(developer="华府地产", units=["5-1-0101", "5-1-0102"])
    desk.keys.register(label="天台", key_class="public", area="3栋天台")
    for i, unit in enumerate(("3-2-1201", "3-2-1202")):
        desk.keys.deposit(unit_=unit, owner=f"业主{i}", id_last4_=f"000{i}")
        number = desk.renovations.apply(unit_=unit, contractor="好家装饰", scope="全屋",
                                 start=date(2026, 11, 23), end=date(2026, 12, 31),
                                 documents=["certificate", "contract", "licence",
                                            "worker-ids"]).ref
        desk.renovations.pre_inspect(number, [])
        role("engineering").renovations.review(number, True)
        role("manager").renovations.sign(number)
        desk.renovations.agreement(number)
        desk.renovations.pay_deposit(number, "2000")
        desk.renovations.permit(number, ["张三", "李四"])
        desk.renovations.phase(number, "tiling-flooring")
        desk.keys.lend(unit, to="张三", id_last4_="1111", purpose="装修",
                       borrower_type="contractor", renovation=number)
        desk.backend.catch_up()
    clock.advance(timedelta(hours=30))
    tick(desk)
    desk.keys.give_back("3-2-1201")
    desk.keys.lend("天台", to="小陈", id_last4_="2222", purpose="带客",
                   borrower_type="marketing", approved_by="赵经理")
    desk.renovations.inspect("ZX-20261122-001", "violation", "无灭火器")
    desk.renovations.resolve("ZX-20261122-001", "已配灭火器")
    desk.renovations.extend("ZX-20261122-001", date(2027, 1, 15),
                     "owner,maintenance-supervisor,security-supervisor")
    role("manager").renovations.spot_check("ZX-20261122-002")
    desk.renovations.violation("ZX-20261122-002", "动火", serious=True)
    desk.renovations.accept("ZX-20261122-001", "initial")
    desk.renovations.accept("ZX-20261122-001", "final")
    desk.renovations.return_passes("ZX-20261122-001", 3)
    role("manager").renovations.refund("ZX-20261122-001")
    role("cashier").renovations.refund("ZX-20261122-001")
    desk.keys.give_back("3-2-1202")
    desk.keys.retrieve("3-2-1202", id_last4_="0001")
    desk.backend.catch_up()


def test_incremental_equals_rebuilt(make_runtime: Callable[..., Office], db_url: str,
                                    clock: SettableClock) -> None:
    rt = make_runtime(db_url)
    busy_month(rt, clock, lambda role: make_runtime(db_url, role=role))
    incremental = snapshot(rt)
    assert len(incremental["rm_key_loans"]) == 3
    assert len(incremental["rm_passes"]) == 6
    rt.backend.runner.rebuild()
    assert snapshot(rt) == incremental
    with rt.backend.read_engine.connect() as conn:
        missed = conn.execute(select(key_loans.c.label).where(key_loans.c.missed)).scalars()
        states = conn.execute(select(passes.c.state)).scalars()
        assert sorted(missed) == ["3-2-1201", "3-2-1202"]  # both out past midnight (K5)
        assert sorted(states) == ["confiscated"] * 3 + ["returned"] * 3


def test_handover_items_list_open_loans_and_active_renovations(
        make_runtime: Callable[..., Office], sqlite_url: str, clock: SettableClock) -> None:
    from propsvc.queries.handover import handover_items

    rt = make_runtime(sqlite_url)
    busy_month(rt, clock, lambda role: make_runtime(sqlite_url, role=role))
    items = handover_items(rt.backend.read_db, rt.code, clock.now())
    assert [(r["label"], r["overdue"]) for r in items["key_loans_open"]] == [("天台", False)]
    assert [r["number"] for r in items["renovations_active"]] == ["ZX-20261122-002"]
