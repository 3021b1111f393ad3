"""Every read command, answered by two checkouts on the same store, compared byte by byte.

    python benchmarks/check_reads.py --db STORE --against OLD_SRC [--month 2026-11]
        [--day 2026-11-20] [--office main]

``OLD_SRC`` is the ``src`` folder of another checkout (``git worktree add /tmp/old
<commit>``): each command runs once with it first on ``PYTHONPATH`` and once with this
checkout, on a copy of the store each (both catch up first), with ``--json``. Prints
one line per command (same / DIFFERENT, and the rows it printed) and exits 1 if any
output differs. A tool to check a change of the read side, not a benchmark.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parents[1] / "src"


def commands(month: str, day: str) -> list[list[str]]:
    reads = [
        ["overdue"], ["register", "repairs", "--date", day], ["register", "repairs",
                                                              "--month", month],
        ["register", "daily-repairs", "--date", day], ["register", "visits", "--month", month],
        ["visit", "plan", "--date", day], ["register", "complaints", "--month", month],
        ["register", "complaint-summary", "--month", month], ["register", "help",
                                                              "--month", month],
        ["register", "inquiries", "--month", month], ["register", "incidents",
                                                      "--month", month],
        ["register", "daily", "--date", day], ["register", "patrol", "--month", month],
        ["carryover", "show", "--month", month], ["handover", "show", "--date", day],
        ["key", "list"], ["key", "overdue"], ["register", "key-deposits"],
        ["register", "key-loans", "--month", month], ["register", "renovations"],
        ["register", "passes"], ["register", "extensions"],
        ["reno", "due-inspections", "--date", day], ["reno", "spot-checks", "--date", day],
        ["ticket", "find", "--status", "open", "--limit", "500"],
        ["ticket", "find", "3-", "--limit", "500"], ["ticket", "find", "--kind", "repair"],
        ["key", "find", "A"], ["reno", "find", "1"],
    ]
    return reads


def run(src: Path, db: str, office: str, argv: list[str], env: dict[str, str]
        ) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "propsvc", "--db", db, "--office", office, "--role", "manager",
         "--json", *argv], capture_output=True, text=True,
        env={**env, "PYTHONPATH": str(src)})
    return done.returncode, done.stdout + done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--against", required=True, metavar="OLD_SRC")
    parser.add_argument("--month", default="2026-11")
    parser.add_argument("--day", default="2026-11-20")
    parser.add_argument("--office", default="main")
    parser.add_argument("--now", default=None, help="PROPSVC_NOW for both (default: as set)")
    args = parser.parse_args()
    env = dict(os.environ)
    if args.now:
        env["PROPSVC_NOW"] = args.now
    tmp = Path(tempfile.mkdtemp(prefix="propsvc-reads-"))
    stores = {}
    for name in ("old", "new"):
        stores[name] = str(tmp / f"{name}.db")
        shutil.copy(args.db, stores[name])
    differ = 0
    try:
        for argv in commands(args.month, args.day):
            old = run(Path(args.against).resolve(), stores["old"], args.office, argv, env)
            new = run(HERE, stores["new"], args.office, argv, env)
            same = old == new
            differ += not same
            print(f"{'same' if same else 'DIFFERENT':9} exit {new[0]} "
                  f"{len(new[1]):>9} chars  {' '.join(argv)}")
            if not same:
                print(f"   old: {old[1][:300]!r}\n   new: {new[1][:300]!r}")
    finally:
        shutil.rmtree(tmp)
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
