"""The desk server as a real process (``propsvc serve`` on a free port, SQLite file and
PostgreSQL) driven over HTTP: login, sessions and CSRF, tokens, lockout, the whole
permission matrix, every two-person rule, history flags, clean shutdown on SIGTERM."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from propsvc.clock import SettableClock
from propsvc.permissions import MATRIX, ROLES, Actor
from tests.office import open_office
from tests.server.matrix import REQUESTS
from tests.server.support import SETUP, Running, Store, make_store, password, serving

API = "/api/v1"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Running]]:
    """One SQLite store with users and the scenes of the two-person rules, one server."""
    tmp = tmp_path_factory.mktemp("live")
    store = make_store(str(tmp / "propsvc.db"))
    scenes(store.db)
    with serving(store.db, tmp, "--no-tick") as running:
        yield store, running


def scenes(db: str) -> None:
    """Recorded directly on the store at 09:00, before the server starts (12:00)."""
    clock = SettableClock(SETUP)
    with open_office(db, actor="desk", clock=clock) as office:
        r9 = office.repairs.open(unit="3-2-1201", caller="张三", phone="13800000001",
                                 summary="漏水").number
        office.repairs.order(r9, "li")
        office.repairs.arrive(r9)
        r14 = office.repairs.open(unit="3-2-1202", caller="赵四", phone="13800000002",
                                  summary="漏水", home=False, spare_key=True).number
        office.repairs.order(r14, "li")
        office.repairs.arrive(r14)
        office.repairs.quote(r14, "80", "更换角阀")
        v3 = office.repairs.open(unit="3-2-1203", caller="钱五", phone="13800000003",
                                 summary="灯不亮").number
        office.repairs.order(v3, "li")
        office.repairs.arrive(v3)
        office.repairs.complete(v3, "钱五", 5)
        reno = office.renovations.apply(unit_="3-2-1204", contractor="某装修", scope="厨房",
                                        start=SETUP.date() + timedelta(1),
                                        end=SETUP.date() + timedelta(30),
                                        documents=["certificate", "contract", "licence",
                                                   "worker-ids"],
                                        owner="孙业主", workers=["工人甲"]).ref
        desk = office.renovations
        desk.pre_inspect(reno, [])
        office.acting_as(Actor("u_engineering", "engineering")).renovations.review(reno, True)
        office.acting_as(Actor("u_manager", "manager")).renovations.sign(reno)
        desk.agreement(reno)
        desk.pay_deposit(reno, "2000")
        desk.permit(reno)
        eng = office.acting_as(Actor("u_engineering", "engineering")).renovations
        eng.accept(reno, "initial")
        eng.accept(reno, "final")
        desk.return_passes(reno, 2)
        fx = office.release.apply(unit_="3-2-1205", goods="沙发", plate_="粤B12345",
                                  driver="刘师傅", driver_id_last4="1234").ref
        office.vacancy.apply(unit_="5-1-0802", starts="2026-12-01", ends="2027-05-31")
    Path(db + ".scenes.json").write_text(json.dumps(
        {"r9": r9, "r14": r14, "v3": v3, "reno": reno, "fx": fx}), encoding="utf-8")


def scene(store: Store, name: str) -> str:
    found: str = json.loads(Path(store.db + ".scenes.json").read_text())[name]
    return found


def login(running: Running, name: str, role: str | None = None) -> tuple[httpx.Client, str]:
    client = running.client()
    answer = client.post(f"{API}/login", json={"name": name, "password": password(name),
                                               "role": role})
    assert answer.status_code == 200, answer.text
    return client, answer.json()["csrf_token"]


def error_of(answer: httpx.Response) -> dict[str, str]:
    found: dict[str, str] = answer.json()["error"]
    return found


# -- login, sessions, CSRF -------------------------------------------------------------------
def test_a_session_cookie_is_httponly_and_samesite_and_a_post_needs_its_csrf_token(
        live: tuple[Store, Running]) -> None:
    _, running = live
    client, csrf = login(running, "u_desk")
    cookie = next(c for c in client.cookies.jar if c.name == "propsvc_session")
    assert cookie.has_nonstandard_attr("HttpOnly")
    assert (cookie.get_nonstandard_attr("SameSite") or "").lower() == "lax"
    assert client.get(f"{API}/me").json()["role"] == "desk"
    body = {"unit": "5-1-0101", "caller": "孙六", "phone": "13800000009", "summary": "堵塞"}
    refused = client.post(f"{API}/repairs", json=body)
    assert refused.status_code == 403 and "CSRF" in error_of(refused)["message"]
    done = client.post(f"{API}/repairs", json=body, headers={"X-CSRF-Token": csrf})
    assert done.status_code == 200, done.text
    assert done.json()["events"][0]["actor"] == "u_desk"
    assert done.json()["events"][0]["role"] == "desk"


def test_a_form_post_passes_the_csrf_check_with_its_field(live: tuple[Store, Running]) -> None:
    _, running = live
    client, csrf = login(running, "u_manager")
    answer = client.post(f"{API}/tick", data={"csrf_token": csrf})
    assert answer.status_code != 403, answer.text
    assert client.post(f"{API}/tick", data={"csrf_token": "wrong"}).status_code == 403


def test_the_client_never_declares_a_role_a_user_picks_one_of_theirs(
        live: tuple[Store, Running]) -> None:
    _, running = live
    client = running.client()
    several = client.post(f"{API}/login", json={"name": "zhou", "password": password("zhou")})
    assert several.status_code == 422 and "several roles" in error_of(several)["message"]
    foreign = client.post(f"{API}/login", json={"name": "zhou", "password": password("zhou"),
                                                "role": "desk"})
    assert foreign.status_code == 422 and "does not hold" in error_of(foreign)["message"]
    client, csrf = login(running, "zhou", "manager")
    switched = client.post(f"{API}/session/role", json={"role": "cashier"},
                           headers={"X-CSRF-Token": csrf})
    assert switched.status_code == 200 and switched.json()["role"] == "cashier"
    assert client.get(f"{API}/me").json()["role"] == "cashier"
    extra = client.post(f"{API}/repairs/BX-20261101-999/order", json={"technician": "x",
                        "role": "manager"}, headers={"X-CSRF-Token": csrf})
    assert extra.status_code == 422  # no role field in any body: extra input is refused


def test_logout_ends_the_session_for_every_copy_of_the_cookie(
        live: tuple[Store, Running]) -> None:
    _, running = live
    client, csrf = login(running, "u_supervisor")
    stolen = running.client()
    stolen.cookies.set("propsvc_session", client.cookies["propsvc_session"])
    assert stolen.get(f"{API}/me").status_code == 200
    assert client.post(f"{API}/logout", headers={"X-CSRF-Token": csrf}).status_code == 200
    assert stolen.get(f"{API}/me").status_code == 401
    assert running.client().get(f"{API}/me").status_code == 401


def test_a_wrong_password_says_nothing_about_the_name(live: tuple[Store, Running]) -> None:
    _, running = live
    client = running.client()
    unknown = client.post(f"{API}/login", json={"name": "nobody", "password": "whatever1"})
    wrong = client.post(f"{API}/login", json={"name": "u_auditor", "password": "whatever1"})
    assert unknown.status_code == wrong.status_code == 401
    assert error_of(unknown)["message"] == error_of(wrong)["message"]


# -- tokens ----------------------------------------------------------------------------------
def test_a_bearer_token_acts_as_its_user_and_role_and_stops_when_revoked(
        live: tuple[Store, Running]) -> None:
    store, running = live
    token = store.tokens["u_security"]
    assert running.client(token).get(f"{API}/me").json()["role"] == "security"
    assert running.client("psv_0000_nope").get(f"{API}/me").status_code == 401
    with open_office(store.db, actor="admin") as office:
        _, spare = office.users.issue_token("u_cleaning", None, None, "spare")
        token_id = spare.split("_")[1]
        assert running.client(spare).get(f"{API}/me").status_code == 200
        office.users.revoke_token("u_cleaning", token_id)
    assert running.client(spare).get(f"{API}/me").status_code == 401


# -- the two-person rules --------------------------------------------------------------------
def test_n9_the_manager_who_signs_a_refund_cannot_pay_it_as_cashier(
        live: tuple[Store, Running]) -> None:
    store, running = live
    reno = scene(store, "reno")
    client, csrf = login(running, "zhou", "manager")
    headers = {"X-CSRF-Token": csrf}
    assert client.post(f"{API}/renovations/{reno}/refund", headers=headers).status_code == 200
    client.post(f"{API}/session/role", json={"role": "cashier"}, headers=headers)
    again = client.post(f"{API}/renovations/{reno}/refund", headers=headers)
    assert again.status_code == 422 and error_of(again)["rule"] == "N9"
    paid = running.client(store.role_token("cashier")).post(f"{API}/renovations/{reno}/refund")
    assert paid.status_code == 200 and paid.json()["status"] == "refunded"


def test_r9_the_technician_cannot_sign_his_own_work_order(live: tuple[Store, Running]) -> None:
    store, running = live
    number = scene(store, "r9")
    tech = running.client(store.tokens["li"])
    own = tech.post(f"{API}/repairs/{number}/complete", json={"signed_by": "li", "rating": 5})
    assert own.status_code == 422 and error_of(own)["rule"] == "R9"
    owner = tech.post(f"{API}/repairs/{number}/complete", json={"signed_by": "张三",
                                                                "rating": 5})
    assert owner.status_code == 200 and owner.json()["status"] == "completed"


def test_r14_the_technician_cannot_accept_a_fee_for_an_absent_owner(
        live: tuple[Store, Running]) -> None:
    store, running = live
    number = scene(store, "r14")
    refused = running.client(store.tokens["li"]).post(f"{API}/repairs/{number}/accept-fee")
    assert refused.status_code == 422 and error_of(refused)["rule"] == "R14"
    desk = running.client(store.role_token("desk")).post(f"{API}/repairs/{number}/accept-fee")
    assert desk.status_code == 200


def test_v3_the_visitor_cannot_review_their_own_visit(live: tuple[Store, Running]) -> None:
    store, running = live
    number = scene(store, "v3")
    wu = running.client(store.tokens["wu"])
    visit = wu.post(f"{API}/visits/{number}", json={
        "method": "in-person", "result": "satisfied", "resident_signed_by": "钱五"})
    assert visit.status_code == 200, visit.text
    own = wu.post(f"{API}/visits/{number}/review", json={"note": "ok"})
    assert own.status_code == 422 and error_of(own)["rule"] == "V3"
    other = running.client(store.tokens["zhou"]).post(f"{API}/visits/{number}/review")
    assert other.status_code == 200
    reviewed = [e for e in other.json()["events"] if e["event"] == "VisitReviewed"]
    assert reviewed[0]["actor"] == "zhou"


def test_s3_the_instruction_comes_from_another_manager(live: tuple[Store, Running]) -> None:
    store, running = live
    desk = running.client(store.role_token("desk"))
    assert desk.post(f"{API}/handover/take-over").status_code in (200, 422)
    note = desk.post(f"{API}/handover/note", json={"entry": "电梯困人, 已报经理",
                                                    "major": True})
    assert note.status_code == 200, note.text
    matter = note.json()["ref"]
    manager = running.client(store.role_token("manager"))
    own = manager.post(f"{API}/handover/{matter}/ok", json={"instructed_by": "u_manager"})
    assert own.status_code == 422 and error_of(own)["rule"] == "S3"
    done = desk.post(f"{API}/handover/{matter}/ok", json={"instructed_by": "u_manager"})
    assert done.status_code == 200, done.text


def test_k3_a_marketing_loan_is_approved_by_someone_else(live: tuple[Store, Running]) -> None:
    store, running = live
    security = running.client(store.role_token("security"))
    filed = security.post(f"{API}/keys", json={"label": "会所大门", "key_class": "public",
                                               "area": "会所"})
    assert filed.status_code == 200, filed.text
    label = filed.json()["ref"]
    loan = {"to": "小陈", "id_last4": "1234", "purpose": "带客参观",
            "borrower_type": "marketing"}
    own = security.post(f"{API}/keys/{label}/lend", json={**loan, "approved_by": "小陈"})
    assert own.status_code == 422 and error_of(own)["rule"] == "K3"
    ok = security.post(f"{API}/keys/{label}/lend", json={**loan, "approved_by": "营销部赵经理"})
    assert ok.status_code == 200, ok.text


# -- history tells server entries from direct ones -------------------------------------------
def test_history_flags_direct_cli_entries_as_unauthenticated(
        live: tuple[Store, Running]) -> None:
    store, running = live
    number = scene(store, "r9")
    history = running.client(store.role_token("auditor")).get(
        f"{API}/tickets/{number}/history").json()
    direct = [e for e in history if e["event"] == "CallReceived"]
    assert direct[0]["authenticated"] is False and direct[0]["actor"] == "desk"
    served = [e for e in history if e["event"] == "RepairCompleted"]
    assert served and served[0]["authenticated"] is True and served[0]["actor"] == "li"


def test_a_desk_service_record_over_http_as_of_and_masked_by_role(
        live: tuple[Store, Running]) -> None:
    """Q2/Q4: GET /releases/{number} and /vacancies/{unit} answer office.read's record."""
    store, running = live
    number = scene(store, "fx")
    desk = running.client(store.role_token("desk"))
    shown = desk.get(f"{API}/releases/{number}")
    assert shown.status_code == 200, shown.text
    assert shown.json()["driver"] == {"name": "刘师傅", "id_last4": "1234"}
    hidden = running.client(store.role_token("engineering")).get(f"{API}/releases/{number}")
    assert hidden.json()["driver"]["id_last4"] == "****"
    before = desk.get(f"{API}/releases/{number}", params={"as_of": "2026-11-22 08:00"})
    assert before.status_code == 404, before.text
    known = desk.get(f"{API}/releases/{number}", params={"as_known_at": "2026-11-22 12:00"})
    assert known.json()["as_of"] == "2026-11-22T04:00:00+00:00"
    history = desk.get(f"{API}/releases/{number}/history").json()
    assert [e["event"] for e in history] == ["ReleaseApplied"]
    vacancy = desk.get(f"{API}/vacancies/5-1-0802").json()
    assert vacancy["status"] == "vacant" and vacancy["periods"][0]["from"] == "2026-12-01"
    unknown = desk.get(f"{API}/vacancies/9-9-9999")
    assert unknown.status_code == 404 and "register vacancies" in error_of(unknown)["message"]


# -- logs and shutdown -----------------------------------------------------------------------
def test_every_request_logs_one_json_line(live: tuple[Store, Running]) -> None:
    store, running = live
    running.client(store.role_token("auditor")).get(f"{API}/overdue")
    lines = [json.loads(line) for line in running.log_lines() if line.startswith("{")]
    asked = [x for x in lines if x["kind"] == "request" and x["path"] == f"{API}/overdue"]
    assert asked and asked[-1]["user"] == "u_auditor" and asked[-1]["status"] == 200


def test_sigterm_stops_the_server_cleanly_and_a_tick_logs_a_line(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "propsvc.db"))
    with open_office(store.db, clock=SettableClock(SETUP)) as office:
        office.repairs.open(unit="3-2-1201", caller="张三", phone="13800000001",
                            summary="漏水")
    with serving(store.db, tmp_path) as running:
        pass  # the ticker ran once at start-up; SIGTERM is sent on leaving (exit 0 checked)
    assert running.process.returncode == 0
    ticks = [json.loads(line) for line in running.log_lines()
             if line.startswith("{") and '"kind": "tick"' in line]
    assert ticks and ticks[0]["offices"]["main"]["missed"] >= 1


@pytest.mark.postgres
def test_the_server_runs_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    store = make_store(pg_url)
    with serving(pg_url, tmp_path, "--no-tick") as running:
        client, csrf = login(running, "u_desk")
        done = client.post(f"{API}/repairs", headers={"X-CSRF-Token": csrf}, json={
            "unit": "3-2-1201", "caller": "张三", "phone": "13800000001", "summary": "漏水"})
        assert done.status_code == 200, done.text
        tech = running.client(store.tokens["li"])
        number = done.json()["number"]
        assert tech.post(f"{API}/repairs/{number}/order", json={
            "technician": "li"}).status_code == 403
        found = tech.get(f"{API}/tickets", params={"unit": "3-2-1201"}).json()
        assert [r["number"] for r in found["rows"]] == [number]


# -- the matrix (last: its writes hand the shift over) ---------------------------------------
def test_every_role_is_allowed_and_refused_exactly_as_the_matrix_says(
        live: tuple[Store, Running]) -> None:
    store, running = live
    wrong = []
    for role in ROLES:
        with running.client(store.role_token(role)) as client:
            for action, (verb, path, body) in REQUESTS.items():
                answer = client.request(verb, f"{API}{path}", json=body)
                if (answer.status_code == 403) == (role in MATRIX[action]):
                    wrong.append((role, action, answer.status_code, answer.text[:120]))
    assert not wrong, wrong
