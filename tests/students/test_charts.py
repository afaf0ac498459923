"""The progress charts: legend rows never overlap, however long the skill names."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from students.charts import Series, line_chart_svg

NOW = datetime(2025, 3, 1, tzinfo=UTC)


def test_each_series_gets_its_own_legend_row_below_the_plot() -> None:
    names = ["F♯4 in G major", "falling augmented fourth", "dotted eighth–sixteenth"]
    series = [Series(name, [(NOW + timedelta(days=d), 40.0 + 10 * d + k) for d in range(3)])
              for k, name in enumerate(names)]
    svg = line_chart_svg(series, title="Weekly accuracy")
    rows = {name: re.search(rf'<text x="(\d+)" y="([\d.]+)"[^>]*>{name}</text>', svg) for name in names}
    assert all(rows.values()), svg
    ys = sorted(float(m.group(2)) for m in rows.values() if m)
    assert all(b - a >= 14 for a, b in zip(ys, ys[1:], strict=False))  # 12 px text never shares a row
    height = float(re.search(r'viewBox="0 0 \d+ (\d+)"', svg).group(1))  # type: ignore[union-attr]
    assert ys[-1] < height and ys[0] > 190  # below the 200 px plot, inside the picture


def test_an_empty_chart_says_so() -> None:
    assert "Nothing to show yet" in line_chart_svg([], title="Scores")
