"""Stored takes' evidence derived again from their stored verdicts (the data migration and the command)."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from grading.evidence_rederive import evidence_rederive
from grading.models import Exercise, NoteResult, Recording
from grading.services import recording_grades_derive
from tests.conftest import make_exercise
from tutor.models import SkillEvidence, User

pytestmark = pytest.mark.django_db

#: G4 in tune, F4 40 cents flat, E4 in tune (C major, a quarter each at 90 BPM).
NOTES = [(67, "ok", 2.0), (65, "flat", -40.0), (64, "ok", 0.0)]


def stored_take(student: User, exercise: Exercise, *, queued_days_ago: int = 3, apps: Any = None) -> Recording:
    """A graded take as an earlier version stored it: rows, and evidence that charges the flat F4 to the
    falling major seconds on both sides of it too. ``apps``: a migration state's models, for a schema older
    than today's (the rows then name their student and exercise by id)."""
    recording_model = apps.get_model("grading", "Recording") if apps else Recording
    note_model = apps.get_model("grading", "NoteResult") if apps else NoteResult
    evidence_model = apps.get_model("tutor", "SkillEvidence") if apps else SkillEvidence
    recording = recording_model.objects.create(owner_id=student.pk, exercise_id=exercise.pk, status="done",
                                               result={"tempo": 90},
                                               queued_at=timezone.now() - timedelta(days=queued_days_ago))
    for index, (midi, pitch, cents) in enumerate(NOTES):
        note_model.objects.create(
            recording=recording, index=index, target_midi=midi, target_onset=index * 2 / 3, target_duration=2 / 3,
            sung_midi=midi + cents / 100, cents=cents, onset=1 + index * 2 / 3, timing_error=0.0, confidence=0.9,
            pitch=pitch, timing="ok")
    g, f, e = recording.notes.order_by("index")
    old = [(g, "pc:G@C", True, "G4 in tune (+2 cents)"), (f, "pc:F@C", False, "F4 40 cents flat"),
           (f, "int:-M2", False, "G4 to F4 42 cents wide"), (e, "pc:E@C", True, "E4 in tune (+0 cents)"),
           (e, "int:-m2", False, "F4 to E4 40 cents narrow")]
    evidence_model.objects.bulk_create(
        evidence_model(student_id=student.pk, tag=tag, correct=correct, detail=detail, source="note", source_id=row.pk,
                      created_at=recording.queued_at) for row, tag, correct, detail in old)
    return recording


def evidence_of(recording: Recording) -> set[tuple[int, str, bool, str, object]]:
    rows = list(recording.notes.values_list("pk", flat=True))
    return set(SkillEvidence.objects.filter(source="note", source_id__in=rows)
               .values_list("source_id", "tag", "correct", "detail", "created_at"))


@pytest.fixture
def keyed_exercise(teacher: User) -> Exercise:
    exercise = make_exercise(teacher)
    Exercise.objects.filter(pk=exercise.pk).update(key="C major")
    exercise.refresh_from_db()
    return exercise


def test_it_drops_the_double_interval_charges_and_reads_as_a_fresh_grading(student: User, keyed_exercise: Exercise) -> None:
    recording = stored_take(student, keyed_exercise)
    call_command("rederive_evidence", stdout=io.StringIO())
    after = evidence_of(recording)
    tags = {(tag, correct) for _, tag, correct, _, _ in after}
    assert ("int:-M2", False) not in tags and ("int:-m2", False) not in tags
    assert ("pc:F@C", False) in tags and ("pc:G@C", True) in tags
    assert {at for *_, at in after} == {recording.queued_at}
    recording_grades_derive(recording=recording)  # what grading the take again today would store
    assert {item[:4] for item in evidence_of(recording)} == {item[:4] for item in after}


def test_a_teachers_override_survives(student: User, keyed_exercise: Exercise, teacher: User) -> None:
    recording = stored_take(student, keyed_exercise)
    flat_f = recording.notes.get(index=1)
    NoteResult.objects.filter(pk=flat_f.pk).update(pitch="ok", graded_pitch="flat", reviewed_by=teacher,
                                                   reviewed_at=timezone.now())
    evidence_rederive(batch_size=1)
    flat_f.refresh_from_db()
    assert (flat_f.pitch, flat_f.graded_pitch) == ("ok", "flat")
    f_evidence = SkillEvidence.objects.filter(source="note", source_id=flat_f.pk)
    assert f_evidence.get(tag="pc:F@C").correct is True
    assert f_evidence.get(tag="int:-M2").correct is True  # both notes ok by the teacher's word: right


def test_running_it_twice_changes_nothing(student: User, keyed_exercise: Exercise, teacher: User) -> None:
    takes = [stored_take(student, keyed_exercise, queued_days_ago=d) for d in (1, 2, 3)]
    stored_take(teacher, keyed_exercise)  # a teacher's own take: its evidence goes, as grading it would
    first = evidence_rederive(batch_size=2)
    assert (first.takes, first.changed_takes) == (4, 4)
    assert SkillEvidence.objects.filter(student=teacher).count() == 0
    ids = set(SkillEvidence.objects.values_list("pk", flat=True))
    second = evidence_rederive(batch_size=2)
    assert (second.changed_takes, second.deleted, second.written) == (0, 0, 0)
    assert set(SkillEvidence.objects.values_list("pk", flat=True)) == ids
    assert all(evidence_of(take) for take in takes)


def test_a_take_whose_exercise_has_no_stored_key_is_left_alone(student: User, teacher: User) -> None:
    recording = stored_take(student, make_exercise(teacher))
    before = evidence_of(recording)
    counts = evidence_rederive()
    assert (counts.no_key, counts.changed_takes) == (1, 0) and evidence_of(recording) == before


def test_the_migration_rederives_with_its_historical_models(student: User, keyed_exercise: Exercise) -> None:
    recording = stored_take(student, keyed_exercise)
    state = MigrationExecutor(connection).loader.project_state(("grading", "0014_rederive_note_evidence"))
    counts = evidence_rederive(apps=state.apps)
    assert counts.changed_takes == 1
    assert ("int:-M2", False) not in {(tag, correct) for _, tag, correct, _, _ in evidence_of(recording)}


@pytest.mark.django_db(transaction=True)
def test_migrating_forward_rewrites_stored_evidence(student: User, keyed_exercise: Exercise) -> None:
    before, after = ("grading", "0013_recording_teacher_mark"), ("grading", "0014_rederive_note_evidence")
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate([before])
    try:
        # Rows as the schema stood then: later migrations add columns today's models would write.
        recording = stored_take(student, keyed_exercise, apps=executor.loader.project_state([before]).apps)
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate([after])
        tags = {(tag, correct) for _, tag, correct, _, _ in evidence_of(recording)}
        assert ("int:-M2", False) not in tags
        assert ("pc:F@C", False) in tags
    finally:  # the schema is shared with every later test in this process
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)
