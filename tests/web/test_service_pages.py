"""The desk services' pages in process (TestClient on the server's app, issue 13): for
move-ins, paid services, goods releases with the cashier's arrears, lost property and
vacant units — the happy path through the list and record pages, a refusal shown with
its rule ID and nothing written, and a role that is not offered an action and is refused
when it posts it anyway."""

from __future__ import annotations

import re
from typing import Any

from tests.office import open_office
from tests.web.conftest import Store, csrf_of, log_in

UNIT = "3-2-1201"


def send(client: Any, path: str, **data: str) -> Any:
    return client.post(path, data={"csrf_token": csrf_of(client), **data},
                       follow_redirects=False)


def done(client: Any, path: str, **data: str) -> str:
    """Post a form that must succeed; the page it sends the browser to."""
    res = send(client, path, **data)
    assert res.status_code == 303, res.text[-3000:]
    location: str = res.headers["location"]
    return location


def form(page: str, action: str) -> str:
    found = re.search(rf'<form [^>]*data-action="{action}".*?</form>', page, re.S)
    assert found is not None, f"no {action} form"
    return found.group(0)


def offered(page: str) -> set[str]:
    return set(re.findall(r'<form [^>]*data-action="([\w-]+)"', page))


def switch(client: Any, name: str, role: str | None = None) -> None:
    client.post("/logout", data={"csrf_token": csrf_of(client)})
    log_in(client, name, role)


def number_in(client: Any, path: str, prefix: str) -> str:
    found = re.search(rf'href="{path}/({prefix}-\d{{8}}-\d{{3}})"', client.get(path).text)
    assert found is not None, f"no {prefix} record listed on {path}"
    return found.group(1)


def test_the_nav_links_each_service_for_the_roles_that_use_it(client: Any) -> None:
    links = ('href="/movein"', 'href="/paid"', 'href="/release"', 'href="/fees"',
             'href="/found"', 'href="/vacancy"')
    log_in(client, "lily")
    page = client.get("/").text
    assert all(link in page for link in links)
    switch(client, "wang")
    page = client.get("/tech").text
    assert 'href="/paid"' in page  # a technician completes paid work
    assert not any(link in page for link in links if "paid" not in link)


def test_a_move_in_from_start_to_the_return_visit(client: Any, store: Store) -> None:
    with open_office(store.db, clock=store.clock, actor="chen", role="manager") as office:
        office.keys.handover(developer="万科地产", units=[UNIT])
    log_in(client, "lily")
    assert done(client, "/movein/start", unit=UNIT, owner="张先生",
                phone="13800000000") == "/movein?done=start"
    number = number_in(client, "/movein", "RZ")
    base = f"/movein/{number}"
    assert offered(client.get(base).text) == {"verify", "file", "pay", "keys"}
    done(client, f"{base}/verify", **{"doc_purchase-contract": "on", "doc_id": "on",
                                      "doc_move-in-notice": "on"})
    assert {"sign"} <= offered(client.get(base).text) - {"verify"}  # every document seen
    done(client, f"{base}/sign", **{"agreement_preliminary-service": "on",
                                    "agreement_owner-rules": "on"})
    done(client, f"{base}/file", members="李女士", vehicles="粤B12345",
         emergency_contact="张父 13900000000")
    done(client, f"{base}/pay", amount="3600")
    done(client, f"{base}/keys", count="3")
    assert offered(client.get(base).text) == {"file", "inspect"}
    done(client, f"{base}/inspect", result="ok")
    assert "complete" in offered(client.get(base).text)
    done(client, f"{base}/complete")
    page = client.get(base).text
    assert offered(page) == {"visit"} and "已入住" in page
    assert "V1" in page  # the return visit's deadline
    done(client, f"{base}/visit", method="phone", result="satisfied")
    page = client.get(base).text
    assert offered(page) == set() and "MoveInVisited" in page
    assert number not in client.get("/movein").text  # visited: no longer open
    assert number in client.get("/registers/moveins?date=2026-11-22").text


def test_a_move_in_completed_too_early_is_refused_with_q5_and_nothing_written(
        client: Any) -> None:
    log_in(client, "lily")
    done(client, "/movein/start", unit=UNIT, owner="张先生", phone="13800000000")
    number = number_in(client, "/movein", "RZ")
    assert "complete" not in offered(client.get(f"/movein/{number}").text)
    res = send(client, f"/movein/{number}/complete")  # posted by hand all the same
    assert res.status_code == 422
    assert re.search(r'<p class="error" role="alert"><b class="rule">Q5</b>[^<]*', res.text)
    res = send(client, f"/movein/{number}/keys", count="3")  # no developer batch (K6)
    assert '<b class="rule">K6</b>' in form(res.text, "keys")
    assert "MoveInCompleted" not in client.get(f"/movein/{number}").text


def test_a_move_in_step_is_not_offered_to_a_technician_and_refused_if_posted(
        client: Any) -> None:
    log_in(client, "lily")
    done(client, "/movein/start", unit=UNIT, owner="张先生", phone="13800000000")
    number = number_in(client, "/movein", "RZ")
    switch(client, "wang")
    page = client.get(f"/movein/{number}").text
    assert offered(page) == set()
    res = send(client, f"/movein/{number}/complete")
    assert res.status_code == 403 and "movein.complete" in res.text
    res = send(client, "/movein/start", unit="5-1-0302", owner="李女士", phone="13900000000")
    assert res.status_code == 403


def test_a_move_in_without_its_unit_is_refused_beside_the_unit_with_q5(client: Any) -> None:
    log_in(client, "lily")
    res = send(client, "/movein/start", owner="张先生", phone="13800000000")
    assert res.status_code == 422
    field = re.search(r'<div class="field has-error">.*?</div>', res.text, re.S)
    assert field is not None and 'name="unit"' in field.group(0)
    assert '<b class="rule">Q5</b>' in field.group(0)
    assert "RZ-" not in client.get("/movein").text


def test_a_paid_service_from_the_request_to_the_visit(client: Any) -> None:
    log_in(client, "lily")
    page = client.get("/paid").text
    assert "deep-clean" in page  # the rate table beside the forms
    done(client, "/paid/request", unit=UNIT, service="深度保洁", caller="张先生",
         phone="13800000000")
    number = number_in(client, "/paid", "YC")
    base = f"/paid/{number}"
    assert offered(client.get(base).text) == {"decide"}
    done(client, f"{base}/decide", rate="deep-clean")
    assert offered(client.get(base).text) == {"accept", "decide"}
    res = send(client, f"{base}/dispatch", to="保洁员赵")  # not offered: not accepted yet
    assert res.status_code == 422 and '<b class="rule">Q1</b>' in res.text
    done(client, f"{base}/accept", signed_by="张先生")
    done(client, f"{base}/dispatch", to="保洁员赵")
    assert "QJ-" in client.get(base).text  # a cleaning order
    switch(client, "wang")
    assert offered(client.get(base).text) == {"complete"}
    done(client, f"{base}/complete")
    switch(client, "lily")
    res = send(client, f"{base}/collect", amount="150", cashier="收银员刘")
    assert res.status_code == 422 and '<b class="rule">Q1</b>' in form(res.text, "collect")
    done(client, f"{base}/collect", amount="200", cashier="收银员刘")
    assert offered(client.get(base).text) == {"visit"}
    done(client, f"{base}/visit", method="phone", result="satisfied")
    assert "PaidVisited" in client.get(base).text
    assert number not in client.get("/paid").text


def test_a_technician_is_not_offered_the_quote_and_is_refused_if_he_posts_it(
        client: Any) -> None:
    log_in(client, "lily")
    done(client, "/paid/request", unit=UNIT, service="换门锁")
    number = number_in(client, "/paid", "YC")
    switch(client, "wang")
    base = f"/paid/{number}"
    assert offered(client.get(base).text) == set()
    res = send(client, f"{base}/decide", rate="lock-change")
    assert res.status_code == 403 and "paid.decide" in res.text
    assert "PaidDecided" not in client.get(base).text


def test_goods_go_out_once_the_cashier_has_settled_the_arrears(client: Any) -> None:
    log_in(client, "liu", "cashier")
    done(client, "/fees/arrears", unit=UNIT, amount="1280.50", note="物业费")
    assert "1280.50" in client.get("/fees").text
    switch(client, "lily")
    done(client, "/release/apply", unit=UNIT, goods="沙发一套", plate="粤B12345",
         driver="刘师傅", driver_id_last4="1234")
    number = number_in(client, "/release", "FX")
    base = f"/release/{number}"
    assert offered(client.get(base).text) == {"confirm", "sign"}
    res = send(client, f"{base}/confirm")
    assert res.status_code == 422
    assert re.search(r'<b class="rule">Q2</b>[^<]*1280\.50', form(res.text, "confirm"))
    assert "ReleaseConfirmed" not in client.get(base).text
    switch(client, "liu", "cashier")
    assert "settle" in offered(client.get("/fees").text)
    done(client, "/fees/settle", number=UNIT)
    assert UNIT not in client.get("/fees").text
    switch(client, "lily")
    done(client, f"{base}/confirm")
    done(client, f"{base}/sign", signed_by="张先生")
    assert offered(client.get(base).text) == {"out"}
    switch(client, "liu", "security")
    done(client, f"{base}/out")
    page = client.get(base).text
    assert offered(page) == set() and 'data-event="GoodsLetOut"' in page
    assert number not in client.get("/release").text


def test_the_fees_forms_are_the_cashiers_and_a_clerk_posting_them_is_refused(
        client: Any) -> None:
    log_in(client, "lily")
    assert offered(client.get("/fees").text) == set()
    res = send(client, "/fees/arrears", unit=UNIT, amount="100")
    assert res.status_code == 403 and "fees.arrears" in res.text
    switch(client, "liu", "cashier")
    assert UNIT not in client.get("/fees").text  # nothing was written
    res = send(client, "/fees/arrears", unit=UNIT, amount="十元")
    assert res.status_code == 422
    assert '<b class="rule">Q2</b>' in form(res.text, "arrears")


def test_a_technician_is_not_offered_the_release_steps_sees_no_id_and_is_refused(
        client: Any) -> None:
    log_in(client, "lily")
    done(client, "/release/apply", unit=UNIT, goods="冰箱", plate="粤B12345",
         driver="刘师傅", driver_id_last4="0427")
    number = number_in(client, "/release", "FX")
    assert "0427" in client.get(f"/release/{number}").text
    switch(client, "wang")
    page = client.get(f"/release/{number}").text
    assert offered(page) == set()
    assert "0427" not in page and "****" in page  # the driver's ID masked for his role
    res = send(client, f"/release/{number}/confirm")
    assert res.status_code == 403 and "release.confirm" in res.text


def test_a_valuable_found_goes_to_administration_is_noticed_and_claimed(client: Any) -> None:
    log_in(client, "lily")
    done(client, "/found/record", item="钱包", place="地下车库", finder="保安小王",
         valuable="on")
    number = number_in(client, "/found", "SW")
    listing = client.get("/found").text
    row = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*{number}.*?</tr>", listing, re.S)
    assert row is not None and row.group(0).count('<b class="rule">Q3</b>') == 3
    base = f"/found/{number}"
    assert offered(client.get(base).text) == {"to-admin", "claim"}  # dispose: the manager's
    done(client, f"{base}/to-admin", received_by="行政部李主任")
    done(client, "/found/notice", week="2026-W47")
    res = send(client, "/found/notice", week="2026-W47")
    assert res.status_code == 422 and '<b class="rule">Q3</b>' in form(res.text, "notice")
    done(client, f"{base}/claim", claimant="张先生", id_last4="0427", description="黑色皮夹")
    page = client.get(base).text
    assert offered(page) == set() and "FoundClaimed" in page
    assert number not in client.get("/found").text


def test_disposal_is_the_managers_refused_before_three_months_and_refused_to_a_clerk(
        client: Any) -> None:
    log_in(client, "lily")
    done(client, "/found/record", item="雨伞", place="大堂", finder="保洁员赵")
    number = number_in(client, "/found", "SW")
    res = send(client, f"/found/{number}/dispose")
    assert res.status_code == 403 and "found.dispose" in res.text
    switch(client, "chen", "manager")
    assert "dispose" in offered(client.get(f"/found/{number}").text)
    res = send(client, f"/found/{number}/dispose")
    assert res.status_code == 422 and '<b class="rule">Q3</b>' in form(res.text, "dispose")
    assert "FoundDisposed" not in client.get(f"/found/{number}").text


def test_a_vacancy_inspected_over_the_limit_ends_as_occupied(client: Any) -> None:
    log_in(client, "lily")
    res = send(client, "/vacancy/apply", unit="5-1-0802", **{"from": "2026-12-01",
                                                             "to": "2027-01-31"})
    assert res.status_code == 422 and '<b class="rule">Q4</b>' in form(res.text, "apply")
    assert "5-1-0802" not in client.get("/vacancy").text
    done(client, "/vacancy/apply", unit="5-1-0802", owner="李女士",
         **{"from": "2026-12-01", "to": "2027-05-31"})
    listing = client.get("/vacancy").text
    assert 'href="/vacancy/5-1-0802"' in listing and '<b class="rule">Q4</b>' in listing
    assert '>空置房巡查表</a>' in listing and 'href="/registers/vacancies"' in listing
    base = "/vacancy/5-1-0802"
    assert offered(client.get(base).text) == {"inspect", "end"}
    res = send(client, f"{base}/inspect", water="很多", power="2")
    assert res.status_code == 422
    field = re.search(r'<div class="field has-error">.*?</div>', res.text, re.S)
    assert field is not None and 'name="water"' in field.group(0)
    done(client, f"{base}/inspect", water="2.5", power="1")
    page = client.get(base).text
    assert offered(page) == set() and "VacancyEnded" in page
    assert 'href="/vacancy/5-1-0802"' not in client.get("/vacancy").text


def test_a_vacancy_inspection_posted_by_a_technician_is_refused(client: Any) -> None:
    log_in(client, "lily")
    done(client, "/vacancy/apply", unit="5-1-0802", **{"from": "2026-12-01",
                                                       "to": "2027-05-31"})
    switch(client, "wang")
    assert offered(client.get("/vacancy/5-1-0802").text) == set()
    res = send(client, "/vacancy/5-1-0802/inspect", water="0.2", power="1")
    assert res.status_code == 403 and "vacancy.inspect" in res.text


def test_a_record_as_it_stood_shows_its_past_state_and_offers_no_step(client: Any,
                                                                      store: Store) -> None:
    from datetime import timedelta

    log_in(client, "lily")
    done(client, "/release/apply", unit=UNIT, goods="冰箱", plate="粤B12345",
         driver="刘师傅", driver_id_last4="1234")
    number = number_in(client, "/release", "FX")
    store.clock.advance(timedelta(minutes=30))
    done(client, f"/release/{number}/confirm")
    assert "已确认缴费" in client.get(f"/release/{number}").text
    before = client.get(f"/release/{number}?as_of=2026-11-22T09:10").text
    assert 'class="asof"' in before and "ReleaseConfirmed" not in before
    assert offered(before) == set()  # the past takes no action
