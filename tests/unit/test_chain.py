"""The chain's arithmetic and the verifier's verdicts, on rows in memory."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from propsvc.errors import InvalidInput
from propsvc.store.chain import GENESIS, Head, Row, chain_rows, link, walk
from propsvc.store.database import Target
from propsvc.store.limits import check_lengths

A, B = uuid4(), uuid4()


def _rows(n: int = 5) -> list[Row]:
    raw = [(i, A if i % 2 else B, (i + 1) // 2, "t.Happened", b'{"n":%d}' % i)
           for i in range(1, n + 1)]
    links = dict(chain_rows(raw))
    return [Row(p, o, v, t, s, links[p]) for p, o, v, t, s in raw]


def _head(rows: list[Row]) -> Head:
    assert rows[-1].stored_link is not None
    return Head(rows[-1].position, rows[-1].stored_link)


def test_a_link_covers_every_field_and_the_previous_link() -> None:
    base = link(GENESIS, 1, A, 1, "t", b"{}")
    assert len(base) == 32 and base == link(GENESIS, 1, A.bytes, 1, "t", b"{}")
    assert base == link(GENESIS, 1, str(A), 1, "t", b"{}")
    changed = [link(b"\x01" * 32, 1, A, 1, "t", b"{}"), link(GENESIS, 2, A, 1, "t", b"{}"),
               link(GENESIS, 1, B, 1, "t", b"{}"), link(GENESIS, 1, A, 2, "t", b"{}"),
               link(GENESIS, 1, A, 1, "u", b"{}"), link(GENESIS, 1, A, 1, "t", b"{ }"),
               link(GENESIS, 1, A, 1, "t{", b"}")]
    assert base not in changed and len(set(changed)) == len(changed)


def test_an_intact_chain_verifies_to_its_last_link() -> None:
    rows = _rows()
    verdict = walk(rows, _head(rows))
    assert verdict.broken is None and verdict.events == 5 and verdict.head_position == 5
    assert verdict.head == rows[-1].stored_link.hex()  # type: ignore[union-attr]
    assert walk([], None).broken is None


def test_an_edit_is_named_at_the_edited_event() -> None:
    rows = _rows()
    rows[2] = Row(3, rows[2].originator_id, 2, "t.Happened", b'{"n":33}', rows[2].stored_link)
    broken = walk(rows, _head(rows)).broken
    assert broken is not None and broken.position == 3 and "edited" in broken.reason
    assert UUID(broken.originator_id) == A and broken.version == 2


def test_a_deletion_is_named_at_the_event_after_the_gap() -> None:
    rows = _rows()
    del rows[1]
    broken = walk(rows, _head(rows)).broken
    assert broken is not None and broken.position == 3 and "#2–#2 were deleted" in broken.reason


def test_a_cut_tail_and_a_missing_head_record_are_caught_by_the_head() -> None:
    rows = _rows()
    head = _head(rows)
    cut = walk(rows[:-2], head).broken
    assert cut is not None and "the events after #3 were deleted" in cut.reason
    missing = walk(rows, None).broken
    assert missing is not None and "head record is missing" in missing.reason


def test_a_row_without_a_link_or_out_of_order_is_named() -> None:
    rows = _rows()
    rows[3] = Row(4, A, 9, "t.Inserted", b"{}", None)
    assert "has no link" in walk(rows, _head(rows)).broken.reason  # type: ignore[union-attr]
    swapped = _rows()
    swapped[1], swapped[2] = swapped[2], swapped[1]
    assert walk(swapped, _head(swapped)).broken.position == 3  # type: ignore[union-attr]


def test_database_targets_are_read_from_normalised_urls() -> None:
    assert Target.parse("sqlite:////tmp/a b.db?timeout=30") == Target("sqlite", "/tmp/a b.db")
    pg = Target.parse("postgresql+psycopg://u@h:5433/db")
    assert (pg.kind, pg.conninfo) == ("postgresql", "postgresql://u@h:5433/db")


def test_typed_text_longer_than_its_limit_is_refused_but_system_events_are_not() -> None:
    check_lengths({"role": "desk", "caller": "张" * 64, "summary": "漏" * 2000})
    with pytest.raises(InvalidInput, match="--caller is 65 characters long: at most 64"):
        check_lengths({"role": "desk", "caller": "张" * 65})
    with pytest.raises(InvalidInput, match="--staff is 65 characters long"):
        check_lengths({"role": "desk", "staff": ["甲", "乙" * 65]})
    check_lengths({"role": "policy", "label": "x" * 300})
