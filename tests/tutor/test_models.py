from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tutor.models import JOIN_CODE_ALPHABET, DataExport, User, new_join_code

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
