"""A progress bar for the long commands (demo, register export, archive, events import,
rebuild): on stderr, and only when stderr is a terminal, so pipes, files, cron and
``--json`` output carry none. rich is imported only when a bar is drawn."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Step = Callable[[int, int], None]


def drawn() -> bool:
    return sys.stderr.isatty()


@contextmanager
def progress(label: str) -> Iterator[Step | None]:
    """``with progress("…") as step:`` — ``step(done, total)`` moves the bar; ``step`` is
    None when no bar is drawn (callers pass it on as an optional callback)."""
    if not drawn():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def step(done: int, total: int) -> None:
            bar.update(task, completed=done, total=max(total, done) or None)

        yield step
