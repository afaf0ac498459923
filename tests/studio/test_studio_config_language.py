"""Words the studio's scripts are handed by the server, in its JSON config, are in the reader's language.

The page's own HTML is walked for English by tests/tutor/test_translations.py; these lines reach the
page through JavaScript instead (the transposition menu, the practice audio's failure), so that walk
never sees them.
"""

from __future__ import annotations

import json
import re
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from grading.models import Exercise
from studio.tasks import render_exercise_audio
from tests.tutor.test_translations import english_words
from tutor.models import Assignment, User

pytestmark = pytest.mark.django_db



def studio_config(user: User, assignment: Assignment, language: str) -> dict[str, Any]:
    client = Client()
    client.force_login(user)
    page = client.get(reverse("assignment-studio", args=[assignment.pk]), HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200
    found = re.search(r'<script id="studio-config" type="application/json">(.*?)</script>', page.content.decode(), re.S)
    assert found is not None
    config: dict[str, Any] = json.loads(found.group(1))
    return config


def test_the_transposition_menu_reads_in_chinese(student: User, assignment: Assignment) -> None:
    labels = [option["label"] for option in studio_config(student, assignment, "zh-CN")["transpositions"]]
    assert len(labels) > 10
    assert {label: english_words(label, also_allowed=set()) for label in labels
            if english_words(label, also_allowed=set())} == {}
    assert labels[0] == "按原谱（实际音高）"
    english = [option["label"] for option in studio_config(student, assignment, "en")["transpositions"]]
    assert english[0] == "As written (concert pitch)"


def test_a_failed_practice_audio_is_explained_in_the_readers_language(student: User, assignment: Assignment) -> None:
    exercise = Exercise.objects.get(pk=assignment.target_id)
    with mock.patch("studio.audio.render_drill", side_effect=RuntimeError("no soundfont here")):
        render_exercise_audio.apply(args=(exercise.pk,))
    with mock.patch("studio.tasks.render_exercise_audio.apply_async"):
        chinese = studio_config(student, assignment, "zh-CN")["audio"]
        english = studio_config(student, assignment, "en")["audio"]
    # The reason is the renderer's own words; the sentence around it is the reader's.
    assert chinese == {"status": "failed", "error": "练习音频没能生成（no soundfont here）。"}
    assert english == {"status": "failed", "error": "The practice audio could not be rendered (no soundfont here)."}
