"""The permission matrix of every write action: every forbidden (role, action) pair is
refused by the application service and writes nothing; phone and ID numbers are masked for
roles that don't need them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from propsvc.aggregates.renovation import REQUIRED_DOCUMENTS
from propsvc.clock import SettableClock
from propsvc.errors import Forbidden
from propsvc.office import Office
from propsvc.permissions import MATRIX, ROLES, doc_table, mask, mask_phone, permit
from tests.office import close_month, open_office, tick

FORBIDDEN = [(role, action) for action in MATRIX for role in ROLES
             if role not in MATRIX[action]]
NOW = datetime(2026, 11, 22, 1, 0, tzinfo=UTC)
R, C, H, Q, E, N = ("BX-20261122-001", "TS-20261122-001", "QZ-20261122-001",
                    "WX-20261122-001", "SJ-20261122-001", "ZX-20261122-001")
M, P, F, S = ("RZ-20261122-001", "YC-20261122-001", "FX-20261122-001", "SW-20261122-001")
# One call per write action; each would write (or be refused by a rule) if the matrix let
# it through. The CLI-only ones (rebuild, demo, register export, archive) are tested below.
ACTIONS: dict[str, Callable[[Office], Any]] = {
    "ticket.open.repair": lambda rt: rt.repairs.open(unit="3-2-1201", caller="张三",
                                                    phone="13800001234", summary="漏水"),
    "ticket.open.complaint": lambda rt: rt.complaints.open(
        unit="3-2-1201", caller="张三", phone=None, summary="噪音", channel="phone"),
    "ticket.open.help": lambda rt: rt.help.open(help_kind="other", unit="3-2-1201",
                                                caller="张三", phone=None, summary="求助"),
    "ticket.open.inquiry": lambda rt: rt.inquiries.open(unit=None, caller="张三", phone=None,
                                                      summary="问"),
    "ticket.void": lambda rt: rt.tickets.void(R, "录入错误"),
    "ticket.merge": lambda rt: rt.tickets.merge(C, into=R),
    "repair.order": lambda rt: rt.repairs.order(R, "王师傅"),
    "repair.arrive": lambda rt: rt.repairs.arrive(R, "王师傅"),
    "repair.assess": lambda rt: rt.repairs.assess(R),
    "repair.reassess": lambda rt: rt.repairs.reassess_done(R),
    "repair.quote": lambda rt: rt.repairs.quote(R, "50", "水龙头"),
    "repair.accept_fee": lambda rt: rt.repairs.accept_fee(R),
    "repair.start": lambda rt: rt.repairs.start(R),
    "repair.materials": lambda rt: rt.repairs.materials(R, ["水龙头:1"]),
    "repair.escalate": lambda rt: rt.repairs.escalate(R, "manager", "大修"),
    "repair.defer": lambda rt: rt.repairs.defer(R, "临时止水", "缺配件"),
    "repair.pause": lambda rt: rt.repairs.pause(R, "等配件"),
    "repair.resume": lambda rt: rt.repairs.resume(R),
    "repair.complete": lambda rt: rt.repairs.complete(R, "张三", 5),
    "repair.collect_fee": lambda rt: rt.repairs.collect_fee(R, "50"),
    "repair.chase": lambda rt: rt.repairs.chase(R),
    "repair.visit": lambda rt: rt.visits.record(R, "phone", "satisfied"),
    "repair.visit_review": lambda rt: rt.visits.review(R),
    "repair.reopen": lambda rt: rt.repairs.reopen(R, "又漏"),
    "complaint.classify": lambda rt: rt.complaints.classify(C, 3),
    "complaint.notify_superior": lambda rt: rt.complaints.notify_superior(C),
    "complaint.dispatch": lambda rt: rt.complaints.dispatch(C, "保安部"),
    "complaint.respond": lambda rt: rt.complaints.respond(C, "已处理"),
    "complaint.agree": lambda rt: rt.complaints.agree(C, "道歉", NOW),
    "complaint.resolve": lambda rt: rt.complaints.resolve(C, "已解释"),
    "complaint.confirm": lambda rt: rt.complaints.confirm(C, "张三"),
    "help.answer": lambda rt: rt.help.answer(H, "已答复"),
    "help.medical": lambda rt: rt.help.medical(H, "first-aid", ["小王"]),
    "help.route": lambda rt: rt.help.route(H, "工程部"),
    "inquiry.answer": lambda rt: rt.inquiries.answer(Q, "答复"),
    "feedback.refer": lambda rt: rt.feedback.refer(Q, "财务部"),
    "feedback.report_up": lambda rt: rt.feedback.report_up(Q),
    "feedback.reply": lambda rt: rt.feedback.reply(Q, "回复"),
    "feedback.answer": lambda rt: rt.feedback.answer(Q, "答复"),
    "incident.report": lambda rt: rt.incidents.report(category="theft", place="车库",
                                                     description="被盗"),
    "incident.step": lambda rt: rt.incidents.step(E, "alarm"),
    "incident.written_report": lambda rt: rt.incidents.written_report(E, "经过", "结果"),
    "key.register": lambda rt: rt.keys.register(label="机房", key_class="public",
                                                area="机房"),
    "key.handover": lambda rt: rt.keys.handover(developer="开发商", units=["3-2-1202"]),
    "key.deposit": lambda rt: rt.keys.deposit(unit_="3-2-1203", owner="李四",
                                              id_last4_="1234"),
    "key.lend": lambda rt: rt.keys.lend("天台", to="小王", id_last4_="1111", purpose="巡查",
                                        borrower_type="staff"),
    "key.give_back": lambda rt: rt.keys.give_back("天台"),
    "key.retrieve": lambda rt: rt.keys.retrieve("天台", id_last4_="1111"),
    "key.check": lambda rt: rt.keys.check_label("天台"),
    "reno.apply": lambda rt: rt.renovations.apply(unit_="3-2-1201", contractor="c", scope="s",
                                           start=date(2026, 11, 23), end=date(2026, 12, 31),
                                           documents=[]),
    "reno.pre_inspect": lambda rt: rt.renovations.pre_inspect(N, []),
    "reno.review": lambda rt: rt.renovations.review(N, True),
    "reno.sign": lambda rt: rt.renovations.sign(N),
    "reno.agreement": lambda rt: rt.renovations.agreement(N),
    "reno.pay_deposit": lambda rt: rt.renovations.pay_deposit(N, "1000"),
    "reno.permit": lambda rt: rt.renovations.permit(N),
    "reno.phase": lambda rt: rt.renovations.phase(N, "carpentry-plaster"),
    "reno.inspect": lambda rt: rt.renovations.inspect(N, "ok"),
    "reno.violation": lambda rt: rt.renovations.violation(N, "私改结构"),
    "reno.materials": lambda rt: rt.renovations.materials(N, "in", "水泥"),
    "reno.resolve": lambda rt: rt.renovations.resolve(N, "已整改"),
    "reno.extend": lambda rt: rt.renovations.extend(N, date(2027, 1, 31), "张三"),
    "reno.accept": lambda rt: rt.renovations.accept(N, "initial"),
    "reno.return_passes": lambda rt: rt.renovations.return_passes(N, 1),
    "reno.refund": lambda rt: rt.renovations.refund(N),
    "reno.spot_check": lambda rt: rt.renovations.spot_check(N),
    "reno.deduct": lambda rt: rt.renovations.deduct(N, "100", "损坏地砖"),
    "reno.reissue_passes": lambda rt: rt.renovations.reissue_passes(N, ["张三"]),
    "movein.start": lambda rt: rt.movein.start(unit_="3-2-1201", owner="张三",
                                               phone="13800001234"),
    "movein.verify": lambda rt: rt.movein.verify(M, documents=["id"]),
    "movein.sign": lambda rt: rt.movein.sign(M, agreements=["owner-rules"]),
    "movein.file": lambda rt: rt.movein.file(M, members=["李四"]),
    "movein.pay": lambda rt: rt.movein.pay(M, amount="100"),
    "movein.keys": lambda rt: rt.movein.keys(M, count=2),
    "movein.inspect": lambda rt: rt.movein.inspect(M, result="ok"),
    "movein.complete": lambda rt: rt.movein.complete(M),
    "movein.visit": lambda rt: rt.movein.visit(M, method="phone", result="satisfied"),
    "paid.request": lambda rt: rt.paid.request(unit_="3-2-1201", service="换锁"),
    "paid.decide": lambda rt: rt.paid.decide(P, rate="lock-change"),
    "paid.accept": lambda rt: rt.paid.accept(P, signed_by="张三"),
    "paid.dispatch": lambda rt: rt.paid.dispatch(P, to="王师傅"),
    "paid.complete": lambda rt: rt.paid.complete(P),
    "paid.collect": lambda rt: rt.paid.collect(P, amount="80", cashier="刘"),
    "paid.visit": lambda rt: rt.paid.visit(P, method="phone", result="satisfied"),
    "release.apply": lambda rt: rt.release.apply(unit_="3-2-1201", goods="沙发",
                                                 plate_="粤B12345", driver="刘",
                                                 driver_id_last4="1234"),
    "release.confirm": lambda rt: rt.release.confirm(F),
    "release.sign": lambda rt: rt.release.sign(F, signed_by="张三"),
    "release.out": lambda rt: rt.release.out(F),
    "fees.arrears": lambda rt: rt.fees.arrears(unit_="3-2-1201", amount="100"),
    "fees.settle": lambda rt: rt.fees.settle(unit_="3-2-1201"),
    "found.record": lambda rt: rt.found.record(item="钱包", place="大堂", finder="小王"),
    "found.to_admin": lambda rt: rt.found.to_admin(S, received_by="行政"),
    "found.notice": lambda rt: rt.found.notice(week="2026-W47"),
    "found.claim": lambda rt: rt.found.claim(S, claimant="张三", id_last4_="1234",
                                             description="黑色"),
    "found.dispose": lambda rt: rt.found.dispose(S),
    "vacancy.apply": lambda rt: rt.vacancy.apply(unit_="3-2-1201", starts="2026-12-01",
                                                 ends="2027-06-30"),
    "vacancy.inspect": lambda rt: rt.vacancy.inspect(unit_="3-2-1201", water="0", power="0"),
    "vacancy.end": lambda rt: rt.vacancy.end(unit_="3-2-1201"),
    "handover.take_over": lambda rt: rt.handover.take_over(),
    "handover.triage": lambda rt: rt.handover.triage("JB-20261122-001", "urgent"),
    "handover.ok": lambda rt: rt.handover.ok("JB-20261122-001"),
    "handover.reason": lambda rt: rt.handover.reason("JB-20261122-001", "缺配件"),
    "handover.note": lambda rt: rt.handover.note("大堂灯"),
    "handover.hand_over": lambda rt: rt.handover.hand_over(),
    "patrol.record": lambda rt: rt.patrol.record("环境", "垃圾满溢"),
    "patrol.report": lambda rt: rt.patrol.report("王经理"),
    "carryover.close_month": lambda rt: close_month(rt, "2026-10"),
    "calendar.edit": lambda rt: rt.calendar_days.add("holiday", "2026-12-25", "圣诞"),
    "tick": lambda rt: tick(rt),
    "notification.read": lambda rt: rt.notifications.mark_all_read(),
}
# checked at the facade or the command, not by a desk (the notify ones: tests/cli and
# tests/integration/test_delivery.py)
CLI_ONLY = {"rebuild", "demo", "register.export", "register.work_order", "archive",
            "backup", "events.export", "events.import", "office.add",
            "notification.deliver", "notification.log"}


def events(rt: Office) -> int:
    table = rt.backend.store.recorder.events_record_cls.__table__  # type: ignore[attr-defined]
    with rt.backend.read_engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_the_matrix_names_only_known_roles_and_every_action_is_exercised() -> None:
    assert all(allowed <= set(ROLES) for allowed in MATRIX.values())
    assert set(MATRIX) == {*ACTIONS, *CLI_ONLY}
    assert len(ROLES) == 10 and len(FORBIDDEN) > 400


def test_the_company_role_writes_nothing() -> None:
    assert not [a for a, roles in MATRIX.items() if "company" in roles]


def test_the_auditor_writes_nothing_but_exports_and_the_manager_does_what_a_supervisor_does(
        ) -> None:
    assert {a for a, roles in MATRIX.items() if "auditor" in roles} == {"backup",
                                                                        "events.export",
                                                                        "register.export",
                                                                        "register.work_order",
                                                                        "archive",
                                                                        "notification.log"}
    for action, roles in MATRIX.items():
        if "supervisor" in roles or "desk" in roles:
            assert "manager" in roles, action


@pytest.mark.parametrize(("role", "action"), FORBIDDEN, ids=[f"{r}-{a}" for r, a in FORBIDDEN])
def test_every_forbidden_pair_is_refused(role: str, action: str) -> None:
    with pytest.raises(Forbidden, match=f"{action} is not permitted for role '{role}'"):
        permit(role, action)


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    """One office with a matter of every kind on file, shared by the refusals below (each
    refusal writes nothing, so they cannot disturb one another)."""
    rt = open_office(db=str(tmp_path_factory.mktemp("roles") / "propsvc.db"),
                 clock=SettableClock(NOW))
    ACTIONS["ticket.open.repair"](rt)
    ACTIONS["ticket.open.complaint"](rt)
    ACTIONS["ticket.open.help"](rt)
    ACTIONS["ticket.open.inquiry"](rt)
    ACTIONS["incident.report"](rt)
    rt.keys.register(label="天台", key_class="public", area="3栋天台")
    rt.renovations.apply(unit_="3-2-1201", contractor="c", scope="s", start=date(2026, 11, 23),
                  end=date(2026, 12, 31), documents=list(REQUIRED_DOCUMENTS))
    rt.handover.take_over()
    rt.handover.note("大堂灯")
    yield rt
    rt.close()


@pytest.mark.parametrize(("role", "action"),
                         [p for p in FORBIDDEN if p[1] in ACTIONS],
                         ids=[f"{r}-{a}" for r, a in FORBIDDEN if a in ACTIONS])
def test_the_service_refuses_each_forbidden_pair_and_writes_nothing(
        office: Office, role: str, action: str) -> None:
    before = events(office)
    office.service.who.role = role
    try:
        with pytest.raises(Forbidden, match=f"'{role}'|you act as {role}"):
            ACTIONS[action](office)
    finally:
        office.service.who.role = "desk"
    assert events(office) == before


def test_allowed_roles_pass() -> None:
    for action, roles in MATRIX.items():
        for role in roles:
            permit(role, action)


def test_phones_and_ids_are_masked_unless_the_role_needs_them() -> None:
    rows = [{"phone": "138-0000-1234", "id_last4": "0427", "unit": "3-2-1201"}]
    assert mask(rows, "desk") == rows
    assert mask(rows, "auditor") == [{"phone": "138****1234", "id_last4": "****",
                                      "unit": "3-2-1201"}]
    assert mask(rows, "technician")[0]["id_last4"] == "****"
    assert mask(rows, "technician")[0]["phone"] == "138-0000-1234"
    assert mask(rows, "security")[0]["id_last4"] == "0427"
    assert mask_phone("12345") == "****"
    assert rows[0]["phone"] == "138-0000-1234"  # the input is not changed


def test_exports_and_registers_mask_for_the_auditor(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.cli.conftest import Cli, prepare

    cli = Cli(None, monkeypatch, prepare(monkeypatch, tmp_path))
    cli.open_repair()
    cli.ok("key", "deposit", "--unit", "3-2-1201", "--owner", "王女士", "--id-last4", "0427")
    desk = cli.json("register", "repairs")["rows"][0]
    audit = cli.json("--role", "auditor", "register", "repairs")["rows"][0]
    assert (desk["phone"], audit["phone"]) == ("13800001234", "138****1234")
    deposits = cli.json("--role", "cleaning", "register", "key-deposits")["rows"]
    assert deposits[0]["id_last4"] == "****"
    out = tmp_path / "deposits.csv"
    cli.ok("--role", "auditor", "register", "export", "key-deposits", "--format", "csv",
           "--out", str(out))
    assert "0427" not in out.read_text(encoding="utf-8-sig")
    refused = cli("--role", "cleaning", "register", "export", "key-deposits", "--format",
                  "csv", "--out", str(tmp_path / "x.csv"))
    assert refused.code == 1 and "register.export is not permitted" in refused.error
    assert not (tmp_path / "x.csv").exists()


def test_the_documented_matrix_is_the_enforced_one() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "roles.md").read_text(encoding="utf-8")
    assert doc_table() in doc
    for action, allowed in MATRIX.items():
        marks = " | ".join("✓" if r in allowed else "—" for r in ROLES)
        assert f"| `{action}` | {marks} |" in doc, action


CLI_REFUSALS = [
    ("auditor", "repair.order", ("repair", "order", "{r}", "--technician", "王师傅")),
    ("cleaning", "repair.collect_fee", ("repair", "collect-fee", "{r}", "--amount", "50")),
    ("technician", "key.deposit", ("key", "deposit", "--unit", "3-2-1202", "--owner", "李四",
                                   "--id-last4", "1234")),
    ("auditor", "ticket.open.complaint", ("ticket", "open", "--kind", "complaint", "--unit",
                                          "3-2-1201", "--caller", "张三", "--summary", "噪音",
                                          "--channel", "phone")),
    ("cashier", "tick", ("tick",)),
    ("auditor", "rebuild", ("rebuild",)),
]


def test_the_cli_refuses_with_one_line_exit_1_and_writes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.cli.conftest import Cli, prepare

    cli = Cli(None, monkeypatch, prepare(monkeypatch, tmp_path))
    number = cli.open_repair()
    before = cli.events()
    for role, action, args in CLI_REFUSALS:
        refused = cli("--role", role, *(a.format(r=number) for a in args))
        assert refused.code == 1, (role, action, refused)
        assert f"{action} is not permitted for role '{role}'" in refused.error
        assert "allowed: " in refused.error
    assert cli.events() == before
    demo = tmp_path / "demo.db"
    refused = cli("--role", "auditor", "demo", "--out", str(demo))
    assert refused.code == 1 and "demo is not permitted" in refused.error
    assert not demo.exists()


def test_every_use_case_of_every_desk_checks_the_matrix_first() -> None:
    """A new write added to a desk without a permit() call fails here."""
    import inspect
    import re

    from propsvc.desks.calendar import CalendarDesk
    from propsvc.desks.complaint import ComplaintDesk
    from propsvc.desks.corrections import CorrectionDesk
    from propsvc.desks.feedback import FeedbackDesk
    from propsvc.desks.fees import FeesDesk
    from propsvc.desks.found import FoundDesk
    from propsvc.desks.handover import HandoverDesk
    from propsvc.desks.help import HelpDesk
    from propsvc.desks.incident import IncidentDesk
    from propsvc.desks.inquiry import InquiryDesk
    from propsvc.desks.keys import KeyDesk
    from propsvc.desks.month_end import MonthEnd
    from propsvc.desks.movein import MoveInDesk
    from propsvc.desks.notification import NotificationDesk
    from propsvc.desks.paid import PaidDesk
    from propsvc.desks.patrol import PatrolDesk
    from propsvc.desks.release import ReleaseDesk
    from propsvc.desks.renovation import RenoDesk
    from propsvc.desks.repair import RepairDesk
    from propsvc.desks.tick import Ticker
    from propsvc.desks.vacancy import VacancyDesk
    from propsvc.desks.visit import VisitDesk

    reads = {"load", "key_id", "number", "on_duty", "year"}
    named: set[str] = set()
    for desk in (RepairDesk, VisitDesk, ComplaintDesk, HelpDesk, InquiryDesk, FeedbackDesk,
                 IncidentDesk, KeyDesk, RenoDesk, HandoverDesk, PatrolDesk, MonthEnd, Ticker,
                 CorrectionDesk, NotificationDesk, CalendarDesk, MoveInDesk, PaidDesk,
                 ReleaseDesk, FeesDesk, FoundDesk, VacancyDesk):
        for name, member in vars(desk).items():
            if name.startswith("_") or name in reads or not inspect.isfunction(member):
                continue
            if (desk, name) == (HandoverDesk, "permit"):  # the helper itself
                continue
            actions = re.findall(r'permit\((?:self\.svc\.who\.role, )?"([^"]+)"\)',
                                 inspect.getsource(member))
            assert len(actions) == 1, f"{desk.__name__}.{name} checks {actions}"
            assert actions[0] in MATRIX, f"{desk.__name__}.{name}: {actions[0]}"
            named.add(actions[0])
    assert named == set(MATRIX) - CLI_ONLY
