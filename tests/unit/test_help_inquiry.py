"""Help requests, inquiries and information feedback (H1–H6, F1–F3, Q1)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from propsvc.clock import SettableClock
from propsvc.errors import InvalidInput, RuleViolation
from propsvc.office import Office
from tests.office import tick


def _help(rt: Office, kind: str = "other", **kw: object) -> str:
    return rt.help.open(help_kind=kind, unit="1-1-0101", caller="王五", phone="13800000002",
                        summary="求助", **kw).number  # type: ignore[arg-type]


def test_help_is_answered_within_five_minutes_or_the_supervisor_hears(
        rt: Office, clock: SettableClock) -> None:
    number = _help(rt)
    clock.set(clock.now() + timedelta(minutes=6))
    result = tick(rt)
    assert [(m["number"], m["rule"]) for m in result["missed"]] == [(number, "H2")]
    assert result["follow_ups"][0]["to"] == "supervisor"


def test_medical_needs_a_phone_and_nursing_needs_a_relative_present(rt: Office) -> None:
    with pytest.raises(InvalidInput, match="H3"):
        rt.help.open(help_kind="medical", unit="1-1-0101", caller="x", phone=None,
                     summary="y")
    number = _help(rt, "medical")
    with pytest.raises(RuleViolation, match="H3"):
        rt.help.answer(number, "好的")
    with pytest.raises(RuleViolation, match="a relative stays too"):
        rt.help.medical(number, "nursing", ["甲", "乙"])
    with pytest.raises(RuleViolation, match="applies to short-term nursing"):
        rt.help.medical(number, "call-120", ["甲"], relative="女儿")
    ticket = rt.help.medical(number, "nursing", ["甲"], relative="女儿").aggregate
    assert ticket.medical is not None and ticket.medical.staff == ("甲",)
    assert ticket.medical.relative == "女儿"
    assert ticket.deadlines["H6.visit#1"].limit_minutes == 7 * 24 * 60


def test_an_escort_to_hospital_completes_on_its_return_and_the_visit_counts_from_it(
        rt: Office, clock: SettableClock) -> None:
    number = _help(rt, "medical")
    ticket = rt.help.medical(number, "hospital", ["甲", "乙"], vehicle="车").aggregate
    assert ticket.status == "dispatched" and "H6.visit#1" not in ticket.deadlines
    clock.set(clock.now() + timedelta(hours=3))
    back = rt.help.escort_returned(number).aggregate
    assert (back.status, back.completed_at) == ("completed", clock.now())
    assert back.deadlines["H6.visit#1"].due_at == clock.now() + timedelta(days=7)
    with pytest.raises(RuleViolation, match="already recorded"):
        rt.help.escort_returned(number)


def test_routing_opens_the_linked_ticket_and_security_only_goes_to_incidents(
        rt: Office) -> None:
    number = _help(rt)
    routed = rt.help.route(number, "complaint").aggregate
    assert routed.routed is not None
    linked = rt.service.load(routed.routed.linked_number)
    assert (linked.kind, linked.intake.linked_from) == ("complaint", number)
    security = _help(rt, "security")
    with pytest.raises(RuleViolation, match="H5"):
        rt.help.route(security, "repair")
    with pytest.raises(RuleViolation, match="already handled"):
        rt.help.route(number, "repair")


def test_security_help_routed_to_an_incident_keeps_the_category_the_desk_gives(
        rt: Office) -> None:
    fight = _help(rt, "security")
    linked = rt.help.route(fight, "incident", category="fight").aggregate.routed
    assert linked is not None
    incident = rt.incidents.load(linked.linked_number)
    assert (incident.report.category, incident.report.incident_class) == ("fight", "security")
    fire = _help(rt, "disaster")
    linked = rt.help.route(fire, "incident", category="fire").aggregate.routed
    assert linked is not None
    assert rt.incidents.load(linked.linked_number).report.category == "fire"
    other = _help(rt)
    with pytest.raises(InvalidInput, match="--category applies only to --to incident"):
        rt.help.route(other, "repair", category="fire")


def test_paid_help_is_routed_and_dispatched_only_after_the_fee_is_accepted(
        rt: Office) -> None:
    number = _help(rt, paid=True)
    linked = rt.help.route(number, "paid").aggregate.routed
    assert linked is not None
    repair = linked.linked_number
    assert rt.service.load(repair).intake.paid
    with pytest.raises(RuleViolation, match="Q1"):
        rt.repairs.order(repair, "李师傅")
    rt.repairs.quote(repair, "80", "上门费")
    rt.repairs.accept_fee(repair)
    assert rt.repairs.order(repair, "李师傅").aggregate.status == "ordered"


def test_written_inquiry_two_days_oral_five_minutes(rt: Office) -> None:
    w = rt.inquiries.open(unit=None, caller="a", phone=None, summary="q", written=True)
    o = rt.inquiries.open(unit=None, caller="b", phone=None, summary="q")
    assert [(d.rule, d.limit_minutes) for d in w.deadlines_opened] == [("H4", 2 * 24 * 60)]
    assert [(d.rule, d.limit_minutes) for d in o.deadlines_opened] == [("H4", 5)]
    with pytest.raises(RuleViolation, match="H4: a written inquiry is answered in writing by "
                       "the supervisor"):
        rt.inquiries.answer(w.number, "书面答复")
    rt.service.who.role = "supervisor"
    answered = rt.inquiries.answer(w.number, "书面答复").aggregate
    assert answered.inquiry_answer is not None and answered.inquiry_answer.written
    assert answered.inquiry_answer.role == "supervisor"
    with pytest.raises(RuleViolation, match="already answered"):
        rt.inquiries.answer(w.number, "again")


def test_feedback_chain_reply_then_answer_customer(rt: Office) -> None:
    number = _help(rt)
    with pytest.raises(RuleViolation, match="F3"):
        rt.feedback.answer(number, "x")
    slip = rt.feedback.refer(number, "工程部", needs_superior=True)
    assert {d.key for d in slip.deadlines_opened} == {"F2.reply#1", "F2.report_up#1"}
    rt.feedback.report_up(number)
    replied = rt.feedback.reply(number, "明天处理")
    assert [d.key for d in replied.deadlines_opened] == ["F3.answer#1"]
    assert replied.deadlines_opened[0].limit_minutes == 24 * 60
    ticket = rt.feedback.answer(number, "已告知").aggregate
    assert ticket.deadlines["F3.answer#1"].state == "met"


def test_a_second_slip_waits_for_the_reply_to_the_first(rt: Office,
                                                         clock: SettableClock) -> None:
    number = rt.inquiries.open(unit=None, caller="冯", phone=None, summary="能否装充电桩"
                             ).number
    rt.feedback.refer(number, "工程部")
    before = rt.service.load(number).version
    with pytest.raises(RuleViolation, match=r"F2: .* LX-.*-1 to 工程部 is still waiting"):
        rt.feedback.refer(number, "经理室")
    assert rt.service.load(number).version == before
    rt.feedback.reply(number, "需经理批准")
    clock.set(clock.now() + timedelta(hours=1))
    again = rt.feedback.refer(number, "经理室")
    assert [d.key for d in again.deadlines_opened] == ["F2.reply#1"]
    assert again.aggregate.deadlines["F2.reply#1"].due_at == clock.now() + timedelta(hours=24)


def test_ticket_view_shows_each_kind(rt: Office, clock: SettableClock) -> None:
    from propsvc.views.incident import incident_view
    from propsvc.views.ticket import ticket_view

    medical = _help(rt, "medical")
    rt.help.medical(medical, "call-120", ["甲"], None, False)
    view = ticket_view(rt.service.load(medical), clock.now())
    assert view["desk"]["help"]["medical"]["action"] == "call-120"
    inquiry = rt.inquiries.open(unit=None, caller="a", phone=None, summary="q").number
    rt.inquiries.answer(inquiry, "口头答复", asked_supervisor=True)
    view = ticket_view(rt.service.load(inquiry), clock.now())
    assert view["desk"]["inquiry"]["answer"]["asked_supervisor"] is True
    repair = rt.repairs.open(unit="1-1-101", caller="x", phone=None, summary="y").number
    assert ticket_view(rt.service.load(repair), clock.now())["desk"] is None
    fire = rt.incidents.report(category="fire", place="x", description="y").aggregate
    assert incident_view(fire, clock.now())["told"][0]["to"] == "property-director"
