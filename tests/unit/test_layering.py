"""The source tree keeps its architecture: the import-linter contracts in pyproject.toml
hold (layers, a domain free of persistence and frameworks, use cases and reads free of the
interfaces), no two modules import each other — not even from inside a function or under
TYPE_CHECKING — and at most ten modules sit at the top of ``propsvc``."""

from __future__ import annotations

from pathlib import Path

import grimp
import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).parents[2]


def cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The groups of modules that import one another, directly or round a loop."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in sorted(graph.find_modules_directly_imported_by(module)):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("propsvc")


def test_every_import_linter_contract_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert lint_imports(no_cache=True, no_logo=True) == 0


def test_a_broken_contract_fails_the_check(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The check can fail: the CLI does import the commands."""
    config = tmp_path / "contracts.toml"
    config.write_text('[tool.importlinter]\nroot_package = "propsvc"\n\n'
                      '[[tool.importlinter.contracts]]\nname = "cli without commands"\n'
                      'type = "forbidden"\nsource_modules = ["propsvc.cli"]\n'
                      'forbidden_modules = ["propsvc.commands"]\n', encoding="utf-8")
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename=str(config), no_cache=True, no_logo=True) == 1


def test_no_module_imports_a_module_that_imports_it(graph: grimp.ImportGraph) -> None:
    assert cycles(graph) == []


def test_an_import_inside_a_function_counts(graph: grimp.ImportGraph) -> None:
    """``cli()`` imports ``propsvc.i18n`` in its body: the graph holds that import, so a
    cycle held together by such an import cannot hide."""
    assert graph.direct_import_exists(importer="propsvc.cli", imported="propsvc.i18n")


def test_a_cycle_is_found() -> None:
    looped = grimp.build_graph("propsvc")
    looped.add_import(importer="propsvc.aggregates.renovation_events",
                      imported="propsvc.aggregates.renovation")
    assert cycles(looped) == [["propsvc.aggregates.renovation",
                               "propsvc.aggregates.renovation_events"]]


def test_at_most_ten_modules_at_the_top(graph: grimp.ImportGraph) -> None:
    top = sorted(m for m in graph.find_children("propsvc") if not graph.find_children(m))
    assert len(top) <= 10, top
