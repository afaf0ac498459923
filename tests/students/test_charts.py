"""The progress charts: legend rows never overlap, however long the skill names."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from grading.models import Exercise, Recording
from students.charts import Series, line_chart_svg
from students.progress import progress_for
from tutor.models import User

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
    svg = line_chart_svg([], title="Scores")
    assert "Nothing to show yet" in svg
    # One line of text, not the plot's empty 200-unit box.
    assert float(re.search(r'viewBox="0 0 \d+ (\d+)"', svg).group(1)) <= 60  # type: ignore[union-attr]


def test_a_phone_reads_the_labels_and_the_dates_come_in_the_readers_words() -> None:
    series = [Series("take score", [(NOW, 60.0), (NOW + timedelta(days=3), 80.0)])]
    svg = line_chart_svg(series, title="Scores", date_label=lambda t: f"{t.month}月{t.day}日")
    width = float(re.search(r'viewBox="0 0 (\d+)', svg).group(1))  # type: ignore[union-attr]
    smallest = min(float(size) for size in re.findall(r'font-size="([\d.]+)"', svg))
    # A phone's ~340 px column: the 640-unit chart drew its 10-unit labels at 5 px there.
    assert smallest * 340 / width >= 10
    assert ">3月1日</text>" in svg and ">3月4日</text>" in svg and "Mar" not in svg and " on " not in svg


@pytest.mark.parametrize("days", [[0], [0, 2]], ids=["one-week", "two-points-one-label"])
def test_one_week_of_data_is_dated_once_under_its_point_not_at_both_ends(days: list[int]) -> None:
    """One week of weak-spot data labelled the axis "25 Nov ... 25 Nov", as if it spanned something."""
    week = [Series("F♯4 in G major", [(NOW + timedelta(hours=d), 40.0 + d) for d in days])]
    svg = line_chart_svg(week, title="Weekly accuracy", date_label=lambda t: f"{t.day} Mar")
    labels = re.findall(r'<text x="([\d.]+)"[^>]*>1 Mar</text>', svg)
    assert len(labels) == 1, svg
    assert abs(float(labels[0]) - (40 + (400 - 40 - 12) / 2)) < 1  # the middle of the plot, where a lone point is


@pytest.mark.django_db
def test_takes_made_at_the_same_moment_are_steps_of_the_score_line_not_a_vertical_stroke(
    student: User, exercise: Exercise
) -> None:
    # Two takes a second apart between takes ten days apart: by time they stood on one x, the line ran
    # down and up it. Each take is one step, in the order they were made (the same moment: by id).
    when = [NOW, NOW + timedelta(days=10), NOW + timedelta(days=10), NOW + timedelta(days=10, seconds=1),
            NOW + timedelta(days=20)]
    for at, score in zip(when, [50.0, 90.0, 30.0, 60.0, 70.0], strict=True):
        take = Recording.objects.create(owner=student, exercise=exercise, status="done", score_percent=score,
                                        audio="x.wav")
        Recording.objects.filter(pk=take.pk).update(queued_at=at)
    svg = progress_for(student=student).score_chart
    points = [tuple(map(float, p.split(","))) for p in
              re.search(r'<polyline [^>]*points="([^"]+)"', svg).group(1).split()]  # type: ignore[union-attr]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    steps = [b - a for a, b in zip(xs, xs[1:], strict=False)]
    assert min(steps) > 0 and max(steps) - min(steps) < 0.2, xs
    assert [round(100 * (1 - (y - 12) / 158)) for y in ys] == [50, 90, 30, 60, 70]
