"""Small inline SVG charts for the progress pages (no JavaScript, no external assets). Free of Django."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from html import escape

#: Drawn for a phone's ~340 px column (and shown at most 32rem wide, site.css): at 640 units wide its
#: 10-unit labels were 5 px on a phone. Text sizes in the same units.
WIDTH, HEIGHT = 400, 200
LABEL_SIZE, LEGEND_SIZE, EMPTY_SIZE = 13, 14, 18
EMPTY_HEIGHT = 48
#: One legend row per series under the plot, so long skill names never run into each other.
LEGEND_ROW = 20
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 40, 12, 12, 30
COLOURS = ("#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c")


@dataclass(frozen=True)
class Series:
    """One line: ``points`` are (time, value in 0..100), oldest first."""

    name: str
    points: list[tuple[datetime, float]]


def _day_month(t: datetime) -> str:
    return f"{t:%d %b}"


def line_chart_svg(series: list[Series], *, title: str, empty_text: str = "Nothing to show yet", width: int = WIDTH,
                   height: int = HEIGHT, date_label: Callable[[datetime], str] = _day_month,
                   evenly: bool = False) -> str:
    """An SVG line chart of percentages over time, with a legend and a text alternative.

    Values are clamped to 0..100; the x axis spans the earliest to the latest
    point of all series. An empty chart says so. ``date_label`` writes a date on the
    axis and in each point's tooltip (a page passes one in its reader's language).
    ``evenly`` places each series' points one step apart in their order (its k-th point at the
    k-th step) instead of by time: for a chart of each take, where takes seconds apart among
    takes weeks apart would stand on one vertical line, and the line would run up and down it.
    """
    points = [p for s in series for p in s.points]
    legend_top = height
    # An empty chart is one line of text, not an empty 200-unit box (half a phone's screen of nothing).
    total_height = height + LEGEND_ROW * len(series) + 4 if points else EMPTY_HEIGHT
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {total_height}" role="img" '
            f'class="chart" aria-label="{escape(title)}"><title>{escape(title)}</title>')
    if not points:
        return head + (f'<text x="{width // 2}" y="{EMPTY_HEIGHT * 2 // 3}" text-anchor="middle" fill="#666" '
                       f'font-size="{EMPTY_SIZE}">'
                       f"{escape(empty_text)}</text></svg>")
    t0 = min(p[0] for p in points).timestamp()
    t1 = max(p[0] for p in points).timestamp()
    span = max(t1 - t0, 1.0)
    plot_w = width - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = height - MARGIN_TOP - MARGIN_BOTTOM

    steps = max(len(s.points) for s in series) - 1

    def x(t: datetime, k: int) -> float:
        if evenly:
            return MARGIN_LEFT + plot_w * (k / steps if steps else 0.5)
        return MARGIN_LEFT + plot_w * ((t.timestamp() - t0) / span if t1 > t0 else 0.5)

    def y(v: float) -> float:
        return MARGIN_TOP + plot_h * (1 - min(max(v, 0.0), 100.0) / 100.0)

    parts = [head]
    for level in (0, 50, 100):
        parts.append(f'<line x1="{MARGIN_LEFT}" x2="{width - MARGIN_RIGHT}" y1="{y(level):.1f}" y2="{y(level):.1f}" '
                     f'stroke="#ddd"/><text x="{MARGIN_LEFT - 4}" y="{y(level) + 4:.1f}" text-anchor="end" '
                     f'font-size="{LABEL_SIZE}" fill="#666">{level}%</text>')
    first, last = (date_label(t) for t in (min(p[0] for p in points), max(p[0] for p in points)))
    if first == last:
        # One day (or one week) of data: one date, under the middle where the points stand; the same date
        # at both ends read as an axis spanning nothing.
        parts.append(f'<text x="{MARGIN_LEFT + plot_w / 2:.1f}" y="{height - 8}" font-size="{LABEL_SIZE}" '
                     f'fill="#666" text-anchor="middle">{escape(first)}</text>')
    else:
        parts.append(f'<text x="{MARGIN_LEFT}" y="{height - 8}" font-size="{LABEL_SIZE}" fill="#666">'
                     f'{escape(first)}</text>'
                     f'<text x="{width - MARGIN_RIGHT}" y="{height - 8}" font-size="{LABEL_SIZE}" fill="#666" '
                     f'text-anchor="end">{escape(last)}</text>')
    for k, s in enumerate(series):
        colour = COLOURS[k % len(COLOURS)]
        coords = " ".join(f"{x(t, i):.1f},{y(v):.1f}" for i, (t, v) in enumerate(s.points))
        if len(s.points) > 1:
            parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{coords}"/>')
        for i, (t, v) in enumerate(s.points):
            parts.append(f'<circle cx="{x(t, i):.1f}" cy="{y(v):.1f}" r="4" fill="{colour}">'
                         f"<title>{escape(s.name)}: {v:.0f}% · {escape(date_label(t))}</title></circle>")
        row = legend_top + LEGEND_ROW * k
        parts.append(f'<rect x="{MARGIN_LEFT}" y="{row + 4}" width="12" height="12" fill="{colour}"/>'
                     f'<text x="{MARGIN_LEFT + 18}" y="{row + 15}" font-size="{LEGEND_SIZE}" fill="#333">'
                     f'{escape(s.name)}</text>')
    parts.append("</svg>")
    return "".join(parts)
