"""The one message catalogue: every human text of propsvc (tables, statuses, confirmations,
errors, click's own usage lines, the vocabulary's labels) in zh-CN by default, English with
``--lang en`` / ``PROPSVC_LANG=en`` (``zh``, ``zh-CN``, ``zh_CN`` and ``en`` are accepted;
without either, ``LANG`` decides when it names zh or en).

Messages are gettext msgids in English in the code (``_("…{n}…", n=3)``); their zh-CN
translations live in ``locale/zh_CN/LC_MESSAGES/propsvc.po`` (see ``locale/README.md``;
``make messages`` extracts, updates and compiles). The compiled ``.mo`` is built by
``make``; a missing or stale ``.mo`` (older than the ``.po``) is compiled in memory from
the ``.po`` with Babel, so a fresh clone or a pulled ``.po`` always shows the current text.
Exported paper forms print zh-CN whatever the language (``zh_()``).
"""

from __future__ import annotations

import gettext
import io
import os
from collections.abc import Mapping
from contextvars import ContextVar
from functools import cache
from pathlib import Path

LANGS = ("zh-CN", "en")
LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "propsvc"
PO = LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / f"{DOMAIN}.po"
MO = PO.with_suffix(".mo")
# The language of the current command or request: a context variable, so a server can
# serve users with different languages at once (each request runs in its own context).
_LANG: ContextVar[str] = ContextVar("propsvc_lang", default="zh-CN")
ACCEPTED = ("zh", "zh-CN", "zh_CN", "en")


def normalise(text: str | None) -> str | None:
    """``zh``/``zh-CN``/``zh_CN`` (and locale names such as ``zh_CN.UTF-8``) → ``zh-CN``;
    ``en``/``en_US.UTF-8`` → ``en``; anything else → None."""
    if not text:
        return None
    base = text.strip().split(".")[0].replace("_", "-").lower()
    if base == "zh" or base.startswith(("zh-cn", "zh-hans", "zh-sg")):
        return "zh-CN"
    if base == "en" or base.startswith("en-"):
        return "en"
    return None


def from_environment(env: Mapping[str, str] | None = None) -> str:
    """The language when no ``--lang`` is given: ``PROPSVC_LANG``, else ``LC_ALL``,
    ``LC_MESSAGES`` or ``LANG`` when it names zh or en, else zh-CN."""
    env = os.environ if env is None else env
    for name in ("PROPSVC_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        found = normalise(env.get(name))
        if found:
            return found
    return "zh-CN"


@cache
def _translations(lang: str) -> gettext.NullTranslations:
    if lang != "zh-CN":
        return gettext.NullTranslations()  # the msgids are English
    if MO.exists() and PO.exists() and MO.stat().st_mtime >= PO.stat().st_mtime:
        with MO.open("rb") as mo:
            return gettext.GNUTranslations(mo)
    return _compiled_in_memory()


def _compiled_in_memory() -> gettext.NullTranslations:
    """The ``.po`` compiled without writing anything (a fresh clone, a pulled ``.po``)."""
    try:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po
    except ImportError:  # pragma: no cover - Babel is a dependency
        return gettext.NullTranslations()
    with PO.open("rb") as po:
        catalog = read_po(po, locale="zh_CN", domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _format(text: str, values: dict[str, object]) -> str:
    return text.format(**values) if values else text


def _(msgid: str, **values: object) -> str:
    """``msgid`` (English, in the code) in the current language, formatted with
    ``values`` (``_("R9: {who} cannot sign", who=name)``); the msgid itself when the
    catalogue has no translation."""
    return _format(_translations(_LANG.get()).gettext(msgid), values)


def zh_(msgid: str, **values: object) -> str:
    """``msgid`` in zh-CN whatever the language: the paper forms' exports."""
    return _format(_translations("zh-CN").gettext(msgid), values)


def N_(msgid: str) -> str:
    """Mark a string for the catalogue without translating it yet (choice labels, tables
    built at import time): translate it with ``_()`` where it is shown."""
    return msgid


def ngettext(singular: str, plural: str, n: int) -> str:
    """Plural forms in the current language (click's own messages use it)."""
    return _translations(_LANG.get()).ngettext(singular, plural, n)


def gettext_plain(msgid: str) -> str:
    """``msgid`` in the current language, unformatted (click's own messages)."""
    return _translations(_LANG.get()).gettext(msgid)


def pgettext_in(lang: str, context: str, msgid: str) -> str:
    """``msgid`` of ``context`` (a vocabulary list) in ``lang``."""
    return _translations("en" if lang.lower().startswith("en") else "zh-CN").pgettext(
        context, msgid)


def set_lang(lang: str) -> None:
    """Set the language of this command or request (``zh``/``zh-CN``/``zh_CN``/``en``)."""
    _LANG.set(normalise(lang) or "zh-CN")


def lang() -> str:
    return _LANG.get()


def ok_detail(note: str | None, instructed_by: str | None, zh: bool = False) -> str:
    """What an OK entry says: the note and the manager's instruction (S3), in the
    current language or in zh-CN (``zh``: the paper forms)."""
    say = zh_ if zh else _
    parts = [note, instructed_by and say(N_("instructed by {who}"), who=instructed_by)]
    return " · ".join(p for p in parts if p)
