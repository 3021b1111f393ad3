"""A register drawn as a terminal table, fast enough for a month of rows.

rich's ``Table`` measures and renders every cell through its whole console machinery
(~0.15 ms a cell: a month's 业主报修记录表 took five times its ``--json``). A register's
cells are plain text, so this draws the same kind of table directly: the columns take
their natural width, the widest give way until the table fits the terminal, and a cell
too long for its column folds onto more lines (at spaces where it can). Widths count
terminal cells (a Chinese character is two), as rich's ``cell_len`` does.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len

MIN_WIDTH = 4  # a column never narrower than this (nor than its header's first word)


def fit(natural: list[int], floor: list[int], room: int) -> list[int]:
    """Column widths: ``natural`` ones, the widest cut down first until they sum to
    ``room`` or every column is at its ``floor``."""
    widths = list(natural)
    over = sum(widths) - room
    while over > 0:
        widest = max(range(len(widths)), key=lambda i: widths[i] - floor[i])
        slack = widths[widest] - floor[widest]
        if slack <= 0:
            break
        others = sorted((w for i, w in enumerate(widths) if i != widest), reverse=True)
        step = min(over, slack, max(1, widths[widest] - (others[0] if others else 0)))
        widths[widest] -= step
        over -= step
    return widths


def fold(text: str, width: int) -> list[str]:
    """``text`` as lines of at most ``width`` cells: broken at spaces where a word fits,
    a longer word cut by cells."""
    lines: list[str] = []
    for para in text.split("\n"):
        line, used = "", 0
        for word in para.split(" "):
            size = cell_len(word)
            gap = 1 if line else 0
            if used + gap + size <= width:
                line, used = (f"{line} {word}" if line else word), used + gap + size
                continue
            if line:
                lines.append(line)
                line, used = "", 0
            while size > width:  # a word longer than the column: cut it by cells
                head, taken = _cut(word, width)
                lines.append(head)
                word, size = word[len(head):], size - taken
            line, used = word, size
        lines.append(line)
    return lines


def _cut(word: str, width: int) -> tuple[str, int]:
    taken = 0
    for i, ch in enumerate(word):
        size = cell_len(ch)
        if taken + size > width:
            return (word[:i], taken) if i else (ch, size)
        taken += size
    return word, taken


def _pad(text: str, width: int) -> str:
    return text + " " * (width - cell_len(text))


def draw(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]], width: int,
         whole: Sequence[bool] = ()) -> str:
    """The table as text: title, heavy header, light body (rich's default box). A column
    marked in ``whole`` (a record's number, a time) keeps its natural width: the others
    give way, and past that the table is wider than the terminal rather than cut one."""
    n = len(headers)
    natural = [max([cell_len(h), *(max(map(cell_len, r[i].split("\n"))) for r in rows)])
               for i, h in enumerate(headers)]
    keep = list(whole) + [False] * (n - len(whole))
    floor = [natural[i] if keep[i] else min(natural[i], max(MIN_WIDTH, cell_len(h.split(" ")[0])))
             for i, h in enumerate(headers)]
    widths = fit(natural, floor, width - 3 * n - 1)
    total = sum(widths) + 3 * n - 1
    out = [" " * max(0, (total + 2 - cell_len(title)) // 2) + title]
    out.append("┏" + "┳".join("━" * (w + 2) for w in widths) + "┓")
    out.extend(_row(headers, widths, "┃"))
    out.append("┡" + "╇".join("━" * (w + 2) for w in widths) + "┩")
    for r in rows:
        out.extend(_row(r, widths, "│"))
    out.append("└" + "┴".join("─" * (w + 2) for w in widths) + "┘")
    return "\n".join(out)


def _row(cells: Sequence[str], widths: list[int], bar: str) -> list[str]:
    folded = [fold(c, w) for c, w in zip(cells, widths, strict=True)]
    height = max(len(f) for f in folded)
    return [bar + bar.join(f" {_pad(f[k] if k < len(f) else '', w)} "
                           for f, w in zip(folded, widths, strict=True)) + bar
            for k in range(height)]
