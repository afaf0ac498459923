"""The feedback's colour key says which way a note was off: "flat" alone left a beginner guessing whether to go up
or down (SmartMusic and Yousician show an arrow); it reads "flat (too low)", "sharp (too high)", in Chinese too."""

from __future__ import annotations

import pytest

from tests.conftest import logged_in
from tutor.models import Assignment, User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "low", "high"), [("en", "flat (too low)", "sharp (too high)"),
                                                       ("zh-hans", "偏低（音低了）", "偏高（音高了）")])
def test_the_colour_key_says_too_low_and_too_high(student: User, assignment: Assignment, language: str, low: str,
                                                   high: str) -> None:
    student.language = language
    student.save(update_fields=["language"])
    html = logged_in(student).get(f"/assignments/{assignment.pk}/studio/").content.decode()
    legend = html.split('<p class="legend small"', 1)[1].split("</p>", 1)[0]
    assert f"<span class=\"swatch v-flat\"></span> {low}</span>" in legend
    assert f"<span class=\"swatch v-sharp\"></span> {high}</span>" in legend
