"""The studio page writes an exercise's tempo in the beat a musician counts: ♩. = 60 in 6/8 at 90 quarter
notes a minute (the notation's ``tempo`` stays quarter notes a minute)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from grading.models import Exercise
from tests.generation.test_accompaniment import pickup_score
from tutor.locale_compile import compile_catalogues
from tutor.models import User

pytestmark = pytest.mark.django_db


def studio_page(teacher: User, tmp_path: Path, meter: str, tempo: float, **headers: str) -> str:
    bars = {"6/8": [[("D4", 0.5)], [("G4", 1.5), ("B4", 1.5)], [("D5", 3)]],
            "3/4": [[("G4", 1)], [("A4", 1), ("G4", 1), ("C5", 1)], [("B4", 3)]]}[meter]
    path = pickup_score(tmp_path / "tune.musicxml", meter, bars)
    exercise = Exercise(owner=teacher, title=f"A tune in {meter}", tempo=tempo)
    exercise.score.save("tune.musicxml", ContentFile(path.read_bytes()), save=False)
    exercise.save()
    client = Client()
    client.force_login(teacher)
    page = client.get(f"/exercises/{exercise.pk}/studio/", **headers)
    assert page.status_code == 200
    return page.content.decode()


def test_six_eight_is_written_in_dotted_quarters(teacher: User, tmp_path: Path) -> None:
    page = studio_page(teacher, tmp_path, "6/8", 90)
    assert "6/8, ♩. = 60 (60 dotted-quarter beats a minute)" in page
    assert '<span id="tempo-bpm">♩. = 60 (60 dotted-quarter beats a minute)</span>' in page
    assert '"tempo": 90.0' in page  # the page's script still gets quarter notes a minute


def test_three_four_is_written_in_quarters_and_in_chinese(teacher: User, tmp_path: Path) -> None:
    assert "3/4, ♩ = 120 (120 beats a minute)" in studio_page(teacher, tmp_path, "3/4", 120)
    compile_catalogues(Path(__file__).resolve().parents[2] / "locale")
    chinese = studio_page(teacher, tmp_path, "6/8", 90, HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert "♩. = 60（每分钟 60 个附点四分音符）" in chinese and "录音按你自己稳定的速度评分。" in chinese
