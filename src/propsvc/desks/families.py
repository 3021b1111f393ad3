"""A registry of one function per aggregate family, each named ``"module:attribute"``
and imported on first use: a command loads the families it meets, not every one."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import Generic, TypeVar

T = TypeVar("T")


class Family(Mapping[str, T], Generic[T]):
    """``{kind: "module:attribute"}`` read as ``{kind: the attribute}``."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = dict(names)
        self._loaded: dict[str, T] = {}

    def __getitem__(self, kind: str) -> T:
        found = self._loaded.get(kind)
        if found is None:
            module, _, attribute = self.names[kind].partition(":")
            found = self._loaded[kind] = getattr(importlib.import_module(module), attribute)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)
