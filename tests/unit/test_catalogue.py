"""The one message catalogue: every message of the code (and click's own lines) has a
zh-CN translation with the same placeholders and an English text (the msgid); the
language options; click's usage errors in Chinese."""

from __future__ import annotations

import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from propsvc.cli import run
from propsvc.i18n import PO, _, from_environment, normalise, set_lang
from propsvc.locale.extract import extract


def _fields(text: str) -> set[str]:
    return {f for _lit, f, _spec, _conv in string.Formatter().parse(text) if f}


@pytest.fixture(scope="module")
def catalogue() -> object:
    with PO.open("rb") as po:
        return read_po(po, locale="zh_CN")


def _ids(message: object) -> tuple[str, ...]:
    mid = message.id  # type: ignore[attr-defined]
    return mid if isinstance(mid, tuple) else (mid,)


def test_every_message_of_the_code_is_translated(catalogue: object) -> None:
    template = extract()
    assert len(template) > 500
    missing, empty = [], []
    for message in template:
        if not message.id:
            continue
        found = catalogue.get(message.id, message.context)  # type: ignore[attr-defined]
        if found is None:
            missing.append(message.id)
            continue
        strings = found.string if isinstance(found.string, tuple) else (found.string,)
        if not all(s.strip() for s in strings):
            empty.append(message.id)
    assert not missing, f"not in the .po (run make messages): {missing[:10]}"
    assert not empty, f"no zh-CN translation in the .po: {empty[:10]}"


def test_every_translation_keeps_the_placeholders(catalogue: object) -> None:
    for message in catalogue:  # type: ignore[attr-defined]
        if not message.id or not message.string:
            continue
        ids = _ids(message)
        assert all(i.strip() for i in ids), "an empty English text"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        allowed = set().union(*(_fields(i) for i in ids))
        for text in strings:
            assert _fields(text) <= allowed, (ids[0], text)
            if len(ids) == 1:
                assert _fields(text) == _fields(ids[0]), (ids[0], text)


@pytest.mark.parametrize(("given", "lang"), [
    ("zh", "zh-CN"), ("zh-CN", "zh-CN"), ("zh_CN", "zh-CN"), ("zh_CN.UTF-8", "zh-CN"),
    ("en", "en"), ("en_US.UTF-8", "en"), ("fr", None), ("", None)])
def test_the_language_names_accepted(given: str, lang: str | None) -> None:
    assert normalise(given) == lang


def test_without_propsvc_lang_the_locale_decides_else_zh_cn() -> None:
    assert from_environment({"LANG": "en_US.UTF-8"}) == "en"
    assert from_environment({"LANG": "zh_CN.UTF-8"}) == "zh-CN"
    assert from_environment({"LANG": "C.UTF-8"}) == "zh-CN"
    assert from_environment({}) == "zh-CN"
    assert from_environment({"PROPSVC_LANG": "en", "LANG": "zh_CN.UTF-8"}) == "en"


def test_a_message_in_either_language() -> None:
    set_lang("zh-CN")
    try:
        assert _("error: {message}", message="x") == "错误：x"
    finally:
        set_lang("en")
    assert _("error: {message}", message="x") == "error: x"


def _err(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = run(list(args))
    return code, capsys.readouterr().err


@pytest.fixture
def nowhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PROPSVC_DB", str(tmp_path / "p.db"))
    yield tmp_path
    set_lang("en")


@pytest.mark.parametrize(("args", "zh", "en"), [
    (("ticket", "open", "--bogus"), "没有选项 '--bogus'", "No such option '--bogus'"),
    (("ticket", "show"), "缺少参数", "Missing argument"),
    (("ticket", "open", "--kind", "nope"), "的值无效", "Invalid value for"),
    (("--lang", "fr", "tick"), "不是可用的语言", None),
])
def test_click_s_own_usage_errors_speak_the_language(
        nowhere: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], zh: str,
        en: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    if args[0] == "--lang":
        monkeypatch.delenv("PROPSVC_LANG")
    for lang in ("zh", "zh-CN", "zh_CN"):
        code, err = _err(capsys, "--lang", lang, *args) if args[0] != "--lang" else _err(
            capsys, *args)
        assert code == 2 and err.startswith("错误：") and zh in err, err
        assert len(err.splitlines()) == 1, err
    monkeypatch.delenv("PROPSVC_LANG", raising=False)
    code, err = _err(capsys, *args)
    assert code == 2 and zh in err, err  # zh-CN is the default
    if en:
        code, err = _err(capsys, "--lang", "en", *args)
        assert code == 2 and err.startswith("error: ") and en in err, err
        monkeypatch.setenv("PROPSVC_LANG", "en")
        assert en in _err(capsys, *args)[1]
    assert not (nowhere / "p.db").exists()


def test_a_missing_or_stale_mo_is_compiled_in_memory_from_the_po() -> None:
    from propsvc.i18n import _compiled_in_memory

    memory = _compiled_in_memory()
    assert memory.gettext("error: {message}") == "错误：{message}"
    assert memory.pgettext("complaint_status", "handled") == "已处理"
    assert memory.pgettext("ticket_status", "completed") == "已完工"
