"""The dashboard's carry-over ages (S7) are counted without building the file: the counts
must equal those of the file itself, month by month (live and archived), on both stores."""

from __future__ import annotations

from collections.abc import Callable

from propsvc.clock import SettableClock
from propsvc.office import Office
from propsvc.queries.handover import carryover_ages, carryover_file, settled
from tests.integration.test_handover_projections import at, shifts_and_months


def counted(file: dict[str, object]) -> dict[int, int]:
    ages: dict[int, int] = {}
    for row in file["rows"]:  # type: ignore[attr-defined]
        if not settled(row):
            months = int(row.get("months_carried") or 0)
            ages[months] = ages.get(months, 0) + 1
    return ages


def test_ages_equal_the_files_counts(make_runtime: Callable[..., Office], db_url: str,
                                     clock: SettableClock) -> None:
    rt = make_runtime(db_url)
    shifts_and_months(rt, clock)
    rt.repairs.open(unit="3-2-1301", caller="李先生", phone="13800005678", summary="门锁坏了")
    at(rt, clock, "2027-02-03 09:00")
    rt.backend.catch_up()
    cal, db = rt.profile.office_calendar, rt.backend.read_db
    seen = {}
    for month in ("2026-10", "2026-11", "2026-12", "2027-01", "2027-02", "2027-03"):
        for now in (clock.now(), cal.parse_time("2026-11-22 12:00")):
            ages = carryover_ages(db, rt.code, cal, month, now)
            assert ages == counted(carryover_file(db, rt.code, cal, month, now)), (month, now)
            seen.setdefault(month, ages)  # as of now (the first moment)
    assert seen["2027-02"] == {0: 1, 3: 2}  # the new repair; two items carried 3 months
    assert seen["2026-11"] == {0: 3}  # archived: the three matters open at its end
    board = rt.read.dashboard("2027-02")
    assert [a["items"] for a in board["carryover"]] == [1, 0, 0, 2]
