"""A projection added to a caught-up store catches up alone; the others never replay."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select

from propsvc.clock import SettableClock
from propsvc.office import Office
from propsvc.projections.catchup import Runner
from propsvc.projections.tables.base import tracking
from propsvc.projections.tables.ticket import completions, tickets


def _snapshot(rt: Office) -> dict[str, list[tuple[object, ...]]]:
    with rt.backend.read_engine.connect() as conn:
        return {t.name: sorted(conn.execute(select(t)).all(), key=repr)
                for t in (tickets, completions)}


def test_a_projection_behind_the_others_never_moves_theirs_back(
        rt: Office, clock: SettableClock) -> None:
    for i in range(6):
        number = rt.repairs.open(unit=f"3-2-12{i:02d}", caller="张先生", phone=None,
                                summary="漏水").number
        clock.advance(timedelta(minutes=2))
        rt.repairs.order(number, "王师傅")
        rt.repairs.arrive(number)
        rt.repairs.complete(number, "张先生", 5)
    rt.backend.catch_up()
    before = _snapshot(rt)
    with rt.backend.runner.engine.begin() as conn:  # the visits read model is "new" on this store
        conn.execute(delete(completions))
        conn.execute(tracking.update().where(tracking.c.name == "visits").values(position=0))
    small = Runner(rt.backend.runner.engine, rt.backend.runner.events, batch_size=7)
    small.catch_up()
    assert _snapshot(rt) == before
    with rt.backend.read_engine.connect() as conn:
        positions = set(conn.execute(select(tracking.c.position)).scalars())
    assert len(positions) == 1
