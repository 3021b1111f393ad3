"""Login rules in process (fast): lockout recorded as events, rate limiting per address,
password changes ending sessions, a disabled user, the error shapes."""

from __future__ import annotations

from datetime import timedelta

from propsvc.clock import SettableClock
from tests.office import open_office
from tests.server.conftest import client_on
from tests.server.support import Store, password


def _login(client: object, name: str, secret: str) -> object:
    return client.post("/api/v1/login", json={"name": name,  # type: ignore[attr-defined]
                                              "password": secret})


def test_five_wrong_passwords_lock_the_account_and_the_lockout_is_in_its_history(
        fresh_store: Store, server_clock: SettableClock) -> None:
    with client_on(fresh_store, server_clock) as client:
        for attempt in range(4):
            answer = _login(client, "u_desk", "not-the-password")
            assert answer.status_code == 401 and "locked" not in answer.text, attempt
        fifth = _login(client, "u_desk", "not-the-password")
        assert fifth.status_code == 401 and "now locked for 15 minutes" in fifth.text
        right = _login(client, "u_desk", password("u_desk"))
        assert right.status_code == 401 and "locked until" in right.json()["error"]["message"]
        server_clock.advance(timedelta(minutes=16))
        assert _login(client, "u_desk", password("u_desk")).status_code == 200
    with open_office(fresh_store.db, actor="admin") as office:
        history = [e.topic for e in office.backend.store.events.get(
            office.users.load("u_desk").id)]
    assert history.count("user.LoginFailed") == 6  # 5 wrong + 1 while locked
    assert history.count("user.LockedOut") == 1 and history[-1] == "user.LoggedIn"


def test_logins_from_one_address_are_rate_limited(fresh_store: Store,
                                                  server_clock: SettableClock) -> None:
    with client_on(fresh_store, server_clock, login_per_minute=3) as client:
        codes = [_login(client, "nobody", "whatever1").status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]


def test_a_new_password_ends_the_sessions_and_a_disabled_user_is_out(
        fresh_store: Store, server_clock: SettableClock) -> None:
    with client_on(fresh_store, server_clock) as client:
        assert _login(client, "u_technician", password("u_technician")).status_code == 200
        assert client.get("/api/v1/me").status_code == 200
        server_clock.advance(timedelta(seconds=1))
        with open_office(fresh_store.db, actor="admin", clock=server_clock) as office:
            office.users.passwd("u_technician", "a-new-secret-1")
        gone = client.get("/api/v1/me")
        assert gone.status_code == 401 and "password was changed" in gone.text
        assert _login(client, "u_technician", "a-new-secret-1").status_code == 200
        with open_office(fresh_store.db, actor="admin", clock=server_clock) as office:
            office.users.disable("u_technician", "left")
        assert client.get("/api/v1/me").status_code == 401
        token = client.get("/api/v1/me", headers={
            "Authorization": f"Bearer {fresh_store.tokens['u_technician']}"})
        assert token.status_code == 401 and "disabled" in token.text
        refused = _login(client, "u_technician", "a-new-secret-1")
        assert refused.status_code == 401 and "disabled" in refused.text


def test_errors_carry_the_rule_and_nothing_is_written(app_client: object, store: Store) -> None:
    headers = {"Authorization": f"Bearer {store.role_token('desk')}"}
    client = app_client
    assert client.get("/api/v1/tickets/BX-20261101-999",  # type: ignore[attr-defined]
                      headers=headers).status_code == 404
    bad = client.post("/api/v1/repairs", headers=headers,  # type: ignore[attr-defined]
                      json={"unit": "3栋1201", "caller": "张三", "phone": "13800000000",
                            "summary": "漏水"})
    assert bad.status_code == 422
    assert bad.json() == {"error": {"rule": "R1", "message": bad.json()["error"]["message"]}}
    assert "building-unit-room" in bad.json()["error"]["message"]
    missing = client.post("/api/v1/repairs", headers=headers,  # type: ignore[attr-defined]
                          json={"unit": "3-2-1201"})
    assert missing.status_code == 422 and missing.json()["error"]["rule"] is None
    found = client.get("/api/v1/tickets", headers=headers,  # type: ignore[attr-defined]
                       params={"unit": "3"}).json()
    assert found["total"] == 0
    assert client.get("/api/v1/me").status_code == 401  # type: ignore[attr-defined]
