"""The grading worker reads an exercise's score once for all its takes, not once per take."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from grading.analysis import target as target_module
from grading.models import Recording
from grading.tasks import analyze_recording
from tests.conftest import api_client_for
from tests.grading.takes import twinkle_take
from tutor.models import Assignment, User

pytestmark = pytest.mark.django_db


def test_two_takes_of_one_exercise_parse_its_score_once(
    student: User, assignment: Assignment, tmp_path: Path
) -> None:
    target_module._target_cache.clear()
    ids = []
    for cents in (0, 30):
        take = twinkle_take(tmp_path / f"t{cents}.wav", cents={2: cents})
        upload = SimpleUploadedFile(take.name, take.read_bytes(), content_type="audio/wav")
        ids.append(api_client_for(student).post("/api/recordings/", {"audio": upload, "assignment": assignment.pk},
                                                format="multipart").json()["id"])
    with mock.patch.object(target_module, "_parse", wraps=target_module._parse) as parses:
        for recording_id in ids:
            analyze_recording.apply(args=[recording_id])
    assert parses.call_count == 1
    first, second = (Recording.objects.get(pk=pk) for pk in ids)
    assert first.status == second.status == "done"
    assert first.result["notes"][2]["pitch"] == "ok" and second.result["notes"][2]["pitch"] == "sharp"
    target_module._target_cache.clear()
