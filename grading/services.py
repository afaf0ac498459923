"""Workflows on exercises and recordings."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

from grading.models import Exercise
from tutor.errors import NotAllowed
from tutor.models import User


def exercise_create(*, owner: User, title: str, score: UploadedFile, tempo: float | None = None) -> Exercise:
    if not owner.is_teacher:
        raise NotAllowed("Only teachers add exercises.")
    exercise = Exercise(owner=owner, title=title.strip(), tempo=tempo)
    exercise.score.save(score.name or "score.musicxml", score, save=False)
    exercise.save()
    return exercise
