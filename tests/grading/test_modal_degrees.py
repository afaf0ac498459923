"""Feedback in movable do names a note of a modal or pentatonic drill as the drill's 简谱 numbers it.

A D zhi drill is written with G major's signature (its 宫, do, is G), so D is 5 (sol); a D dorian
drill has C major's, so D is 2 (re). The drill itself and the same score saved as an uploaded
exercise (which only has its MusicXML: signature and ``<mode>``) must both say so.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from generation.render.jianpu import jianpu_from_musicxml, layout
from generation.services import drill_create
from grading.models import Exercise, Recording
from grading.services import recording_submit
from grading.tasks import analyze_recording
from tests.conftest import api_client_for
from tests.grading.takes import score_take
from tutor.models import User

pytestmark = pytest.mark.django_db

D = 2  # pitch class
CHINESE = {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
# A flat D said in its bar, or (sung flat in bar after bar) once for them all: "5 was flat 7 times in bars 1-4".
FLAT = re.compile(r"(?:bar \d+: )?(?P<note>\S+) was (?:45 cents flat(?: ×\d+)?|flat \d+ times in bars \d+-\d+ "
                  r"\([\d-]+ cents\))(?:; .+)?")
FLAT_ZH = re.compile(r"第[\d-]+小节：(?P<note>\S+) (?:偏低 45 音分(?: ×\d+)?|偏低了 \d+ 次（[\d-]+ 音分）)(?:；.+)?")


def _jianpu_numbers_of_d(musicxml: str) -> set[str]:
    """The numbers the drill page's 简谱 writes for its D notes (octave dots left out)."""
    notes, key, meter, pickup = jianpu_from_musicxml(musicxml)
    glyphs = [g for g in layout(notes, key=key, meter=meter, pickup=pickup) if g.kind == "note"]
    sounding = [n for n in notes if n.midi is not None]
    return {g.accidental + g.text for g, n in zip(glyphs, sounding, strict=True) if n.midi is not None and n.midi % 12 == D}


def _graded(student: User, exercise: Exercise, tmp_path: Path) -> Recording:
    """A take with every D sung 45 cents flat, graded by the real analysis task."""
    take = score_take(Path(exercise.score.path), tmp_path / "take.wav", cents_by_pitch_class={D: -45.0})
    recording = recording_submit(student=student, audio=SimpleUploadedFile("take.wav", take.read_bytes()),
                                 exercise=exercise)
    analyze_recording.apply(args=(recording.pk,))
    recording.refresh_from_db()
    assert recording.status == "done", recording.error
    return recording


def _said(student: User, recording: Recording, style: str, headers: dict[str, str], pattern: re.Pattern[str]) -> set[str]:
    """How the take's feedback names the flat D notes, read on the API and on the take page."""
    student.note_names = style
    student.save(update_fields=["note_names"])
    lines = api_client_for(student).get(f"/api/recordings/{recording.pk}/", **headers).json()["feedback"]  # type: ignore[arg-type]
    names = {m["note"].rstrip("\u0307\u0323") for m in map(pattern.fullmatch, lines) if m}
    assert names, lines
    browser = Client()
    browser.force_login(student)
    page = browser.get(reverse("recording-detail", args=[recording.pk]), **headers).content.decode()  # type: ignore[arg-type]
    for line in lines:
        assert line in page
    return names


@pytest.mark.parametrize(("mode", "number", "syllable"), [("zhi", "5", "sol"), ("dorian", "2", "re")])
@pytest.mark.parametrize("saved_as", ["drill", "upload"])
def test_a_modal_drills_feedback_counts_from_its_do(
    student: User, tmp_path: Path, mode: str, number: str, syllable: str, saved_as: str
) -> None:
    drill = drill_create(owner=student, params={"key": "D", "mode": mode, "level": 2, "bars": 4, "tempo": 80,
                                                "seed": 3})
    assert drill.exercise is not None
    musicxml = Path(drill.exercise.score.path).read_text()
    assert _jianpu_numbers_of_d(musicxml) == {number}  # what the drill page draws
    exercise = drill.exercise
    if saved_as == "upload":  # the same score as a student or teacher saves it: no drill behind it
        exercise = Exercise(owner=student, title=f"D {mode}", tempo=80)
        exercise.score.save("d.musicxml", ContentFile(musicxml.encode()), save=False)
        exercise.save()
    recording = _graded(student, exercise, tmp_path)
    assert _said(student, recording, "numbers", ENGLISH, FLAT) == {number}
    assert _said(student, recording, "syllables", ENGLISH, FLAT) == {syllable}
    assert _said(student, recording, "numbers", CHINESE, FLAT_ZH) == {number}
    assert _said(student, recording, "syllables", CHINESE, FLAT_ZH) == {syllable}


def test_a_teachers_take_is_named_in_movable_do_too(teacher: User, tmp_path: Path) -> None:
    # A teacher trying the drill leaves no skill evidence, but still reads the numbers they chose.
    drill = drill_create(owner=teacher, params={"key": "D", "mode": "zhi", "level": 2, "bars": 4, "tempo": 80,
                                                "seed": 3})
    assert drill.exercise is not None
    recording = _graded(teacher, drill.exercise, tmp_path)
    assert _said(teacher, recording, "numbers", CHINESE, FLAT_ZH) == {"5"}
