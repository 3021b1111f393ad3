"""``checked_once``: within one request the reads check the read models on the first read
only; a write through the facade makes the next read check again; outside, every read
checks (what another process wrote shows at once)."""

from __future__ import annotations

from collections.abc import Callable

from propsvc.clock import SettableClock
from propsvc.office import Office
from propsvc.office.backend import checked_once


def _open(office: Office, unit: str) -> None:
    office.tickets.open("repair", unit=unit, caller="王女士", phone="13800001234",
                        summary="厨房水管漏水")


def _count(office: Office) -> int:
    return int(office.read.find_tickets(kind="repair")["total"])


def test_one_check_per_request(make_runtime: Callable[..., Office], sqlite_url: str,
                               clock: SettableClock) -> None:
    here = make_runtime(sqlite_url)
    # another backend that leaves catching up to the readers: another process, as it were
    other = make_runtime(sqlite_url, catch_up_writes=False)
    _open(here, "3-2-1201")
    with checked_once():
        assert _count(here) == 1
        _open(other, "3-2-1202")  # written elsewhere during the request: not checked again
        assert _count(here) == 1
        _open(here, "3-2-1203")  # a write of this request: its catch-up brings all in
        assert _count(here) == 3
        _open(other, "3-2-1204")
        assert _count(here) == 3
    assert _count(here) == 4  # outside a request every read checks


def test_no_catch_up_writes_still_check_again(make_runtime: Callable[..., Office],
                                              sqlite_url: str) -> None:
    bulk = make_runtime(sqlite_url, catch_up_writes=False)
    _open(bulk, "3-2-1201")
    with checked_once():
        assert _count(bulk) == 1
        _open(bulk, "3-2-1202")  # no catch-up after it: the next read does it
        assert _count(bulk) == 2
