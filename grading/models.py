"""Exercises (a target score to perform) and, later, recordings of them."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from tutor.models import User


def score_upload_to(instance: Exercise, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "musicxml"
    return f"scores/{secrets.token_hex(12)}.{suffix}"


class ExerciseQuerySet(models.QuerySet["Exercise"]):
    def visible_to(self, user: User) -> ExerciseQuerySet:
        """A teacher sees exercises they own; a student sees those assigned to them."""
        if user.is_teacher:
            return self.filter(owner=user)
        from tutor.models import Assignment

        assigned = Assignment.objects.visible_to(user).filter(target_type__model="exercise")
        return self.filter(pk__in=assigned.values("target_id"))


class Exercise(models.Model):
    """Something to play or sing: a target score with its tempo and default tolerances."""

    ASSIGNABLE = True

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exercises")
    title = models.CharField(max_length=200)
    score = models.FileField(upload_to=score_upload_to, help_text="MusicXML (.musicxml, .xml, .mxl) or MIDI")
    tempo = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(20), MaxValueValidator(400)],
        help_text="Beats per minute; empty: the score's own tempo.",
    )
    tolerance_cents = models.PositiveSmallIntegerField(default=25)
    wrong_cents = models.PositiveSmallIntegerField(default=50)
    tolerance_ms = models.PositiveSmallIntegerField(default=100)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ExerciseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
