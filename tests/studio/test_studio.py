"""The practice studio's server side: notation map, practice audio, latency, history, drills from mistakes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from generation.models import Drill
from generation.services import drill_params_for_mistakes
from grading.models import Exercise, Recording
from grading.tasks import analyze_recording
from studio.audio import exercise_audio
from studio.engrave import key_fifths
from studio.notation import exercise_notation
from studio.tasks import render_exercise_audio
from tests.conftest import api_client_for, exercise_from_music21, make_exercise
from tests.grading.takes import TWINKLE, twinkle_take
from tutor.models import Assignment, User

pytestmark = pytest.mark.django_db


def browser_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def graded_take(student: User, assignment: Assignment, take: Path, **fields: object) -> int:
    with mock.patch("grading.tasks.analyze_recording.apply_async"):
        response = api_client_for(student).post(
            "/api/recordings/",
            {"audio": SimpleUploadedFile(take.name, take.read_bytes()), "assignment": assignment.pk, **fields},
            format="multipart",
        )
    assert response.status_code == 202, response.json()
    recording_id = int(response.json()["id"])
    analyze_recording.apply(args=[recording_id])
    return recording_id


def svg_note_midis(exercise: Exercise, notation: dict) -> list[int]:
    """The sounding pitch Verovio gives each mapped SVG note (written pitch minus the transposition)."""
    from generation.render.svg import DRILL_OPTIONS, verovio_toolkit

    toolkit = verovio_toolkit(
        {**DRILL_OPTIONS, "xmlIdSeed": 1, **({"transpose": f"{notation['transpose']:+d}"} if notation["transpose"] else {})}
    )
    toolkit.loadData(Path(exercise.score.path).read_text())
    toolkit.renderToSVG(1)
    toolkit.renderToTimemap()
    return [int(toolkit.getMIDIValuesForElement(i)["pitch"]) - notation["transpose"] for i in notation["note_ids"]]


def test_the_notation_maps_every_target_note_to_its_svg_note(exercise: Exercise) -> None:
    notation = exercise_notation(exercise=exercise)
    ids = notation["note_ids"]
    assert len(ids) == len(TWINKLE) and None not in ids and len(set(ids)) == len(ids)
    assert all(f'id="{i}"' in notation["svg"] for i in ids)
    assert svg_note_midis(exercise, notation) == [midi for midi, _ in TWINKLE]
    assert notation["meter"] == [4, 4] and notation["bars"] == pytest.approx([0, 8 / 3, 16 / 3, 8], abs=1e-3)
    assert [n["bar"] for n in notation["notes"]][:8] == [1, 1, 1, 1, 2, 2, 2, 3]
    assert notation["fifths"] == 0  # C major: the live pitch line names its rows with sharps


def test_the_key_signature_decides_how_the_live_pitch_rows_are_spelled() -> None:
    assert key_fifths("<key><fifths>-3</fifths></key>") == -3
    assert key_fifths("<key><fifths> 2 </fifths></key><key><fifths>-1</fifths></key>") == 2  # the first one
    assert key_fifths("<key><fifths>9</fifths></key>") == 0 and key_fifths("<note/>") == 0


def test_a_transposed_notation_keeps_the_map(exercise: Exercise) -> None:
    notation = exercise_notation(exercise=exercise, transpose=-3)
    assert notation["transpose"] == -3 and None not in notation["note_ids"]
    assert svg_note_midis(exercise, notation) == [midi for midi, _ in TWINKLE]


def test_an_uploaded_score_maps_the_top_line_of_the_first_part(teacher: User, tmp_path: Path) -> None:
    import music21

    upper, lower = music21.stream.Part(), music21.stream.Part()
    for part in (upper, lower):
        part.append(music21.meter.TimeSignature("3/4"))
    upper.append([music21.note.Note("E4"), music21.chord.Chord(["C4", "G4"]), music21.note.Note("A4", quarterLength=1),
                  music21.note.Rest(), music21.note.Note("B4", quarterLength=2)])
    lower.append([music21.note.Note("C3", quarterLength=3), music21.note.Note("G2", quarterLength=3)])
    exercise = exercise_from_music21(teacher, music21.stream.Score([upper, lower]), tmp_path, title="Two parts", tempo=100)
    notation = exercise_notation(exercise=exercise)
    assert [n["midi"] for n in notation["notes"]] == [64, 67, 69, 71]
    assert svg_note_midis(exercise, notation) == [64, 67, 69, 71]


def test_the_notation_api_refuses_a_transposition_past_a_major_ninth(student: User, assignment: Assignment) -> None:
    response = api_client_for(student).get(f"/api/exercises/{assignment.target_id}/notation/?transpose=15")
    assert response.status_code == 400 and "transpose" in response.json()["error"]["fields"]
    ok = api_client_for(student).get(f"/api/exercises/{assignment.target_id}/notation/?transpose=2")
    assert ok.status_code == 200 and ok.json()["transpose"] == 2


def test_a_tenor_saxophone_reads_its_part_a_major_ninth_up(student: User, assignment: Assignment) -> None:
    # Up a major 2nd only (the B-flat clarinet's and trumpet's part) would put it an octave too low.
    from studio.views import TRANSPOSITIONS

    assert [(n, s) for label, n, s in TRANSPOSITIONS if "tenor saxophone" in str(label)] == [(14, 0)]
    response = api_client_for(student).get(f"/api/exercises/{assignment.target_id}/notation/?transpose=14")
    assert response.status_code == 200 and response.json()["transpose"] == 14


def test_the_studio_pages_open_for_the_student_and_are_404_for_an_outsider(
    student: User, other_student: User, assignment: Assignment
) -> None:
    page = browser_for(student).get(f"/assignments/{assignment.pk}/studio/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="studio-config"' in html and "<svg" in html and "Check microphone" in html
    assert browser_for(student).get(f"/exercises/{assignment.target_id}/studio/").status_code == 200
    assert browser_for(other_student).get(f"/assignments/{assignment.pk}/studio/").status_code == 404
    assert browser_for(other_student).get(f"/exercises/{assignment.target_id}/studio/").status_code == 404
    assert api_client_for(other_student).get(f"/api/exercises/{assignment.target_id}/notation/").status_code == 404
    assert "Practise it in the studio" in browser_for(student).get(f"/assignments/{assignment.pk}/").content.decode()


def test_the_practice_audio_is_queued_once_and_then_served(student: User, assignment: Assignment) -> None:
    exercise = Exercise.objects.get(pk=assignment.target_id)
    with mock.patch("studio.tasks.render_exercise_audio.apply_async") as delay, \
            mock.patch("django.db.transaction.on_commit", side_effect=lambda f: f()):
        first = api_client_for(student).get(f"/api/exercises/{exercise.pk}/audio/").json()
        second = api_client_for(student).get(f"/api/exercises/{exercise.pk}/audio/").json()
    assert first == second == {"status": "rendering"}
    delay.assert_called_once_with((exercise.pk,))
    assert browser_for(student).get(f"/exercises/{exercise.pk}/studio/audio/melody/").status_code == 404
    if shutil.which("fluidsynth") is None or not Path("/usr/share/sounds/sf2/FluidR3_GM.sf2").exists():
        pytest.skip("fluidsynth and the GM soundfont are needed to render")
    render_exercise_audio.apply(args=[exercise.pk])
    render_exercise_audio.apply(args=[exercise.pk])  # a second delivery does nothing
    ready = api_client_for(student).get(f"/api/exercises/{exercise.pk}/audio/").json()
    assert ready["status"] == "ready" and ready["parts"] == ["backing", "melody"]
    response = browser_for(student).get(f"/exercises/{exercise.pk}/studio/audio/melody/")
    assert response.status_code == 200 and response["Content-Type"] == "audio/wav"
    assert b"".join(response.streaming_content)[:4] == b"RIFF"  # type: ignore[attr-defined]
    seek = browser_for(student).get(f"/exercises/{exercise.pk}/studio/audio/melody/", headers={"Range": "bytes=8-11"})
    assert seek.status_code == 206 and b"".join(seek.streaming_content) == b"WAVE"  # type: ignore[attr-defined]


def test_a_failed_audio_render_is_reported_not_retried_at_once(student: User, assignment: Assignment) -> None:
    exercise = Exercise.objects.get(pk=assignment.target_id)
    with mock.patch("studio.audio.render_drill", side_effect=RuntimeError("no soundfont here")):
        render_exercise_audio.apply(args=[exercise.pk])
    with mock.patch("studio.tasks.render_exercise_audio.apply_async") as delay:
        state = exercise_audio(exercise=exercise)
    assert state["status"] == "failed" and "no soundfont here" in state["error"]
    delay.assert_not_called()


def test_a_take_keeps_its_latency_and_reports_its_entry(
    student: User, assignment: Assignment, tmp_path: Path
) -> None:
    recording_id = graded_take(student, assignment, twinkle_take(tmp_path / "t.wav"), latency_ms=120, count_in_ms=600)
    assert Recording.objects.get(pk=recording_id).options["latency_ms"] == 120
    body = api_client_for(student).get(f"/api/recordings/{recording_id}/").json()
    timing = body["timing"]
    assert timing["latency_ms"] == 120 and timing["count_in_ms"] == 600
    # The take's first note is at 0.8 s in the file: 800 - 120 - 600 ms after the count-in's beat.
    assert timing["entry_ms"] == pytest.approx(80, abs=40)


@pytest.mark.parametrize("latency", ["-5", "5000", "soon"])
def test_a_latency_outside_the_sane_range_is_refused(
    student: User, assignment: Assignment, tmp_path: Path, latency: str
) -> None:
    take = twinkle_take(tmp_path / "t.wav")
    response = api_client_for(student).post(
        "/api/recordings/",
        {"audio": SimpleUploadedFile("t.wav", take.read_bytes()), "assignment": assignment.pk, "latency_ms": latency},
        format="multipart",
    )
    assert response.status_code == 400 and "latency_ms" in response.json()["error"]["fields"]
    assert not Recording.objects.exists()


def test_the_history_lists_only_the_students_own_takes(
    student: User, other_student: User, assignment: Assignment, tmp_path: Path
) -> None:
    recording_id = graded_take(student, assignment, twinkle_take(tmp_path / "t.wav"))
    mine = api_client_for(student).get(f"/api/exercises/{assignment.target_id}/takes/").json()
    assert [t["id"] for t in mine] == [recording_id] and mine[0]["score"] > 90
    assert api_client_for(other_student).get(f"/api/exercises/{assignment.target_id}/takes/").status_code == 404
    assert browser_for(other_student).get(f"/takes/{recording_id}/").status_code == 404
    assert browser_for(other_student).get(f"/takes/{recording_id}/audio/").status_code == 404


def test_drill_my_mistakes_aims_at_the_notes_that_went_wrong(
    student: User, other_student: User, assignment: Assignment, tmp_path: Path
) -> None:
    recording_id = graded_take(student, assignment, twinkle_take(tmp_path / "t.wav", cents={2: -40}, missing={9}))
    recording = Recording.objects.get(pk=recording_id)
    params = drill_params_for_mistakes(recording=recording)
    assert params["key"] == "C" and params["mode"] == "major"
    assert params["target_notes"] == ["G4", "E4"]
    assert params["target_intervals"] == ["+P5", "-m2"]
    assert api_client_for(other_student).post(f"/api/recordings/{recording_id}/drill/").status_code == 404
    response = api_client_for(student).post(f"/api/recordings/{recording_id}/drill/")
    assert response.status_code == 201, response.json()
    drill = Drill.objects.get(pk=response.json()["drill"])
    assert drill.owner == student and drill.params["key"] == "C"
    assert set(drill.params["target_notes"]) == {"G4", "E4"}
    assert response.json()["studio_url"] == f"/exercises/{drill.exercise_id}/studio/"
    names = {name for name, _ in drill.notes}
    assert {"G4", "E4"} <= names


def test_drill_my_mistakes_on_a_clean_take_says_there_is_nothing_to_drill(
    student: User, assignment: Assignment, tmp_path: Path
) -> None:
    recording_id = graded_take(student, assignment, twinkle_take(tmp_path / "t.wav"))
    response = api_client_for(student).post(f"/api/recordings/{recording_id}/drill/")
    assert response.status_code == 400 and "nothing to drill" in response.json()["error"]["message"]
    page = browser_for(student).post(f"/takes/{recording_id}/drill/", follow=True)
    assert page.status_code == 200 and "nothing to drill" in page.content.decode()


def test_the_take_page_works_for_a_failed_take(student: User, teacher: User, tmp_path: Path) -> None:
    exercise = make_exercise(teacher, "Other")
    recording = Recording.objects.create(owner=student, exercise=exercise, status="failed", error="No notes heard.",
                                         audio="recordings/x.wav")
    with mock.patch("studio.views.exercise_audio", return_value={"status": "rendering"}):
        page = browser_for(student).get(f"/takes/{recording.pk}/")
    # The reason follows a colon: in lower case, as the rest of the sentence.
    assert page.status_code == 200 and "We could not grade this take: no notes heard." in page.content.decode()


def test_the_class_teacher_goes_on_from_a_take_to_the_students_progress_and_the_gradebook(
    student: User, teacher: User, assignment: Assignment
) -> None:
    recording = Recording.objects.create(owner=student, exercise=assignment.target, assignment=assignment,
                                         status="failed", error="No notes heard.", audio="recordings/x.wav")
    with mock.patch("studio.views.exercise_audio", return_value={"status": "rendering"}):
        teachers = browser_for(teacher).get(f"/takes/{recording.pk}/").content.decode()
        students = browser_for(student).get(f"/takes/{recording.pk}/").content.decode()
    classroom = assignment.classroom_id
    for link in (f"/students/{student.pk}/progress/", f"/classes/{classroom}/gradebook/",
                 f"/classes/{classroom}/review/"):
        assert f'href="{link}"' in teachers and link not in students, link


def test_a_score_that_cannot_be_drawn_still_gives_a_working_studio(teacher: User) -> None:
    exercise = Exercise(owner=teacher, title="Broken")
    exercise.score.save("broken.musicxml", ContentFile(b"<score-partwise><part-list/></score-partwise>"), save=False)
    exercise.save()
    page = browser_for(teacher).get(f"/exercises/{exercise.pk}/studio/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "cannot be shown" in html and 'id="record"' in html
    response = api_client_for(teacher).get(f"/api/exercises/{exercise.pk}/notation/")
    assert response.status_code == 400 and "cannot be shown" in response.json()["error"]["message"]


def test_a_phone_gets_the_score_re_broken_into_shorter_systems_at_the_same_size(
    student: User, assignment: Assignment
) -> None:
    import re

    def systems_and_width(svg: str) -> tuple[int, float]:
        width = float(re.search(r'viewBox="0 0 (\d+)', svg).group(1))  # type: ignore[union-attr]
        return svg.count('class="system"'), width

    client = api_client_for(student)
    wide = client.get(f"/api/exercises/{assignment.target_id}/notation/").json()
    narrow = client.get(f"/api/exercises/{assignment.target_id}/notation/?layout=narrow").json()
    (wide_systems, wide_width), (narrow_systems, narrow_width) = systems_and_width(wide["svg"]), systems_and_width(
        narrow["svg"])
    assert narrow["layout"] == "narrow" and narrow_systems > wide_systems
    assert narrow_width < wide_width / 2  # drawn at a phone's width, so the staff is not scaled down to fit
    assert None not in narrow["note_ids"] and len(narrow["note_ids"]) == len(TWINKLE)
    bad = client.get(f"/api/exercises/{assignment.target_id}/notation/?layout=tiny")
    assert bad.status_code == 400 and "layout" in bad.json()["error"]["fields"]


def test_a_phone_gets_the_jianpu_wrapped_into_short_lines_at_a_readable_size(
    student: User, assignment: Assignment
) -> None:
    import re

    def drawing(html: str, css_class: str) -> tuple[str, float]:
        svg = html.split(f'<div class="{css_class}">', 1)[1].split("</svg>", 1)[0]
        return svg, float(re.search(r'viewBox="0 0 (\d+)', svg).group(1))  # type: ignore[union-attr]

    student.notation = User.Notation.JIANPU
    student.save(update_fields=["notation"])
    html = browser_for(student).get(f"/assignments/{assignment.pk}/studio/").content.decode()
    _, wide_width = drawing(html, "jianpu-wide")
    narrow, narrow_width = drawing(html, "jianpu-narrow")
    # A phone's ~340 px column shows the narrow drawing near its own size (20 px numbers stay 17 px), where
    # the wide line would be shrunk to a third.
    assert narrow_width <= 400 < wide_width
    # Both drawings carry every note's id, so a take's verdict colours reach the one on screen.
    assert narrow.count('class="jp-note') == len(TWINKLE)
    assert all(f'data-note-id="{i}"' in narrow for i in exercise_notation(exercise=Exercise.objects.get(pk=assignment.target_id))["note_ids"])


def test_the_take_page_drills_mistakes_through_the_page_that_opens_the_studio(
    student: User, assignment: Assignment, tmp_path: Path
) -> None:
    recording_id = graded_take(student, assignment, twinkle_take(tmp_path / "t.wav", cents={2: -40}))
    html = browser_for(student).get(f"/takes/{recording_id}/").content.decode()
    assert f'action="/takes/{recording_id}/drill/"' in html and "/api/recordings/" not in html.split("studio-config")[0]
    # "This take's own page" is for the studio; on the take's page it only linked to itself.
    assert 'id="take-link"' not in html
    studio = browser_for(student).get(f"/assignments/{assignment.pk}/studio/").content.decode()
    assert 'id="take-link"' in studio
    # A phone reaches the record button from the top of the studio in one tap.
    assert 'href="#record-heading"' in studio and 'id="record-heading"' in studio
    page = browser_for(student).post(f"/takes/{recording_id}/drill/")
    drill = Drill.objects.get(owner=student)
    assert page.status_code == 302 and page["Location"] == f"/exercises/{drill.exercise_id}/studio/"


def test_the_assignment_page_shows_the_music_and_counts_attempts(student: User, assignment: Assignment) -> None:
    assignment.attempts_allowed = 3
    assignment.save(update_fields=["attempts_allowed"])
    html = browser_for(student).get(f"/assignments/{assignment.pk}/").content.decode()
    assert f'data-notation-url="/api/exercises/{assignment.target_id}/notation/"' in html
    assert "3 (0 used)" in html


def test_the_site_has_an_icon(student: User) -> None:
    html = browser_for(student).get("/dashboard/").content.decode()
    assert 'rel="icon"' in html and "favicon.svg" in html
    response = Client().get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")


def test_a_teacher_opening_a_students_take_reads_whose_take_it_is(student: User, teacher: User,
                                                                   assignment: Assignment) -> None:
    # From the gradebook the take page said "Your take" to the teacher and named no student.
    recording = Recording.objects.create(owner=student, exercise=assignment.target, assignment=assignment,
                                         status="failed", error="No notes heard.", audio="recordings/x.wav")
    with mock.patch("studio.views.exercise_audio", return_value={"status": "rendering"}):
        teachers = browser_for(teacher).get(f"/takes/{recording.pk}/").content.decode()
        students = browser_for(student).get(f"/takes/{recording.pk}/").content.decode()
    assert f"<title>{student.username}'s take" in teachers and "Your take" not in teachers
    assert f"<h1>{student.username}'s take of {assignment.target.title}, " in teachers
    assert "<title>Your take" in students and f"{student.username}'s" not in students
    assert "Your pitch" not in teachers and "The pitch sung (line)" in teachers


def test_an_exercises_jianpu_numbers_a_flat_as_written_even_when_drawn_before(teacher: User, tmp_path: Path) -> None:
    """A B♭ in C major is ♭7 in the studio's 简谱, and a drawing stored before that rule (♯6) is not served."""
    import music21
    from django.core.files.storage import default_storage

    from studio.files import studio_folder
    from studio.notation import exercise_jianpu

    part = music21.stream.Part([music21.key.Key("C"), music21.meter.TimeSignature("4/4")])
    for name in ("C5", "B-4", "A4", "G4"):
        part.append(music21.note.Note(name, quarterLength=1))
    exercise = exercise_from_music21(teacher, music21.stream.Score([part]), tmp_path, title="flat", tempo=90)
    for old in ("jianpu.svg", "jianpu-narrow.svg"):  # as a server before the change stored them
        default_storage.save(f"{studio_folder(exercise)}/{old}", ContentFile(b"<svg>stale</svg>"))
    drawn = exercise_jianpu(exercise=exercise, note_ids=[None] * 4)
    for svg in drawn.values():
        assert "stale" not in svg
        numbers = ["".join(re.findall(r">([^<]+)</text>", g)) for g in re.findall(r'<g class="jp-note"[^>]*>(.*?)</g>', svg)]
        assert numbers == ["1", "♭7", "6", "5"], numbers  # octave dots are circles, not text
