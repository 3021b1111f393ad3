"""The ticket page's actions beyond the repair's main line (issue 10): the H3 medical
branch and the escort's return, the F1–F3 feedback chain, a repair waiting (pause and
resume, R8), a complaint's head's opinion (C6) and carried-out remedy (C8), the manager's
review of a return visit (V3). Each: offered for the right role and state only, refused
when a forbidden role posts it anyway (nothing written), and its event recorded."""

from __future__ import annotations

import re
from typing import Any

from tests.office import open_office
from tests.web.conftest import Store, csrf_of, log_in
from tests.web.test_pages import open_repair


def offers(client: Any, number: str) -> set[str]:
    return set(re.findall(r'data-action="(\w+)"', client.get(f"/tickets/{number}").text))


def events(client: Any, number: str) -> list[str]:
    return re.findall(r'<li data-event="(\w+)"', client.get(f"/tickets/{number}").text)


def post(client: Any, number: str, code: str, **data: str) -> Any:
    return client.post(f"/tickets/{number}/{code}",
                       data={"csrf_token": csrf_of(client), **data}, follow_redirects=False)


def switch_to(client: Any, name: str, role: str | None = None) -> None:
    client.post("/logout", data={"csrf_token": csrf_of(client)})
    log_in(client, name, role)


def refused(res: Any, permission: str) -> None:
    assert res.status_code == 403 and permission in res.text


def open_help(client: Any, help_kind: str = "medical") -> str:
    res = client.post("/calls/new/help", data={
        "csrf_token": csrf_of(client), "help_kind": help_kind, "unit": "3-2-1201",
        "caller": "王先生", "phone": "13800138000", "summary": "老人在家摔倒",
        "channel": "phone"}, follow_redirects=False)
    assert res.status_code == 303, res.text
    number: str = res.headers["location"].split("/tickets/")[1].split("?")[0]
    return number


def test_h3_the_escort_to_hospital_leaves_and_returns_from_the_ticket_page(client: Any
                                                                           ) -> None:
    log_in(client, "lily")
    number = open_help(client)
    desk = offers(client, number)
    assert "medical" in desk and not {"help_answer", "route", "escort_returned"} & desk
    everyday = open_help(client, "other")
    assert "medical" not in offers(client, everyday)  # H3 is for a medical emergency
    res = post(client, number, "medical", action="hospital", staff="张保安")
    assert res.status_code == 422  # H3: two escorts and a vehicle, beside the staff field
    field = re.search(r'<div class="field has-error">.*?</div>', res.text, re.S)
    assert field is not None and 'for="medical-staff"' in field.group(0)
    assert '<b class="rule">H3</b>' in field.group(0)
    assert "MedicalActionTaken" not in events(client, number)  # nothing written
    switch_to(client, "wang")
    assert "medical" not in offers(client, number)
    refused(post(client, number, "medical", action="hospital", staff="甲\n乙", vehicle="车"),
            "help.medical")
    switch_to(client, "lily")
    res = post(client, number, "medical", action="hospital", staff="张保安\n李保安",
               vehicle="沪A·12345")
    assert res.status_code == 303
    assert "MedicalActionTaken" in events(client, number)
    now = offers(client, number)
    assert "escort_returned" in now and "medical" not in now and "visit" not in now
    assert post(client, number, "escort_returned", note="已住院，家属陪同").status_code == 303
    assert events(client, number)[-3:].count("EscortReturned") == 1
    after = offers(client, number)
    assert "escort_returned" not in after and "visit" in after  # H6: the visit follows


def test_f1_to_f3_the_slip_the_reply_reporting_up_and_the_answer_to_the_customer(
        client: Any) -> None:
    log_in(client, "lily")
    number = open_repair(client)
    first = offers(client, number)
    assert "refer" in first and not {"reply", "report_up", "feedback_answer"} & first
    switch_to(client, "wang")
    assert "refer" not in offers(client, number)
    refused(post(client, number, "refer", to="工程部"), "feedback.refer")
    switch_to(client, "lily")
    assert post(client, number, "refer", to="工程部").status_code == 303
    assert "WorkContactSlipIssued" in events(client, number)
    waiting = offers(client, number)
    assert {"reply", "report_up"} <= waiting and "refer" not in waiting  # F2 first
    switch_to(client, "wang")
    refused(post(client, number, "reply", text="明天换"), "feedback.reply")
    switch_to(client, "lily")
    assert post(client, number, "report_up", note="须经理批准").status_code == 303
    assert post(client, number, "reply", text="明天上午更换配件").status_code == 303
    replied = offers(client, number)
    assert "feedback_answer" in replied and not {"reply", "report_up"} & replied
    assert post(client, number, "feedback_answer", text="已告知业主明天上午上门").status_code \
        == 303
    assert {"ReportedToSuperior", "HandlerReplied", "CustomerAnswered"} <= set(
        events(client, number))
    assert "feedback_answer" not in offers(client, number)


def test_r8_a_paused_repair_offers_resume_only_and_runs_on_after_it(client: Any) -> None:
    log_in(client, "lily")
    number = open_repair(client)
    post(client, number, "order", technician="wang")
    assert {"pause", "arrive"} <= offers(client, number)
    assert "resume" not in offers(client, number)
    assert post(client, number, "pause", reason="等配件").status_code == 303
    waiting = offers(client, number)
    assert "resume" in waiting and not {"pause", "arrive"} & waiting
    assert {"chase", "escalate"} <= waiting  # chasing goes on while it waits
    switch_to(client, "chen", "auditor")
    assert "resume" not in offers(client, number)
    refused(post(client, number, "resume"), "repair.resume")
    switch_to(client, "wang")
    assert post(client, number, "resume").status_code == 303
    assert events(client, number).count("RepairResumed") == 1
    assert "arrive" in offers(client, number) and "resume" not in offers(client, number)


def test_c6_and_c8_the_head_s_opinion_and_the_remedy_carried_out(client: Any,
                                                                  store: Store) -> None:
    with open_office(store.db, clock=store.clock, actor="lily", role="desk") as office:
        number = office.complaints.open(unit="3-2-1201", caller="陈女士", phone=None,
                                        summary="物业费收费不透明", channel="phone",
                                        lodged_with="group").number
    log_in(client, "lily")
    assert "head_opinion" in offers(client, number)  # C6: lodged with the group
    switch_to(client, "wang")
    refused(post(client, number, "head_opinion", opinion="退还多收部分"),
            "complaint.notify_superior")
    switch_to(client, "lily")
    assert post(client, number, "head_opinion", opinion="核对后退还多收部分").status_code == 303
    assert "head_opinion" not in offers(client, number)
    post(client, number, "classify", complaint_class="1")
    assert "remedy_done" not in offers(client, number)  # nothing agreed yet
    assert post(client, number, "agree", remedy="退还多收费用",
                by="2026-11-25T10:00").status_code == 303
    assert "remedy_done" in offers(client, number)
    switch_to(client, "wang")
    refused(post(client, number, "remedy_done"), "complaint.agree")
    switch_to(client, "lily")
    assert post(client, number, "remedy_done", note="已退还").status_code == 303
    assert {"HeadOpinionGiven", "RemedyAgreed", "RemedyCarriedOut"} <= set(
        events(client, number))
    assert "remedy_done" not in offers(client, number)


def _completed_and_visited(store: Store, visitor: str, role: str) -> str:
    with open_office(store.db, clock=store.clock, actor="lily", role="desk") as office:
        number = office.repairs.open(unit="3-2-1201", caller="王先生", phone=None,
                                     summary="漏水").number
        office.repairs.order(number, "wang")
        office.repairs.arrive(number)
        office.repairs.complete(number, "王先生", 5)
    with open_office(store.db, clock=store.clock, actor=visitor, role=role) as office:
        office.visits.record(number, "phone", "satisfied")
    return number


def test_v3_the_manager_reviews_a_visit_but_never_one_they_made(client: Any,
                                                                 store: Store) -> None:
    by_lily = _completed_and_visited(store, "lily", "desk")
    by_chen = _completed_and_visited(store, "chen", "manager")
    log_in(client, "lily")
    assert "visit_review" not in offers(client, by_lily)
    refused(post(client, by_lily, "visit_review"), "repair.visit_review")
    switch_to(client, "chen", "manager")
    assert "visit_review" not in offers(client, by_chen)  # two-person rule, seen coming
    res = post(client, by_chen, "visit_review", note="自己复核")
    assert res.status_code == 422 and '<b class="rule">V3</b>' in res.text
    assert "visit_review" in offers(client, by_lily)
    assert post(client, by_lily, "visit_review", note="回访属实").status_code == 303
    assert "VisitReviewed" in events(client, by_lily)
    assert "VisitReviewed" not in events(client, by_chen)
    assert "visit_review" not in offers(client, by_lily)  # reviewed once


def test_the_cli_s_optional_fields_reach_the_facade_from_the_page(client: Any) -> None:
    log_in(client, "lily")
    number = open_repair(client)
    post(client, number, "order", technician="wang")
    assert post(client, number, "arrive", technician="zhang").status_code == 303
    assert post(client, number, "defer", measure="关总阀", reason="缺配件",
                until="2026-11-24T10:00").status_code == 303
    page = client.get(f"/tickets/{number}").text
    assert "zhang" in page and "2026-11-24 10:00" in page
    assert "arrive" in offers(client, number)  # a deferred job is visited again (R4)
