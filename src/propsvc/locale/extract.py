"""Extraction of the vocabulary's labels for the message catalogue (``make messages``):
each term's English label is a message whose context is the list that defines it, so the
same English word may read differently per list (a repair's ``phone`` channel, a visit's
``by phone``). Used by Babel through ``babel.cfg``; never imported at
run time (``python -m propsvc.locale.extract`` is ``make messages``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from propsvc.i18n import DOMAIN, LOCALE_DIR, MO, PO

POT = LOCALE_DIR / f"{DOMAIN}.pot"


def extract_vocabulary(fileobj: IO[bytes], keywords: Any, comment_tags: Any,
                       options: Any) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """Babel extractor: ``(line, "pgettext", (context, msgid), comments)`` per term,
    the line being where the term's code is written in ``vocabulary.py``."""
    from propsvc.vocabulary import GROUPS

    source = fileobj.read().decode("utf-8").splitlines()
    for name, choices in GROUPS.items():
        for term in choices.terms:
            if term.context != name:
                continue  # a term borrowed from another list is extracted there
            yield _line(source, term.code, name), "pgettext", (name, term.en), [
                f"vocabulary {name}: code {term.code}"]


def _line(source: list[str], code: str, name: str) -> int:
    start = next((i for i, line in enumerate(source) if f'"{name}"' in line), 0)
    for i in range(start, len(source)):
        if f'("{code}",' in source[i]:
            return i + 1
    return start + 1


# -- make messages: extract → update → compile ------------------------------------------------
KEYWORDS = {"_": None, "N_": None, "zh_": None, "gettext": None, "ngettext": (1, 2),
            "pgettext": ((1, "c"), 2), "_rule": (3,)}
CLICK_MODULES = ("core", "exceptions", "types", "parser", "decorators", "formatting",
                 "termui", "utils")


def _root() -> Path:
    return Path(__file__).resolve().parents[3]


def extract() -> Any:
    """Every message of propsvc (``babel.cfg``) and of click's own lines, as a catalogue."""
    import click
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir, extract_from_file
    from babel.messages.frontend import parse_mapping_cfg

    root = _root()
    with (root / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)  # type: ignore[no-untyped-call]
    catalog = Catalog(project="propsvc", domain=DOMAIN, charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
            str(root / "src"), method_map, options_map, keywords=KEYWORDS):
        catalog.add(message, None, [(f"src/{filename}", lineno)], auto_comments=comments,
                    context=context)
    click_dir = Path(click.__file__).parent
    for module in CLICK_MODULES:
        for lineno, message, comments, context in extract_from_file(
                "python", str(click_dir / f"{module}.py"), keywords=KEYWORDS):
            catalog.add(message, None, [(f"click/{module}.py", lineno)],
                        auto_comments=comments, context=context)
    return catalog


def main() -> None:
    """``make messages``: write ``propsvc.pot``, merge it into the zh-CN ``.po`` (new
    messages untranslated, vanished ones dropped) and compile the ``.mo``; print what is
    still untranslated."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po, write_po

    template = extract()
    with POT.open("wb") as out:
        write_po(out, template, width=100, sort_output=True, omit_header=False)
    with PO.open("rb") as src:
        catalog = read_po(src, locale="zh_CN", domain=DOMAIN)
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    with PO.open("wb") as out:
        write_po(out, catalog, width=100, sort_output=True, ignore_obsolete=True)
    with MO.open("wb") as out:
        write_mo(out, catalog)
    missing = [m.id for m in catalog if m.id and not _translated(m)]
    print(f"{len(template)} messages; {len(missing)} without a zh-CN translation")
    for msgid in missing:
        print(f"  untranslated: {msgid if isinstance(msgid, str) else msgid[0]!r}")


def _translated(message: Any) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(s for s in strings)


if __name__ == "__main__":
    main()
