"""I4: every playbook step has a vocabulary entry (code, zh label) and either is accepted."""

from propsvc.aggregates.incident import step_code
from propsvc.aggregates.playbooks import PLAYBOOKS
from propsvc.vocabulary import PLAYBOOK_STEPS


def test_every_playbook_step_has_a_code_and_a_chinese_label_in_the_vocabulary() -> None:
    assert set(PLAYBOOK_STEPS) == set(PLAYBOOKS)
    for book, steps in PLAYBOOKS.items():
        assert PLAYBOOK_STEPS[book].codes == tuple(steps), book


def test_a_step_is_found_by_its_chinese_label_or_its_code() -> None:
    assert step_code("fire", "就近灭火") == "first-aid"
    assert step_code("fire", "first-aid") == "first-aid"
    assert step_code("fire", "点名") == "点名"  # unknown: left for the I4 refusal
