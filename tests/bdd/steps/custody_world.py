"""The shared state of a key/renovation scenario, and a quoted-argument step parser."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pytest_bdd import parsers

from propsvc.clock import SettableClock
from propsvc.errors import PropsvcError
from propsvc.office import Office


def q(pattern: str) -> Any:
    """``{name}`` matches text without a double quote; ``{n:d}`` matches digits."""
    regex = re.sub(r"\{(\w+):d\}", r"(?P<\1>\\d+)", pattern)
    regex = re.sub(r"\{(\w+)\}", r'(?P<\1>[^"]*)', regex)
    return parsers.re(f"^{regex}$")


@dataclass
class World:
    rt: Office
    clock: SettableClock
    error: PropsvcError | None = None
    ticket: str | None = None
    renos: dict[str, str] = field(default_factory=dict)
    last_reno: str | None = None

    def time(self, text: str) -> datetime:
        return self.rt.profile.office_calendar.parse_time(text)

    def act(self, fn: Callable[..., Any], *args: Any, **kw: Any) -> Any:
        """Run one action; a refusal is kept for the next 那么 step to check."""
        if self.error is not None:
            raise AssertionError(f"an earlier step was refused: {self.error}")
        try:
            return fn(*args, **kw)
        except PropsvcError as err:
            self.error = err
            return None

    def refusal(self) -> PropsvcError:
        err, self.error = self.error, None
        assert err is not None, "expected a refusal, but the action was recorded"
        return err

    def ok(self) -> None:
        assert self.error is None, f"unexpected refusal: {self.error}"

    @contextmanager
    def as_role(self, role: str, actor: str | None = None) -> Iterator[None]:
        who = self.rt.service.who
        before = who.role, who.actor
        who.role, who.actor = role, actor or who.actor
        try:
            yield
        finally:
            who.role, who.actor = before

    def read(self) -> Any:
        self.rt.backend.catch_up()
        return self.rt.backend.read_db

    def reno(self, unit: str | None = None) -> str:
        number = self.renos.get(unit) if unit else self.last_reno
        assert number is not None, "no renovation in this scenario yet"
        return number
