"""Small SVG charts drawn on the server (no JavaScript, no third-party code): a bar chart
with an optional target line, and a line chart. Each returns the ``<svg>`` element as
text, escaped, with a ``<title>`` and a ``<desc>`` for screen readers and a data table
kept beside it by the page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT = 560, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 14, 40
PALETTE = ("#2f6fb2", "#d9822b", "#3d9970", "#b10dc9", "#85144b", "#7f8c8d")


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]  # None: no data for that label (drawn as a gap)


def _scale(top: float) -> float:
    """A round upper bound for the axis: 1, 2, 5 × 10ⁿ at or above ``top`` (rates,
    at most 1, get 1: 100%)."""
    if top <= 0:
        return 1.0
    step = 1.0
    while step * 10 <= top:
        step *= 10
    for mult in (1, 2, 5, 10):
        if step * mult >= top:
            return step * mult
    return step * 10


def _frame(title: str, desc: str, labels: Sequence[str], top: float, percent: bool
           ) -> list[str]:
    plot_h = HEIGHT - TOP - BOTTOM
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" preserveAspectRatio="xMidYMid meet">',
             f"<title>{escape(title)}</title>", f"<desc>{escape(desc)}</desc>"]
    for i in range(5):
        value = top * i / 4
        y = TOP + plot_h - plot_h * i / 4
        text = f"{value * 100:.0f}%" if percent else f"{value:g}"
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" '
                     f'y2="{y:.1f}"/>')
        parts.append(f'<text class="axis" x="{LEFT - 4}" y="{y + 4:.1f}" '
                     f'text-anchor="end">{text}</text>')
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    for i, label in enumerate(labels):
        x = LEFT + slot * (i + 0.5)
        parts.append(f'<text class="axis" x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" '
                     f'text-anchor="middle">{escape(label)}</text>')
    return parts


def _legend(series: Sequence[Series]) -> list[str]:
    out = []
    for i, s in enumerate(series):
        x = LEFT + i * 110
        colour = PALETTE[i % len(PALETTE)]
        out.append(f'<rect x="{x}" y="{HEIGHT - 14}" width="10" height="10" '
                   f'fill="{colour}"/>')
        out.append(f'<text class="legend" x="{x + 14}" y="{HEIGHT - 5}">'
                   f"{escape(s.name)}</text>")
    return out


def bar_chart(title: str, labels: Sequence[str], series: Sequence[Series], *,
              target: float | None = None, percent: bool = False, desc: str = "") -> str:
    """Grouped bars, one group per label; ``target`` draws a dashed line (e.g. V2's rate)."""
    values = [v for s in series for v in s.values if v is not None]
    top = _scale(max([*values, target or 0, 0]))
    parts = _frame(title, desc or title, labels, top, percent)
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    width = slot * 0.8 / max(len(series), 1)
    for si, s in enumerate(series):
        colour = PALETTE[si % len(PALETTE)]
        for i, value in enumerate(s.values):
            if value is None:
                continue
            h = plot_h * value / top
            x = LEFT + slot * i + slot * 0.1 + width * si
            shown = f"{value * 100:.0f}%" if percent else f"{value:g}"
            parts.append(f'<rect class="bar" x="{x:.1f}" y="{TOP + plot_h - h:.1f}" '
                         f'width="{width:.1f}" height="{h:.1f}" fill="{colour}">'
                         f"<title>{escape(labels[i])} {escape(s.name)}: {shown}</title></rect>")
    if target is not None:
        y = TOP + plot_h - plot_h * target / top
        parts.append(f'<line class="target" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" '
                     f'y2="{y:.1f}"/>')
    parts.extend(_legend(series))
    parts.append("</svg>")
    return "".join(parts)


def line_chart(title: str, labels: Sequence[str], series: Sequence[Series], *,
               percent: bool = False, desc: str = "") -> str:
    """One polyline per series over the labels, a dot on each known point."""
    values = [v for s in series for v in s.values if v is not None]
    top = _scale(max([*values, 0]))
    parts = _frame(title, desc or title, labels, top, percent)
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    for si, s in enumerate(series):
        colour = PALETTE[si % len(PALETTE)]
        points = [(LEFT + slot * (i + 0.5), TOP + plot_h - plot_h * v / top)
                  for i, v in enumerate(s.values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(f'<polyline class="line" points="{path}" stroke="{colour}"/>')
        for x, y in points:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>')
    parts.extend(_legend(series))
    parts.append("</svg>")
    return "".join(parts)
