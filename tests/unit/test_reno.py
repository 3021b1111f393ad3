"""The Renovation aggregate and its inspection policy, without a store (N1–N10)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from propsvc.aggregates.base import Context
from propsvc.aggregates.renovation import Renovation
from propsvc.aggregates.renovation_events import Inspected, Pass, PhaseStarted
from propsvc.errors import RuleViolation
from propsvc.policies.base import Cancel, Meet, Open
from propsvc.policies.renovation import plan_renovation
from propsvc.profile import Profile

T0 = datetime(2026, 11, 22, 1, 0, tzinfo=UTC)
DOCS = ("certificate", "contract", "licence", "worker-ids")


def ctx(hours: float = 0) -> Context:
    at = T0 + timedelta(hours=hours)
    return Context(at, at, "desk", "desk", "main")


def applied(docs: tuple[str, ...] = DOCS) -> Renovation:
    return Renovation.apply_for("ZX-20261122-001", ctx(), unit="3-2-1201", owner="王芳",
                                contractor="好家装饰", scope="全屋",
                                planned_from=date(2026, 11, 23), planned_to=date(2026, 12, 31),
                                documents=docs)


def active() -> Renovation:
    r = applied()
    r.pre_inspect(ctx(), (), None)
    r.review(ctx(), True, None)
    r.sign(ctx())
    r.sign_agreement(ctx())
    r.pay_deposit(ctx(), Decimal("2000"), None)
    r.issue_permit(ctx(), tuple(Pass(number=f"SG-{i}", kind="worker", holder=f"w{i}")
                                for i in range(3)))
    return r


def test_missing_copies_are_listed() -> None:
    with pytest.raises(RuleViolation, match="licence, worker-ids"):
        applied(("certificate", "contract"))


def test_the_sop_order_is_enforced() -> None:
    r = applied()
    with pytest.raises(RuleViolation, match="N2"):
        r.review(ctx(), True, None)
    r.pre_inspect(ctx(), ("heating-pressure",), None)
    with pytest.raises(RuleViolation, match="heating-pressure"):
        r.review(ctx(), True, None)
    r.review(ctx(), False, "拆除承重墙")
    assert r.status == "rejected"
    with pytest.raises(RuleViolation, match="N3"):
        r.sign(ctx())
    with pytest.raises(RuleViolation, match="N4"):
        r.issue_permit(ctx(), ())


def test_phase_frequencies() -> None:
    p, r = Profile(), active()
    for phase, hours in (("plumbing-electrical", 24), ("carpentry-plaster", 72),
                         ("tiling-flooring", 24)):
        r.start_phase(ctx(), phase, p.renovation.interval_hours(phase), None)
        event = r.pending[-1]
        assert isinstance(event, PhaseStarted)
        opened = [a for a in plan_renovation(event, r, p) if isinstance(a, Open)]
        assert [o.due_at for o in opened] == [T0 + timedelta(hours=hours)]
    install = T0 + timedelta(days=3)
    r.start_phase(ctx(), "installation", None, install)
    (opened,) = [a for a in plan_renovation(r.pending[-1], r, p) if isinstance(a, Open)]
    assert opened.due_at == install + timedelta(minutes=120)


def tiling_with_its_inspection_due() -> tuple[Profile, Renovation, Open]:
    """An active renovation in the tiling phase, its daily N5 inspection deadline set."""
    p, r = Profile(), active()
    r.start_phase(ctx(), "tiling-flooring", 24, None)
    (opened,) = plan_renovation(r.pending[-1], r, p)
    assert isinstance(opened, Open)
    r.set_deadline(ctx(), key=opened.key, rule="N5", label=opened.label, due_at=opened.due_at,
                   limit_minutes=opened.limit_minutes, basis=opened.basis, on_miss=None)
    return p, r, opened


def test_an_inspection_meets_the_deadline_and_opens_the_next() -> None:
    p, r, opened = tiling_with_its_inspection_due()
    r.inspect(ctx(20), "ok", None)
    event = r.pending[-1]
    assert isinstance(event, Inspected)
    actions = plan_renovation(event, r, p)
    assert actions[0] == Meet(opened.key)
    assert isinstance(actions[1], Open) and actions[1].due_at == T0 + timedelta(hours=44)


def test_a_new_phase_cancels_the_pending_inspection() -> None:
    p, r, _ = tiling_with_its_inspection_due()
    r.start_phase(ctx(1), "installation", None, T0 + timedelta(days=2))
    assert isinstance(plan_renovation(r.pending[-1], r, p)[0], Cancel)


def test_a_serious_violation_cancels_the_pending_inspection_an_ordinary_one_does_not(
) -> None:
    p, r, opened = tiling_with_its_inspection_due()
    r.record_violation(ctx(1), kind="general", note="楼道堆放", serious=False)
    assert plan_renovation(r.pending[-1], r, p) == []
    r.record_violation(ctx(2), kind="hot-work", note="动火", serious=True)
    assert plan_renovation(r.pending[-1], r, p) == [
        Cancel(opened.key, "N6: serious violation, workers removed")]


def test_serious_violation_confiscates_passes_and_blocks_the_refund() -> None:
    r = active()
    r.record_violation(ctx(), kind="hot-work", note="动火", serious=True)
    assert set(r.passes.values()) == {"confiscated"} and not r.permit_active
    r.accept(ctx(1), "initial")
    r.accept(ctx(2), "final")
    with pytest.raises(RuleViolation, match="unresolved"):
        r.sign_refund(ctx(3))
    r.resolve(ctx(3), None, "已整改")
    with pytest.raises(RuleViolation, match="not signed"):
        r.pay_refund(ctx(4))
    r.sign_refund(ctx(4))
    with pytest.raises(RuleViolation, match="another person"):  # N9: two people
        r.pay_refund(ctx(5))
    r.pay_refund(Context(T0 + timedelta(hours=5), T0 + timedelta(hours=5), "出纳小刘",
                         "cashier", "main"))
    assert r.status == "refunded"


def test_passes_come_back_all_at_once() -> None:
    r = active()
    r.accept(ctx(1), "initial")
    with pytest.raises(RuleViolation, match="1 missing"):
        r.return_passes(ctx(2), 2)
    with pytest.raises(RuleViolation, match="only 3 are out"):
        r.return_passes(ctx(2), 4)
    r.return_passes(ctx(2), 3)
    assert r.outstanding_passes == []


def test_extension_needs_all_three_signatures() -> None:
    r = active()
    with pytest.raises(RuleViolation, match="security-supervisor"):
        r.extend(ctx(), date(2027, 1, 15), ("owner", "maintenance-supervisor"), None)
    with pytest.raises(RuleViolation, match="already run"):
        r.extend(ctx(), date(2026, 12, 1), ("owner", "maintenance-supervisor",
                                            "security-supervisor"), None)
    r.extend(ctx(), date(2027, 1, 15), ("owner", "maintenance-supervisor",
                                        "security-supervisor"), None)
    assert r.planned_to == date(2027, 1, 15)


def test_materials_rules() -> None:
    r = active()
    with pytest.raises(RuleViolation, match="may not enter"):
        r.move_materials(ctx(), "in", "汽油", True, None)
    with pytest.raises(RuleViolation, match="owner's confirmation"):
        r.move_materials(ctx(), "out", "旧门", False, None)
    r.move_materials(ctx(), "out", "旧门", False, "王芳")
    r.move_materials(ctx(), "in", "瓷砖", False, None)


def test_an_office_profile_changes_the_frequency_and_the_event_keeps_it(
        make_runtime: Any, sqlite_url: str) -> None:
    from propsvc.profile import RenovationNumbers

    profile = Profile(renovation=RenovationNumbers(carpentry_plaster_hours=48))
    rt = make_runtime(sqlite_url, profile=profile)
    number = rt.renovations.apply(unit_="3-2-1201", contractor="c", scope="s",
                           start=date(2026, 11, 23), end=date(2026, 12, 31),
                           documents=list(DOCS), workers=["张三"]).ref
    rt.renovations.pre_inspect(number, [])
    for role, step in (("engineering", lambda d: d.review(number, True)),
                       ("manager", lambda d: d.sign(number))):
        step(make_runtime(sqlite_url, role=role).renovations)
    rt.renovations.agreement(number)
    rt.renovations.pay_deposit(number, "1000")
    rt.renovations.permit(number)
    rec = rt.renovations.phase(number, "carpentry-plaster")
    assert rec.events[0].data()["interval_hours"] == 48
    assert [d.limit_minutes for d in rec.deadlines_opened] == [48 * 60]
