"""The pages in process (TestClient on the server's app): what each shows, and that
every post goes through the facade — refusals beside their field with the rule, the
permission matrix, CSRF, the as-of picker, downloads, the company-wide dashboard."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from tests.web.conftest import Store, csrf_of, log_in


def open_repair(client: Any, unit: str = "3-2-1201") -> str:
    res = client.post("/calls/new/repair", data={
        "csrf_token": csrf_of(client), "unit": unit, "caller": "王先生",
        "phone": "13800138000", "summary": "厨房水龙头漏水", "channel": "phone"},
        follow_redirects=False)
    assert res.status_code == 303, res.text
    number: str = res.headers["location"].split("/tickets/")[1].split("?")[0]
    return number


def test_a_page_without_a_session_sends_the_browser_to_the_login_form(client: Any) -> None:
    res = client.get("/tickets/BX-1", follow_redirects=False)
    assert res.status_code == 303
    assert res.headers["location"] == "/login?next=/tickets/BX-1"


def test_a_wrong_password_is_refused_on_the_login_form_and_sets_no_session(client: Any
                                                                           ) -> None:
    res = client.post("/login", data={"name": "lily", "password": "nope", "next": "/"})
    assert res.status_code == 401
    assert "propsvc_session" not in client.cookies
    assert 'name="name"' in res.text and 'value="lily"' in res.text


def test_the_header_shows_name_role_and_office_and_the_language_switches(client: Any
                                                                          ) -> None:
    log_in(client, "lily")
    page = client.get("/").text
    assert re.search(r'data-testid="who">\s*<span class="name">lily</span>\s*'
                     r'<span class="role">前台客服</span>\s*<span class="office">main', page)
    client.get("/lang?to=en&next=/")
    page = client.get("/").text
    assert '<html lang="en">' in page and '<span class="role">desk clerk</span>' in page


def test_a_repair_without_its_unit_is_refused_beside_the_unit_with_r1(client: Any) -> None:
    log_in(client, "lily")
    res = client.post("/calls/new/repair", data={
        "csrf_token": csrf_of(client), "caller": "王先生", "summary": "漏水",
        "channel": "phone"})
    assert res.status_code == 422
    field = re.search(r'<div class="field has-error">.*?</div>', res.text, re.S)
    assert field is not None and 'for="unit"' in field.group(0)
    assert '<b class="rule">R1</b>' in field.group(0)
    assert client.get("/search?unit=3-2-1201").text.count("/tickets/BX-") == 0  # nothing written


def test_a_form_post_without_the_csrf_token_is_refused_and_writes_nothing(client: Any
                                                                          ) -> None:
    log_in(client, "lily")
    res = client.post("/calls/new/repair", data={
        "unit": "3-2-1201", "caller": "王先生", "summary": "漏水", "channel": "phone"})
    assert res.status_code == 403
    assert "CSRF" in res.text
    assert "BX-" not in client.get("/").text


def test_the_ticket_page_offers_the_actions_of_the_role_and_state_only(client: Any) -> None:
    log_in(client, "lily")
    number = open_repair(client)
    page = client.get(f"/tickets/{number}").text
    assert 'data-action="order"' in page and 'data-action="void"' in page
    assert 'data-action="arrive"' not in page  # no work order yet (R4)
    client.post("/logout", data={"csrf_token": csrf_of(client)})
    log_in(client, "wang")
    page = client.get(f"/tickets/{number}").text
    assert 'data-action="order"' not in page and 'data-action="void"' not in page


def test_a_refused_action_is_shown_beside_its_form_with_the_rule(client: Any) -> None:
    log_in(client, "lily")
    number = open_repair(client)
    client.post(f"/tickets/{number}/order", data={"csrf_token": csrf_of(client),
                                                  "technician": "wang"})
    client.post(f"/tickets/{number}/arrive", data={"csrf_token": csrf_of(client)})
    res = client.post(f"/tickets/{number}/complete", data={
        "csrf_token": csrf_of(client), "signed_by": "王先生", "rating": "9"})
    assert res.status_code == 422
    form = re.search(r'<form [^>]*data-action="complete".*?</form>', res.text, re.S)
    assert form is not None and '<b class="rule">R9</b> 评分 9 不在 1–5 之间' in form.group(0)
    assert 'for="complete-rating"' in form.group(0).split('role="alert"')[0].rsplit(
        '<div class="field', 1)[1]  # beside the rating
    assert 'data-event="RepairCompleted"' not in res.text  # nothing written


def test_the_as_of_picker_shows_the_ticket_as_it_stood(client: Any, store: Store) -> None:
    log_in(client, "lily")
    number = open_repair(client)
    store.clock.advance(timedelta(minutes=3))
    client.post(f"/tickets/{number}/order", data={"csrf_token": csrf_of(client),
                                                  "technician": "wang"})
    now = client.get(f"/tickets/{number}").text
    assert "已派单" in now
    before = client.get(f"/tickets/{number}?as_of=2026-11-22T09:01").text
    assert 'data-event="WorkOrderIssued"' in now
    assert "待派单" in before and 'data-event="WorkOrderIssued"' not in before
    assert 'class="asof"' in before and 'data-action=' not in before  # the past takes no action


def test_search_finds_by_unit_and_refuses_a_phone_search_for_a_role_that_cannot_see_phones(
        client: Any) -> None:
    log_in(client, "lily")
    number = open_repair(client)
    assert number in client.get("/search?unit=3-2-1201").text
    assert number not in client.get("/search?unit=9-9-9999").text
    client.post("/logout", data={"csrf_token": csrf_of(client)})
    log_in(client, "chen", "auditor")
    res = client.get("/search?phone=13800138000")
    assert res.status_code == 403 and "phone" in res.text


def test_a_register_downloads_as_xlsx_and_csv_from_the_same_sheets(client: Any) -> None:
    log_in(client, "lily")
    number = open_repair(client)
    page = client.get("/registers/repairs?date=2026-11-22").text
    assert "业主报修记录表" in page and number in page
    xlsx = client.get("/registers/repairs/download?format=xlsx&date=2026-11-22")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    csv = client.get("/registers/repairs/download?format=csv&date=2026-11-22")
    assert csv.content.startswith("\ufeff".encode()) and number in csv.content.decode("utf-8")


def test_the_dashboard_adds_up_the_offices_for_a_company_role_only(client: Any) -> None:
    log_in(client, "chen", "manager")
    page = client.get("/dashboard?scope=company").text
    assert "main, north" in page and page.count('<svg xmlns="http://www.w3.org/2000/svg"') == 5
    client.post("/logout", data={"csrf_token": csrf_of(client)})
    log_in(client, "zhou")
    assert client.get("/dashboard?scope=company").status_code == 403


def test_a_user_with_two_roles_switches_role_from_the_header(client: Any) -> None:
    log_in(client, "chen", "manager")
    page = client.get("/").text
    assert 'id="switch-role"' in page
    client.post("/session/role", data={"csrf_token": csrf_of(client), "role": "auditor"},
                headers={"referer": "http://testserver/keys"})
    assert '<span class="role">审计</span>' in client.get("/").text


def test_the_technician_view_lists_his_open_work_orders_only(client: Any) -> None:
    log_in(client, "lily")
    mine, other = open_repair(client), open_repair(client, "3-2-1202")
    client.post(f"/tickets/{mine}/order", data={"csrf_token": csrf_of(client),
                                                "technician": "wang"})
    client.post(f"/tickets/{other}/order", data={"csrf_token": csrf_of(client),
                                                 "technician": "zhang"})
    client.post("/logout", data={"csrf_token": csrf_of(client)})
    log_in(client, "wang")
    page = client.get("/tech").text
    assert mine in page and other not in page
    order = client.get(f"/tech/{mine}").text
    assert 'data-action="arrive"' in order and 'data-action="complete"' not in order


def test_a_missed_deadline_reaches_the_desk_home_as_a_notification_and_is_marked_read(
        client: Any, store: Store) -> None:
    from tests.office import open_office

    log_in(client, "lily")
    number = open_repair(client)
    store.clock.advance(timedelta(minutes=10))  # R3: the work order within 5 minutes
    with open_office(store.db, clock=store.clock, actor="cron", role="desk") as office:
        office.tick()
    page = client.get("/").text
    notices = re.search(r'<section class="card" id="notices".*?</section>', page, re.S)
    assert notices is not None and number in notices.group(0)
    assert '<b class="rule">R3</b>' in notices.group(0)
    assert client.get("/live.json").json()["notifications"] >= 1
    res = client.post("/notifications/read", data={"csrf_token": csrf_of(client), "all": "1"},
                      follow_redirects=False)
    assert res.status_code == 303
    assert client.get("/live.json").json()["notifications"] == 0
