from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from grading.models import Exercise
from tutor.models import JOIN_CODE_ALPHABET, Assignment, Classroom, DataExport, User, new_join_code

pytestmark = pytest.mark.django_db


def test_join_codes_avoid_characters_that_read_alike() -> None:
    codes = {new_join_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(code) == 8 and set(code) <= set(JOIN_CODE_ALPHABET) for code in codes)
    assert not set("01OIL") & set(JOIN_CODE_ALPHABET)


def test_a_job_is_claimed_once(student: User) -> None:
    export = DataExport.objects.create(owner=student)
    assert DataExport.claim(export.pk) is True
    assert DataExport.claim(export.pk) is False
    export.refresh_from_db()
    assert export.status == "running" and export.attempts == 1 and export.started_at is not None


def test_a_claim_started_before_the_cutoff_can_be_taken_over(student: User) -> None:
    export = DataExport.objects.create(owner=student)
    DataExport.claim(export.pk)
    assert DataExport.claim(export.pk, take_over_started_before=timezone.now() - timedelta(minutes=5)) is False
    assert DataExport.claim(export.pk, take_over_started_before=timezone.now()) is True
    export.refresh_from_db()
    assert export.attempts == 2


def test_a_redelivered_message_leaves_a_finished_job_alone(student: User) -> None:
    export = DataExport.objects.create(owner=student)
    DataExport.claim(export.pk)
    export.mark_done()
    assert DataExport.claim(export.pk, take_over_started_before=timezone.now()) is False
    export.refresh_from_db()
    assert export.status == "done"


def test_a_job_out_of_attempts_ends_failed_with_a_reason(student: User) -> None:
    export = DataExport.objects.create(owner=student, attempts=3)
    assert DataExport.claim(export.pk, max_attempts=3) is False
    export.refresh_from_db()
    assert export.status == "failed" and "3 attempts" in export.error


def test_assignments_made_before_the_flag_are_marked_where_the_tutor_made_their_title(
    classroom: Classroom, exercise: Exercise
) -> None:
    import importlib
    import uuid

    from django.apps import apps
    from django.utils import translation

    from tests.conftest import make_assignment

    migration = importlib.import_module("tutor.migrations.0008_assignment_title_made")
    drill_titled, typed, weak_spots = (make_assignment(classroom, exercise) for _ in range(3))
    Assignment.objects.filter(pk=drill_titled.pk).update(title="Melody in G major, 8 bars (level 2)")
    Assignment.objects.filter(pk=weak_spots.pk).update(title="你的薄弱点", group=uuid.uuid4())
    migration.mark_made_titles(apps, None)
    for row in (drill_titled, typed, weak_spots):
        row.refresh_from_db()
    assert (drill_titled.title_made, typed.title_made, weak_spots.title_made) == (True, False, True)
    assert weak_spots.title == "Your weak spots"  # stored as the tutor's own words, shown translated
    with translation.override("zh-hans"):
        assert (drill_titled.title_shown, weak_spots.title_shown) == ("G大调旋律，8小节（等级 2）", "你的薄弱点")
        assert typed.title_shown == typed.title
