"""The permission matrix through the API, in process (the real-process run of the same
table is tests/integration/test_server_process.py)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from propsvc.permissions import MATRIX, ROLES
from tests.server.matrix import NOT_SERVED, REQUESTS
from tests.server.support import Store


def test_every_action_of_the_matrix_has_a_request_or_is_named_not_served() -> None:
    assert set(REQUESTS) | NOT_SERVED == set(MATRIX)
    assert not set(REQUESTS) & NOT_SERVED


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_its_actions(app_client: TestClient, store: Store,
                                            role: str) -> None:
    headers = {"Authorization": f"Bearer {store.role_token(role)}"}
    wrong = []
    for action, (verb, path, body) in REQUESTS.items():
        answer = app_client.request(verb, f"/api/v1{path}", json=body, headers=headers)
        allowed = role in MATRIX[action]
        if (answer.status_code == 403) != (not allowed):
            wrong.append((action, answer.status_code, answer.text[:160]))
    assert not wrong, wrong
