"""A wrong note reads "you sang G4 instead of F♯4" when a voice performed the take (a drill, a sung part) and
"you played …" when an instrument did, in English as in Chinese (唱成了 / 奏成了), on the page and in the API."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

from generation.models import Drill
from grading.analysis.verdicts import NoteResult as GraderNote
from grading.analysis.verdicts import feedback_lines
from grading.feedback_text import feedback_text
from grading.models import Exercise, NoteResult, Recording
from grading.services import recording_feedback_lines
from tests.tutor.loop import F_SHARP, class_drill, sing
from tutor.models import Classroom, SkillEvidence, User

pytestmark = pytest.mark.django_db


def _wrong_note_take(student: User, exercise: Exercise) -> Recording:
    """A graded take of ``exercise`` whose one note, F♯4 in bar 3, came out a semitone low (F4)."""
    recording = Recording.objects.create(owner=student, exercise=exercise, audio="recordings/t.wav",
                                         status=Recording.Status.DONE, result={"feedback": []})
    NoteResult.objects.create(recording=recording, index=0, bar=3, target_midi=66, target_onset=0.0,
                              target_duration=0.5, sung_midi=65.0, cents=-100.0, onset=0.5, timing_error=0.0,
                              confidence=0.9, pitch="wrong", timing="ok")
    return recording


def test_it_says_sang_for_a_sung_take_and_played_for_a_played_one() -> None:
    notes = [GraderNote(index=0, target_midi=66, target_onset=0.0, target_duration=0.5, sung_midi=None,
                        cents=-100.0, onset=0.0, timing_error=0.0, confidence=0.9, pitch="wrong", timing="ok", bar=3)]
    assert feedback_lines(notes, sung=True) == ["bar 3: you sang F4 instead of F#4"]
    assert feedback_lines(notes) == ["bar 3: you played F4 instead of F#4"]
    with translation.override("en"):
        assert feedback_text(["bar 3: you sang F4 instead of F#4"]) == ["bar 3: you sang F4 instead of F♯4; hear F♯4 in your head first, then sing it"]
    with translation.override("zh-hans"):
        assert feedback_text(["bar 3: you sang F4 instead of F#4"]) == ["第3小节：你唱成了 F4，应该是 F♯4；先在心里听到 F♯4，再唱出来"]
        assert feedback_text(["bar 3: you played F4 instead of F#4"]) == ["第3小节：你奏成了 F4，应该是 F♯4；检查 F♯4 的指法"]


def test_it_says_sang_for_a_take_of_a_drill(student: User, exercise: Exercise) -> None:
    Drill.objects.create(owner=student, exercise=exercise, params={"voice": ""}, understood=["8 bars"])
    recording = _wrong_note_take(student, Exercise.objects.get(pk=exercise.pk))
    assert recording_feedback_lines(recording=recording) == ["bar 3: you sang F4 instead of F#4"]
    page = Client()
    page.force_login(student)
    assert page.get(f"/api/recordings/{recording.pk}/").json()["feedback"] == ["bar 3: you sang F4 instead of F♯4; hear F♯4 in your head first, then sing it"]
    assert "you sang F4 instead of F♯4" in page.get(f"/takes/{recording.pk}/").content.decode()


def test_it_says_played_for_a_drill_asked_for_an_instrument(student: User, exercise: Exercise) -> None:
    Drill.objects.create(owner=student, exercise=exercise, params={"voice": ""},
                         understood=["instrument: violin (G3-A5)"])
    recording = _wrong_note_take(student, Exercise.objects.get(pk=exercise.pk))
    assert recording_feedback_lines(recording=recording) == ["bar 3: you played F4 instead of F#4"]


@pytest.mark.parametrize(("part", "sung"), [("Soprano", True), ("Voice", True), ("男高音", True), ("Melody", True),
                                            ("", True), ("Piano", False), ("Alto Saxophone", False),
                                            ("Violin I", False), ("二胡", False)])
def test_a_scores_part_name_says_whether_it_is_sung(student: User, exercise: Exercise, part: str,
                                                     sung: bool) -> None:
    exercise.parts = [[1, part, 14]]
    exercise.save(update_fields=["parts"])
    recording = _wrong_note_take(student, exercise)
    verb = "sang" if sung else "played"
    assert recording_feedback_lines(recording=recording) == [f"bar 3: you {verb} F4 instead of F#4"]


def test_a_played_notes_evidence_says_played_in_english_and_chinese() -> None:
    from grading.evidence import GradedNote, note_evidence
    from grading.feedback_text import evidence_detail_text
    from music.key import make_key

    notes = [GradedNote(index=0, target_midi=66, target_onset=0.0, target_duration=0.5, sung_midi=67.0, cents=100.0,
                        onset=None, timing_error=0.0, confidence=0.9, pitch="wrong", timing="ok")]
    key = make_key("G", "major")
    assert note_evidence(notes, key=key, tempo_bpm=120)[0][0][2] == "F♯4: sang G4 instead"
    assert note_evidence(notes, key=key, tempo_bpm=120, sung=False)[0][0][2] == "F♯4: played G4 instead"
    with translation.override("zh-hans"):
        assert evidence_detail_text("F♯4: played G4 instead") == "F♯4：奏成了 G4"
        assert evidence_detail_text("F♯4: sang G4 instead") == "F♯4：唱成了 G4"


@pytest.mark.parametrize(("instrument", "verb"), [(False, "sang"), (True, "played")])
def test_a_graded_takes_stored_feedback_and_evidence_say_sang_or_played(
    teacher: User, student: User, classroom: Classroom, tmp_path: Path, instrument: bool, verb: str,
) -> None:
    """The stored ``result.feedback`` (what the API gives as the grader's English) said "you played" of every
    sung take, and the skill evidence "sang" of every take, an instrument's too."""
    assignment = class_drill(teacher, classroom)
    if instrument:
        Drill.objects.filter(exercise_id=assignment.target_id).update(understood=["instrument: violin (G3-A5)"])
    recording = sing(student, assignment, tmp_path, cents_by_pitch_class={F_SHARP: -100.0})
    wrong = [line for line in recording.result["feedback"] if "instead of" in line]
    assert wrong and all(f"you {verb} F4 instead of F#4" in line for line in wrong), recording.result["feedback"]
    details = [e.detail for e in SkillEvidence.objects.filter(student=student) if "instead" in e.detail]
    assert details and all(d.endswith(f"{verb} F4 instead") for d in details), details
