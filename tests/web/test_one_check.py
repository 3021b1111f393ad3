"""A page's several reads (the session, the roles, the desk home's five lists) check the
read models once per request (the server's ``reads_checked_once`` middleware)."""

from __future__ import annotations

from typing import Any

import pytest

from propsvc.office.backend import Backend
from tests.web.conftest import log_in


def test_the_desk_home_checks_the_read_models_once(client: Any,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    log_in(client, "lily")
    checks: list[int] = []
    real = Backend._catch_up_to_read

    def counted(self: Backend) -> Any:
        checks.append(1)
        return real(self)

    monkeypatch.setattr(Backend, "_catch_up_to_read", counted)
    for _ in range(2):
        checks.clear()
        page = client.get("/")
        assert page.status_code == 200 and 'id="h-overdue"' in page.text
        assert len(checks) == 1  # five reads and the session: one check
