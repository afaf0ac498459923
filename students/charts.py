"""Small inline SVG charts for the progress pages (no JavaScript, no external assets). Free of Django."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape

WIDTH, HEIGHT = 640, 200
#: One legend row per series under the plot, so long skill names never run into each other.
LEGEND_ROW = 16
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 36, 12, 12, 28
COLOURS = ("#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c")


@dataclass(frozen=True)
class Series:
    """One line: ``points`` are (time, value in 0..100), oldest first."""

    name: str
    points: list[tuple[datetime, float]]


def line_chart_svg(series: list[Series], *, title: str, empty_text: str = "Nothing to show yet", width: int = WIDTH,
                   height: int = HEIGHT) -> str:
    """An SVG line chart of percentages over time, with a legend and a text alternative.

    Values are clamped to 0..100; the x axis spans the earliest to the latest
    point of all series. An empty chart says so.
    """
    points = [p for s in series for p in s.points]
    legend_top = height
    total_height = height + (LEGEND_ROW * len(series) + 4 if points else 0)
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {total_height}" role="img" '
            f'class="chart" aria-label="{escape(title)}"><title>{escape(title)}</title>')
    if not points:
        # Large enough to read once a phone shrinks the 640-unit-wide chart to its screen.
        return head + (f'<text x="{width // 2}" y="{height // 2}" text-anchor="middle" fill="#666" font-size="24">'
                       f"{escape(empty_text)}</text></svg>")
    t0 = min(p[0] for p in points).timestamp()
    t1 = max(p[0] for p in points).timestamp()
    span = max(t1 - t0, 1.0)
    plot_w = width - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = height - MARGIN_TOP - MARGIN_BOTTOM

    def x(t: datetime) -> float:
        return MARGIN_LEFT + plot_w * ((t.timestamp() - t0) / span if t1 > t0 else 0.5)

    def y(v: float) -> float:
        return MARGIN_TOP + plot_h * (1 - min(max(v, 0.0), 100.0) / 100.0)

    parts = [head]
    for level in (0, 50, 100):
        parts.append(f'<line x1="{MARGIN_LEFT}" x2="{width - MARGIN_RIGHT}" y1="{y(level):.1f}" y2="{y(level):.1f}" '
                     f'stroke="#ddd"/><text x="{MARGIN_LEFT - 4}" y="{y(level) + 4:.1f}" text-anchor="end" '
                     f'font-size="10" fill="#666">{level}%</text>')
    first, last = min(p[0] for p in points), max(p[0] for p in points)
    parts.append(f'<text x="{MARGIN_LEFT}" y="{height - 8}" font-size="10" fill="#666">{first:%d %b}</text>'
                 f'<text x="{width - MARGIN_RIGHT}" y="{height - 8}" font-size="10" fill="#666" '
                 f'text-anchor="end">{last:%d %b}</text>')
    for k, s in enumerate(series):
        colour = COLOURS[k % len(COLOURS)]
        coords = " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in s.points)
        if len(s.points) > 1:
            parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{coords}"/>')
        for t, v in s.points:
            parts.append(f'<circle cx="{x(t):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}">'
                         f"<title>{escape(s.name)}: {v:.0f}% on {t:%d %b %H:%M}</title></circle>")
        row = legend_top + LEGEND_ROW * k
        parts.append(f'<rect x="{MARGIN_LEFT}" y="{row + 2}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{MARGIN_LEFT + 16}" y="{row + 11}" font-size="12" fill="#333">{escape(s.name)}</text>')
    parts.append("</svg>")
    return "".join(parts)
