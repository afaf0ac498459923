"""The exercises list shows each exercise's tempo: a typed one, a generated drill's own (its score carries it,
but the list read only the typed field and called a drill's tempo "from the score"), and "from the score" only
where the score's own tempo is used."""

from __future__ import annotations

import re

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from generation.models import Drill
from grading.models import Exercise
from tutor.models import User

pytestmark = pytest.mark.django_db


def exercise(owner: User, title: str, *, tempo: float | None = None) -> Exercise:
    made = Exercise(owner=owner, title=title, tempo=tempo)
    made.score.save("x.musicxml", ContentFile(b"<score-partwise/>"), save=False)
    made.save()
    return made


def tempo_cells(teacher: User, language: str) -> dict[str, str]:
    client = Client()
    client.force_login(teacher)
    page = client.get("/exercises/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    rows = re.findall(r"<tr><td><a [^>]*>([^<]*)</a></td><td[^>]*>([^<]*)</td>", page)
    return dict(rows)


@pytest.mark.parametrize(("language", "from_score"), [("en", "from the score"), ("zh-hans", "按乐谱")])
def test_it_shows_a_drills_own_tempo(teacher: User, language: str, from_score: str) -> None:
    # Main: both drills read "from the score" / "按乐谱", though each was made at a tempo it was asked for.
    Drill.objects.create(owner=teacher, exercise=exercise(teacher, "Drill in G"), params={"tempo": 90, "meter": "4/4"})
    Drill.objects.create(owner=teacher, exercise=exercise(teacher, "Jig"), params={"tempo": 60, "meter": "6/8"})
    exercise(teacher, "Typed", tempo=72.5)
    exercise(teacher, "Uploaded")
    assert tempo_cells(teacher, language) == {
        "Drill in G": "♩ = 90", "Jig": "♩. = 60", "Typed": "♩ = 72.5", "Uploaded": from_score,
    }


def test_a_drill_without_a_tempo_in_its_params_falls_back_to_the_score(teacher: User) -> None:
    Drill.objects.create(owner=teacher, exercise=exercise(teacher, "Old drill"), params={"voice": ""})
    assert tempo_cells(teacher, "en") == {"Old drill": "from the score"}
