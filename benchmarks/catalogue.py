"""Cost of the message catalogue (issue 12): loading the compiled ``.mo``, compiling the
``.po`` in memory (a fresh clone or a pulled ``.po``), a lookup, and a whole command in
zh-CN against English.

    python benchmarks/catalogue.py [--runs 9]

Prints one JSON document; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import gettext
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def _ms(fn: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def _load_mo() -> None:
    from propsvc.i18n import MO

    with MO.open("rb") as mo:
        gettext.GNUTranslations(mo)


def _compile_po() -> None:
    from propsvc.i18n import _compiled_in_memory

    _compiled_in_memory()


def _lookups(n: int) -> float:
    from propsvc.i18n import _, set_lang

    set_lang("zh-CN")
    started = time.perf_counter()
    for i in range(n):
        _("error: {message}", message=i)
    return round(n / (time.perf_counter() - started))


def _command(lang: str, runs: int) -> float:
    env = {**os.environ, "PROPSVC_LANG": lang}
    argv = [str(BIN / "propsvc"), "ticket", "open", "--bogus"]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False)
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    from babel.messages.pofile import read_po

    from propsvc.i18n import MO, PO

    with PO.open("rb") as po:
        messages = len(read_po(po))
    print(json.dumps({
        "messages": messages,
        "mo_bytes": MO.stat().st_size if MO.exists() else None,
        "load_mo_ms": _ms(_load_mo, runs) if MO.exists() else None,
        "compile_po_in_memory_ms": _ms(_compile_po, runs),
        "lookups_per_s": _lookups(100_000),
        "usage_error_zh_ms": _command("zh-CN", runs),
        "usage_error_en_ms": _command("en", runs),
    }, indent=2))


if __name__ == "__main__":
    main()
