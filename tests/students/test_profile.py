"""The loop: graded notes become evidence, evidence becomes weak spots, weak spots become drills."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from generation.models import Drill
from generation.services import drill_create
from grading.models import Exercise, NoteResult, Recording
from grading.services import recording_analyze, recording_submit
from grading.tasks import analyze_recording
from students.progress import practice_setting_for, weak_spots_for
from students.services import drill_for_student
from tests.conftest import api_client_for, logged_in, make_assignment, make_user
from tests.grading.takes import score_take, twinkle_take
from tests.tutor.loop import CLASS_DRILL, F_SHARP, class_drill, sing
from tutor.models import Assignment, Classroom, Enrollment, SkillEvidence, User
from tutor.services import evidence_record

pytestmark = pytest.mark.django_db

def test_every_graded_note_leaves_evidence_with_a_readable_detail(
    teacher: User, student: User, classroom: Classroom, tmp_path: Path
) -> None:
    assignment = class_drill(teacher, classroom)
    recording = sing(student, assignment, tmp_path, cents_by_pitch_class={F_SHARP: -40})
    rows = SkillEvidence.objects.filter(student=student, source="note")
    note_ids = set(recording.notes.values_list("pk", flat=True))
    assert set(rows.values_list("source_id", flat=True)) == note_ids
    f_sharps = rows.filter(tag="pc:F#@G")
    assert f_sharps.exists() and not f_sharps.filter(correct=True).exists()
    assert all(d.endswith("cents flat") and d.startswith("F♯") for d in f_sharps.values_list("detail", flat=True))
    assert rows.filter(tag="pc:G@G", correct=True).exists()
    assert rows.filter(tag="rhy:after-rest", correct=True).exists()
    assert rows.filter(tag__startswith="int:").exists()


def test_a_regraded_take_does_not_count_twice(teacher: User, student: User, classroom: Classroom,
                                              tmp_path: Path) -> None:
    recording = sing(student, class_drill(teacher, classroom), tmp_path, cents_by_pitch_class={F_SHARP: -40})
    before = sorted(SkillEvidence.objects.filter(student=student).values_list("tag", "correct", "detail"))
    recording_analyze(recording=recording)  # what a redelivered message does
    after = sorted(SkillEvidence.objects.filter(student=student).values_list("tag", "correct", "detail"))
    assert after == before
    assert not SkillEvidence.objects.filter(source="note").exclude(
        source_id__in=NoteResult.objects.values("pk")).exists()


def test_weak_spots_name_the_note_the_key_and_the_count(teacher: User, student: User, classroom: Classroom,
                                                         tmp_path: Path) -> None:
    assignment = class_drill(teacher, classroom)
    for _ in range(2):
        sing(student, assignment, tmp_path, cents_by_pitch_class={F_SHARP: -40})
    spots = weak_spots_for(student=student)
    assert [s.tag for s in spots] == ["pc:F#@G"]
    assert spots[0].summary.startswith("F♯4 in G major: flat in ")
    # The intervals into and out of the flat F# are the F# again: they are not charged, so nothing is left to fold in.
    assert not SkillEvidence.objects.filter(student=student, tag__startswith="int:", correct=False).exists()
    assert spots[0].related == []


def seed_weak_spots(student: User, items: dict[str, str], *, times: int = 6) -> None:
    """Evidence straight into the profile (fast): each tag wrong ``times`` times with a detail, as sung notes say it
    (a quiz answer's detail names its question type and says no slip)."""
    for k, (tag, detail) in enumerate(items.items()):
        for n in range(times):
            evidence_record(student=student, source="note", source_id=10_000 * (k + 1) + n, items=[(tag, False, detail)])


def test_practise_my_weak_spots_aims_the_drill_at_them_in_the_students_range(student: User) -> None:
    student.range_low_midi, student.range_high_midi = 55, 74
    student.save()
    seed_weak_spots(student, {"pc:F#@G": "F#4 40 cents flat", "rhy:after-rest": "A4 after a rest: 240 ms late"})
    response = api_client_for(student).post("/api/drills/weak-spots/", {}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["purpose"] == "weak-spots" and body["student"] == student.pk
    assert set(body["targets"]) == {"pc:F#@G", "rhy:after-rest"}
    assert {"pc:F#@G", "rhy:after-rest"} <= set(body["tags"])
    assert body["params"]["key"] == "G" and body["params"]["target_notes"] == ["F#"] and body["params"]["rests"] == 2
    drill = Drill.objects.get(pk=body["id"])
    from grading.analysis import load_target

    target = load_target(drill.exercise.score.path)
    assert all(55 <= n.midi <= 74 for n in target.notes)
    assert any(n.follows_rest for n in target.notes)


def test_a_teacher_cannot_make_a_weak_spot_drill_for_themselves(teacher: User) -> None:
    assert api_client_for(teacher).post("/api/drills/weak-spots/", {}, format="json").status_code == 403


def test_level_and_tempo_rise_after_three_good_takes_and_fall_after_a_collapse(student: User) -> None:
    seed_weak_spots(student, {"pc:F#@G": "F#4 40 cents flat"})

    def takes_of_a_new_drill(*scores: float) -> Drill:
        drill = drill_for_student(student=student, seed=1)
        for score in scores:
            Recording.objects.create(owner=student, exercise=drill.exercise, status="done", score_percent=score, audio="x.wav")
        return drill

    first = takes_of_a_new_drill(90, 88)
    assert (first.params["level"], first.params["tempo"]) == (2, 80)
    assert practice_setting_for(student=student).change == "hold"
    takes_of_a_new_drill(95)  # three takes at level 2, 80 BPM averaging 91 %
    setting = practice_setting_for(student=student)
    assert (setting.level, setting.tempo, setting.change) == (2, 88, "rise")
    faster = takes_of_a_new_drill(40, 35)
    assert faster.params["tempo"] == 88
    setting = practice_setting_for(student=student)
    assert (setting.level, setting.change) == (1, "fall")


def test_the_loop_two_students_get_drills_aimed_at_their_own_errors(
    teacher: User, student: User, other_student: User, classroom: Classroom, tmp_path: Path
) -> None:
    Enrollment.objects.create(classroom=classroom, student=other_student)
    assignment = class_drill(teacher, classroom)
    for _ in range(2):
        sing(student, assignment, tmp_path, cents_by_pitch_class={F_SHARP: -40})
        sing(other_student, assignment, tmp_path, late_after_rest_seconds=0.25)
    response = api_client_for(teacher).post(f"/api/classrooms/{classroom.pk}/drill-assignments/", {
        "personalised": True, "title": "Weak spots", "due_at": "2030-01-01T12:00:00Z", "attempts_allowed": 3,
        "tolerance_cents": 20, "wrong_cents": 45, "tolerance_ms": 80,
    }, format="json")
    assert response.status_code == 201, response.json()
    made = {a["student"]: a for a in response.json()}
    assert set(made) == {student.pk, other_student.pk}
    drills = {pk: Drill.objects.get(exercise_id=a["target"]) for pk, a in made.items()}
    assert drills[student.pk].targets[0] == "pc:F#@G" and "pc:F#@G" in drills[student.pk].tags
    assert "rhy:after-rest" not in drills[student.pk].targets
    assert drills[other_student.pk].targets == ["rhy:after-rest"] and "rhy:after-rest" in drills[other_student.pk].tags
    assert drills[student.pk].notes != drills[other_student.pk].notes
    assert made[student.pk]["tolerance_cents"] == 20 and made[student.pk]["attempts_allowed"] == 3
    # Each student sees their own personalised assignment, not the other's.
    mine = Assignment.objects.visible_to(student)
    assert mine.filter(pk=made[student.pk]["id"]).exists() and not mine.filter(pk=made[other_student.pk]["id"]).exists()
    # And a take of the personalised drill is graded like any other, into the gradebook.
    personal = Assignment.objects.get(pk=made[student.pk]["id"])
    recording = sing(student, personal, tmp_path, cents_by_pitch_class={F_SHARP: -40})
    assert recording.options["tolerance_cents"] == 20 and recording.score_percent is not None



def test_a_student_sees_their_own_progress_and_nobody_elses(student: User, other_student: User,
                                                            classroom: Classroom) -> None:
    seed_weak_spots(student, {"pc:F#@G": "F#4 40 cents flat"})
    page = logged_in(student).get(f"/students/{student.pk}/progress/")
    assert page.status_code == 200
    assert b"F#4 in G major: flat in 6 of the last 6" in page.content and b"<svg" in page.content
    assert logged_in(other_student).get(f"/students/{student.pk}/progress/").status_code == 404
    assert logged_in(student).get(f"/students/{other_student.pk}/progress/").status_code == 404
    assert api_client_for(other_student).get(f"/api/students/{student.pk}/profile/").status_code == 404
    body = api_client_for(student).get(f"/api/students/{student.pk}/profile/").json()
    assert body["weak_spots"][0]["summary"] == "F#4 in G major: flat in 6 of the last 6"


def test_only_the_students_own_teachers_see_the_profile(teacher: User, other_teacher: User, student: User,
                                                        classroom: Classroom) -> None:
    assert logged_in(teacher).get(f"/students/{student.pk}/progress/").status_code == 200
    assert api_client_for(teacher).get(f"/api/students/{student.pk}/profile/").status_code == 200
    assert logged_in(other_teacher).get(f"/students/{student.pk}/progress/").status_code == 404
    assert api_client_for(other_teacher).get(f"/api/students/{student.pk}/profile/").status_code == 404
    assert logged_in(teacher).get(f"/students/{teacher.pk}/progress/").status_code == 404


def test_another_teacher_cannot_assign_drills_to_the_class(other_teacher: User, classroom: Classroom) -> None:
    response = api_client_for(other_teacher).post(f"/api/classrooms/{classroom.pk}/drill-assignments/",
                                                  {"personalised": True}, format="json")
    assert response.status_code == 404


def test_the_student_dashboard_shows_the_plan_the_streak_and_what_is_due(
    teacher: User, student: User, classroom: Classroom
) -> None:
    seed_weak_spots(student, {"pc:F#@G": "F#4 40 cents flat"})
    drill = drill_create(owner=teacher, params={"key": "C", "level": 1, "seed": 1})
    Assignment.objects.create(classroom=classroom, title="Due soon", target=drill.exercise)
    page = logged_in(student).get("/dashboard/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Today's practice" in text and "Streak" in text and "Due soon" in text
    assert "F#4 in G major: flat in 6 of the last 6" in text
    assert "pc:" not in text.replace('data-tag="pc:', "") and "mastery" not in text  # words, not tags and numbers
    made = logged_in(student).post("/drills/weak-spots/")
    drill = Drill.objects.get(student=student, purpose="weak-spots")
    assert made.status_code == 302 and made["Location"] == f"/exercises/{drill.exercise_id}/studio/"


def test_the_range_test_stores_the_lowest_and_highest_held_notes(student: User, tmp_path: Path) -> None:
    from grading.models import RangeTest
    from grading.services import range_test_submit
    from grading.tasks import measure_range
    from tests.grading.analysis.synth import Played, render, write_wav

    scale = [Played(midi, 0.3 + k * 0.6, 0.5) for k, midi in enumerate(range(53, 77, 2))]
    path = write_wav(tmp_path / "range.wav", render(scale, total=0.3 + len(scale) * 0.6 + 0.5))
    test = range_test_submit(student=student, audio=SimpleUploadedFile("range.wav", path.read_bytes()))
    measure_range.apply(args=[test.pk])
    test = RangeTest.objects.get(pk=test.pk)
    student.refresh_from_db()
    assert test.status == "done", test.error
    assert (test.low_midi, test.high_midi) == (53, 75) and student.voice_range == (53, 75)


def test_a_teacher_trying_an_exercise_leaves_no_evidence(teacher: User, classroom: Classroom, tmp_path: Path) -> None:
    drill = drill_create(owner=teacher, params=CLASS_DRILL)
    path = score_take(Path(drill.exercise.score.path), tmp_path / "t.wav")
    recording = recording_submit(student=teacher, audio=SimpleUploadedFile("t.wav", path.read_bytes()),
                                 exercise=drill.exercise)
    analyze_recording.apply(args=[recording.pk])
    assert not SkillEvidence.objects.exists()


def test_a_student_with_no_evidence_gets_a_plain_drill(db: None) -> None:
    newcomer = make_user("nina", User.Role.STUDENT)
    drill = drill_for_student(student=newcomer, seed=3)
    assert drill.targets == [] and drill.params["level"] == 2 and drill.params["key"] == "C"


def test_a_weak_spot_drill_with_no_weak_spots_yet_says_what_it_is(student: User) -> None:
    page = logged_in(student).post("/drills/weak-spots/", follow=True).content.decode()
    # It said "A drill aimed at your weak spots: none yet.", as if nothing had been made.
    assert "No weak spots found yet, so this drill is at your level" in page and "none yet" not in page


def test_the_progress_chart_dates_a_chinese_page_in_chinese(student: User, exercise: Exercise) -> None:
    Recording.objects.create(owner=student, exercise=exercise, status="done", score_percent=80.0)
    page = logged_in(student).get(f"/students/{student.pk}/progress/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    chart = page.split('class="chart"', 1)[1].split("</svg>", 1)[0]
    # The axis said "24 Nov" on the Chinese page.
    assert re.search(r">\d+月\d+日</text>", chart) and not re.search(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec", chart)


def test_the_dashboard_calls_open_work_still_to_do_not_a_deadline(student: User) -> None:
    page = logged_in(student).get("/dashboard/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    # The heading over open work said "截止时间" (deadline), over work with no deadline.
    assert "<h2>待完成</h2>" in page and "<h2>截止时间</h2>" not in page


def test_the_progress_page_says_nothing_is_empty_under_a_chart_with_points(student: User, exercise: Exercise) -> None:
    Recording.objects.create(owner=student, exercise=exercise, status="done", score_percent=80.0)
    page = logged_in(student).get(f"/students/{student.pk}/progress/").content.decode()
    # Main drew the weak-spot chart with no points: "Nothing to show yet", right under the score's points.
    assert "Nothing to show yet" not in page and 'id="weak-spot-chart"' not in page
    assert "<circle" in page.split('id="score-chart"', 1)[1].split("</figure>", 1)[0]
    for answer in range(1, 6):
        evidence_record(student=student, source="quiz", source_id=answer, items=[("pc:F#@G", False, "")])
    page = logged_in(student).get(f"/students/{student.pk}/progress/").content.decode()
    assert "<circle" in page.split('id="weak-spot-chart"', 1)[1].split("</figure>", 1)[0]


def test_an_empty_score_chart_says_what_is_missing(student: User) -> None:
    page = logged_in(student).get(f"/students/{student.pk}/progress/").content.decode()
    assert "No graded takes to chart yet" in page and "Nothing to show yet" not in page


def test_a_b_flat_in_c_major_is_a_b_flat_on_the_take_page_and_in_the_profile(
    teacher: User, student: User, classroom: Classroom, tmp_path: Path
) -> None:
    # Main's profile spelled the score's B flat by the key: "A♯4 in C major" (pc:A#@C), the interval B flat
    # to A an augmented unison; the take page's table named it by MIDI number only.
    import music21

    from tests.conftest import exercise_from_music21, make_assignment
    from tests.tutor.loop import sing

    part = music21.stream.Part([music21.key.Key("C"), music21.meter.TimeSignature("4/4")])
    for name in ["C4", "E4", "G4", "C5", "B-4", "A4", "G4", "C5"] * 2:
        part.append(music21.note.Note(name, quarterLength=1))
    exercise = exercise_from_music21(teacher, music21.stream.Score([part]), tmp_path, title="Flat seven", tempo=90)
    # The A after it as flat as the B flat: the falling minor second between them is sung in tune, so it is tagged
    # (an interval off only because one of its notes is off is that note's slip and leaves no interval evidence).
    # Two takes: four flat B flats make a weak spot (two were too few; main listed the interval B♭4 to A4 instead).
    assignment = make_assignment(classroom, exercise)
    for _ in range(2):
        recording = sing(student, assignment, tmp_path, cents_by_pitch_class={10: -40, 9: -40})
    tags = set(SkillEvidence.objects.filter(student=student).values_list("tag", flat=True))
    assert "pc:Bb@C" in tags and "pc:A#@C" not in tags and "int:-m2" in tags
    page = logged_in(student).get(f"/takes/{recording.pk}/").content.decode()
    assert "<td>B♭4" in page and "A♯4" not in page and "A#4" not in page
    progress = logged_in(student).get(f"/students/{student.pk}/progress/").content.decode()
    assert "B♭4" in progress and "A♯4" not in progress


def test_a_wrong_note_and_a_flat_note_in_twinkle_are_the_weak_spots_not_the_falling_second_around_them(
    teacher: User, student: User, classroom: Classroom, exercise: Exercise, tmp_path: Path
) -> None:
    # The walk: the second E of "F F E E D D C" sung as D4 and the first F 40 cents flat, three takes. Main charged
    # "E4 to D4 200 cents narrow" and "G4 to F4 40 cents wide" to the falling major second as well, which then
    # topped the list ("falling major second: narrow in 5 of the last 10") and the drill drilled it.
    assignment = make_assignment(classroom, exercise)
    for take in range(3):
        audio = twinkle_take(tmp_path / f"take-{take}.wav", cents={10: -200, 7: -40})
        recording = recording_submit(student=student, assignment=assignment,
                                     audio=SimpleUploadedFile("take.wav", audio.read_bytes(), content_type="audio/wav"))
        analyze_recording.apply(args=[recording.pk])
    charged = set(SkillEvidence.objects.filter(student=student, correct=False).values_list("tag", "detail"))
    assert charged == {("pc:E@C", "E4: sang D4 instead"), ("pc:F@C", "F4 40 cents flat")}
    assert SkillEvidence.objects.filter(student=student, tag="int:-M2", correct=True).exists()  # A to G, D to C
    pages = {}
    for language in ("en", "zh-hans"):
        student.language = language
        student.save(update_fields=["language"])
        with translation.override(language):
            pages[language] = logged_in(student).get(f"/students/{student.pk}/progress/").content.decode()
    for html in pages.values():
        assert re.findall(r'<li data-tag="([^"]+)">', html) == ["pc:F@C", "pc:E@C"]
    assert "E4 in C major: a wrong note in 3 of the last 6" in pages["en"] and "falling major second" not in pages["en"]
    assert "C大调中的 E4：最近 6 次中有 3 次唱错音" in pages["zh-hans"] and "下行大二度" not in pages["zh-hans"]
    drill = drill_for_student(student=student, seed=5)
    assert set(drill.targets) == {"pc:F@C", "pc:E@C"} and drill.params["target_intervals"] == []
    assert drill.params["key"] == "C" and set(drill.params["target_notes"]) == {"E", "F"}
