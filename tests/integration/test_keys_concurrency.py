"""Two desks at the same moment: the loser's save conflicts, is retried on the fresh
state, and is judged again — one loan per key, unique pass numbers (K3, N4)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from propsvc.errors import RuleViolation
from propsvc.office import Office


def interleave(slow: Office, other_desk: Callable[[], Any]) -> None:
    """Make ``slow``'s next save happen just after ``other_desk`` has saved."""
    store = slow.backend.store
    original = store.save
    fired = []

    def save(*aggregates: Any, **kw: Any) -> Any:
        if not fired:
            fired.append(True)
            other_desk()
        return original(*aggregates, **kw)

    store.save = save  # type: ignore[method-assign]


def test_two_desks_lending_the_same_key(make_runtime: Callable[..., Office],
                                        db_url: str) -> None:
    a, b = make_runtime(db_url), make_runtime(db_url)
    a.keys.register(label="天台", key_class="public", area="3栋天台")
    interleave(a, lambda: b.keys.lend("天台", to="小王", id_last4_="1111", purpose="巡查",
                                      borrower_type="staff"))
    with pytest.raises(RuleViolation, match="already lent to 小王"):
        a.keys.lend("天台", to="小李", id_last4_="2222", purpose="巡查", borrower_type="staff")
    events = a.backend.store.events.get(a.keys.key_id("天台"))
    assert [e.topic for e in events].count("key.Lent") == 1


def test_two_permits_issued_at_once_get_distinct_pass_numbers(
        make_runtime: Callable[..., Office], db_url: str) -> None:
    a, b = make_runtime(db_url), make_runtime(db_url)
    numbers = []
    for unit in ("3-2-1201", "3-2-1202"):
        n = a.renovations.apply(unit_=unit, contractor="c", scope="s", start=date(2026, 11, 23),
                         end=date(2026, 12, 31),
                         documents=["certificate", "contract", "licence", "worker-ids"]).ref
        a.renovations.pre_inspect(n, [])
        make_runtime(db_url, role="engineering").renovations.review(n, True)
        make_runtime(db_url, role="manager").renovations.sign(n)
        a.renovations.agreement(n)
        a.renovations.pay_deposit(n, "1000")
        numbers.append(n)
    interleave(a, lambda: b.renovations.permit(numbers[1], ["李四"]))
    issued = a.renovations.permit(numbers[0], ["张三"])
    mine = [p["number"] for p in issued.events[0].data()["passes"]]
    theirs = list(b.renovations.load(numbers[1]).passes)
    assert sorted(mine + theirs) == [f"SG-20261122-00{i}" for i in range(1, 5)]
