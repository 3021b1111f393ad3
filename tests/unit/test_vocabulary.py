"""One vocabulary: every coded choice with its zh-CN and English label, the source of the
commands' choices, the use cases' checks, the domain's tuples and the registers' words."""

from __future__ import annotations

from collections.abc import Iterator

import click
import pytest

from propsvc import vocabulary as v
from propsvc.aggregates.handover import PATROL_AREAS
from propsvc.aggregates.incident import CATEGORIES
from propsvc.aggregates.playbooks import PLAYBOOKS
from propsvc.cli import cli
from propsvc.permissions import ROLES
from propsvc.queries.registers import EXPORTED, REGISTERS

# choices that are no vocabulary of the office: file formats, languages, yes/no, roles
NOT_VOCABULARY = [("csv", "xlsx"), ("xlsx",), ("yes", "no"), ROLES]


def test_every_code_has_both_labels() -> None:
    assert len(v.GROUPS) >= 30
    for name, choices in v.GROUPS.items():
        assert choices.codes, name
        for term in choices.terms:
            assert term.zh.strip() and term.en.strip(), f"{name}.{term.code}"


def test_a_label_in_either_language_and_an_unknown_code_as_it_is() -> None:
    assert v.TRIAGES.label("later") == "暂不能解决"
    assert v.TRIAGES.label("later", "en") == "later"
    assert v.RENOVATION_STATUSES.label("agreed") == "已签协议"
    assert v.TICKET_STATUSES.label("agreed") == "已约定处理"
    assert v.TICKET_STATUSES.label("no-such-status") == "no-such-status"


def test_a_code_listed_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="listed twice"):
        v.Choices("test_twice", ("a", "a"), ("a", "b"))
    v.GROUPS.pop("test_twice", None)


def test_a_zh_cn_label_in_the_code_is_refused_it_belongs_in_the_catalogue() -> None:
    with pytest.raises(ValueError, match="goes in the catalogue"):
        v.Choices("test_zh", ("a", "甲", "a"))  # type: ignore[arg-type]
    v.GROUPS.pop("test_zh", None)


def test_the_domain_s_tables_cover_exactly_the_vocabulary() -> None:
    assert tuple(CATEGORIES) == v.INCIDENT_CATEGORIES.codes
    assert set(CATEGORIES.values()) == set(v.INCIDENT_CLASSES.codes)
    assert tuple(PLAYBOOKS) == v.PLAYBOOKS.codes
    assert tuple(PATROL_AREAS) == v.PATROL_AREAS.codes


def test_the_register_catalogue_is_the_vocabulary_s_registers() -> None:
    assert tuple(REGISTERS) == v.REGISTERS.codes
    assert tuple(EXPORTED) == v.EXPORTED_REGISTERS
    assert all(REGISTERS[name].title == v.REGISTERS.label(name) for name in REGISTERS)


def _choices(command: click.Command, path: str = "propsvc") -> Iterator[
        tuple[str, tuple[str, ...]]]:
    for param in command.params:
        if isinstance(param.type, click.Choice):
            yield f"{path} {param.name}", tuple(str(c) for c in param.type.choices)
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None
            yield from _choices(sub, f"{path} {name}")


def test_every_choice_on_the_command_line_is_a_vocabulary_list() -> None:
    lists = {c.codes for c in v.GROUPS.values()} | {v.EXPORTED_REGISTERS}
    lists |= {tuple(x) for x in NOT_VOCABULARY}
    found = list(_choices(cli))
    assert len(found) > 25
    for where, codes in found:
        assert codes in lists, f"{where}: {codes} is not a vocabulary list"
