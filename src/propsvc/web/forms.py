"""Form specs of the pages: the fields a form shows (label, input kind, vocabulary,
pattern, required) and how a posted form is read into values, and how a refusal is put
beside the field it is about. The use cases themselves are the facade's; this module only
parses text the browser sent."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from propsvc.errors import InvalidInput, PropsvcError, RuleViolation
from propsvc.i18n import _
from propsvc.vocabulary import Choices, Term

UNIT_PATTERN = r"[0-9A-Za-z]{1,4}-\d{1,2}-\d{3,5}"
PHONE_PATTERN = r"\+?\d[\d\-]{4,19}"
RULE_AT_START = re.compile(r"^([A-Z]\d{1,2})\s*[:：]\s*")


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # an English msgid, shown through _()
    kind: str = "text"  # text, textarea, select, number, datetime, checkbox, lines
    required: bool = False
    choices: Choices | None = None
    pattern: str | None = None
    hint: str | None = None
    aliases: tuple[str, ...] = ()  # other words an error message uses for this field
    term: Term | None = None  # a vocabulary term as the label (its list's translation)

    def text(self) -> str:
        """The label in the current language."""
        from propsvc.i18n import lang

        return self.term.label(lang()) if self.term is not None else _(self.label)

    def options(self, lang: str) -> list[tuple[str, str]]:
        if self.choices is None:
            return []
        return [(t.code, t.zh if lang == "zh-CN" else t.en) for t in self.choices.terms]


@dataclass
class FormError(Exception):
    """A refusal to show on the page: the rule (if any), the message, and the field it is
    about (None: above the form)."""

    message: str
    rule: str | None = None
    field: str | None = None
    status: int = 422

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}" if self.rule else self.message


@dataclass
class Posted:
    """A form as the browser sent it, read field by field."""

    data: Mapping[str, Any]
    fields: list[Field] = field(default_factory=list)

    def text(self, name: str) -> str | None:
        value = self.data.get(name)
        if value is None:
            return None
        text = str(value).strip()
        return text or None

    def need(self, name: str) -> str:
        value = self.text(name)
        if value is None:
            spec = next((f for f in self.fields if f.name == name), None)
            label = _(spec.label) if spec else name
            raise FormError(_("{label} is required", label=label), field=name)
        return value

    def flag(self, name: str) -> bool:
        return self.text(name) in ("on", "1", "true", "yes")

    def number(self, name: str) -> int:
        text = self.need(name)
        try:
            return int(text)
        except ValueError:
            raise FormError(_("{value} is not a whole number", value=text), field=name) from None

    def when(self, name: str, cal: Any) -> datetime | None:
        """A local date and time from ``<input type=datetime-local>`` (office time)."""
        text = self.text(name)
        if text is None:
            return None
        try:
            found: datetime = cal.parse_time(text.replace("T", " "))
        except InvalidInput as err:
            raise FormError(str(err), field=name) from None
        return found

    def lines(self, name: str) -> list[str]:
        return [line.strip() for line in (self.text(name) or "").splitlines() if line.strip()]


def refusal(err: PropsvcError, fields: list[Field]) -> FormError:
    """The facade's refusal as a page shows it: the rule it names and the field it is about
    (by the field's name, ``--name`` or an alias appearing in the message)."""
    from propsvc.server.errors import status_of

    rule: str | None
    if isinstance(err, RuleViolation):
        rule, message = err.rule, err.message
    else:
        text = str(err)
        found = RULE_AT_START.match(text)
        rule, message = (found.group(1), text[found.end():]) if found else (None, text)
    return FormError(message, rule, field_of(message, fields), status_of(err))


def field_of(message: str, fields: list[Field]) -> str | None:
    """The field a message is about: one it names as an option (``--unit``) first, else
    one whose name or alias it uses as a word."""
    lowered = message.lower()
    for spec in fields:
        if f"--{spec.name.replace('_', '-')}" in lowered:
            return spec.name
    for spec in fields:
        words = (spec.name, spec.name.replace("_", " "), *spec.aliases)
        if any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", lowered) for w in words):
            return spec.name
    for spec in fields:  # a translated message names the field by its label's words
        core = re.split(r"[(（]", spec.text())[0].strip().lower()
        if len(core) >= 2 and core in lowered:
            return spec.name
    return None
