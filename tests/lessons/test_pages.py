"""Lesson, quiz, sitting and practice pages: they work without JavaScript."""

from __future__ import annotations

import re
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command

from lessons import curriculum, services
from lessons.models import Lesson, Quiz, QuizAttempt, ServedQuestion
from lessons.questions import generate
from tests.conftest import logged_in
from tutor.models import Assignment, Classroom, User

pytestmark = pytest.mark.django_db



def test_it_lists_the_units_and_syncs_the_lessons_on_first_use(student: User) -> None:
    assert not Lesson.objects.exists()
    html = logged_in(student).get("/lessons/").content.decode()
    assert all(title in html for title in curriculum.UNITS.values())
    assert Lesson.objects.filter(active=True).count() == len(curriculum.load_lessons())


def test_a_lesson_page_shows_its_examples_as_notation_with_audio(student: User) -> None:
    lesson = curriculum.load_lessons()[0]
    response = logged_in(student).get(f"/lessons/{lesson.slug}/")
    html = response.content.decode()
    assert response.status_code == 200 and lesson.title in html
    assert html.count('<figure class="notation"') == len(lesson.blocks) and "<svg" in html
    assert "<strong>" in html  # the Markdown was rendered
    if services.audio_available():
        assert html.count("<audio") == len(lesson.blocks)
    else:
        assert "Audio is not available" in html
    assert logged_in(student).get("/lessons/no-such-lesson/").status_code == 404


def test_a_chinese_lesson_page_ends_its_sentences_with_a_chinese_full_stop(student: User) -> None:
    lesson = curriculum.load_lessons()[0]
    html = logged_in(student).get(f"/lessons/{lesson.slug}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    # The exercise types' sentence ended in an English full stop: "本课的练习题型：识谱（五线谱）、识音（键盘）."
    sentence = re.search(r"本课的练习题型：[^<]*", html)
    assert sentence and sentence.group(0).endswith("。"), sentence


def test_lesson_audio_is_rendered_once_and_cached(student: User, settings) -> None:  # type: ignore[no-untyped-def]
    lesson = curriculum.load_lessons()[0]
    url = f"/lessons/{lesson.slug}/examples/0/audio/"
    fake = Path(settings.MEDIA_ROOT) / "fake.wav"
    fake.parent.mkdir(parents=True, exist_ok=True)

    def render(spec, path, **kwargs):  # type: ignore[no-untyped-def]
        path.write_bytes(b"RIFF0000WAVE")
        return path

    with mock.patch("lessons.questions.render.render_audio", side_effect=render) as rendered:
        first = logged_in(student).get(url)
        second = logged_in(student).get(url, headers={"Range": "bytes=8-"})
    assert first.status_code == 200 and first["Content-Type"] == "audio/wav" and first["Accept-Ranges"] == "bytes"
    assert second.status_code == 206 and b"".join(second.streaming_content) == b"WAVE"  # type: ignore[attr-defined]
    assert rendered.call_count == 1
    assert len(list((Path(settings.MEDIA_ROOT) / "lesson-audio").glob("*.wav"))) == 1
    assert logged_in(student).get(f"/lessons/{lesson.slug}/examples/99/audio/").status_code == 404


def test_the_sync_command_updates_and_deactivates_rows(db: None) -> None:
    Lesson.objects.create(slug="gone", title="A lesson since removed")
    call_command("sync_lessons")
    assert not Lesson.objects.get(slug="gone").active
    assert Lesson.objects.filter(active=True).count() == len(curriculum.load_lessons())


def test_a_teacher_builds_a_quiz_on_the_builder_page(teacher: User) -> None:
    client = logged_in(teacher)
    page = client.get("/quizzes/new/")
    assert page.status_code == 200 and b"Interval identification" in page.content
    response = client.post("/quizzes/new/", {
        "title": "Clefs", "mode": "test", "time_limit_minutes": "5", "attempts_allowed": "2",
        "note_identify__count": "4", "note_identify__clefs": ["alto", "tenor"], "note_identify__difficulty": "2",
        "note_identify__ledger_lines": "2", "note_identify__accidentals": "single",
        "note_identify__answer_mode": "choice", "interval_identify__count": "0",
    })
    assert response.status_code == 302, response.content.decode()[-2000:]
    quiz = Quiz.objects.get()
    assert quiz.mode == "test" and quiz.time_limit_seconds == 300 and quiz.attempts_allowed == 2
    assert quiz.items == [{"kind": "note_identify", "params": {"clefs": ["alto", "tenor"]}, "count": 4}]
    page = client.get(response["Location"]).content.decode()
    # The limit as the teacher set it: "5 min", not "300 s".
    assert re.search(r"<dt>Time limit</dt><dd>5 min</dd>", page), page
    # Its parameters as the builder labelled them, not "clefs: ['alto', 'tenor']".
    assert "<td>Clefs: alto, tenor</td>" in page
    chinese = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "<dd>5 分钟</dd>" in chinese and "[&#x27;" not in chinese
    assert "<td>谱号：中音谱号、次中音谱号</td>" in chinese
    # A quiz's mode (practice or test) is 模式; 调式 is a musical mode, a key's major or minor.
    assert "<dt>模式</dt>" in chinese and "调式" not in chinese


def test_the_builders_options_read_as_english_words_not_codes(teacher: User) -> None:
    # An English page offered "choice", "note_name", "staff_click", "hdim7" and "perfect-authentic".
    page = logged_in(teacher).get("/quizzes/new/").content.decode()
    for code in ("note_name", "staff_click", "quality_inversion", "hdim7", "perfect-authentic", "harmonic-minor"):
        assert not re.search(rf">\s*{code}\s*<", page), code
    assert "type the note name" in page and "half-diminished seventh" in page and "perfect authentic" in page


def test_the_builder_says_what_is_missing(teacher: User) -> None:
    response = logged_in(teacher).post("/quizzes/new/", {"title": "Empty", "mode": "practice"})
    assert response.status_code == 200 and b"Choose at least one question type" in response.content


def test_students_and_other_teachers_get_404_for_quiz_pages(
    teacher: User, other_teacher: User, student: User
) -> None:
    quiz = services.quiz_create(owner=teacher, title="Mine", items=[{"kind": "note_identify", "count": 1}])
    assert logged_in(student).get("/quizzes/new/").status_code == 404
    assert logged_in(student).get(f"/quizzes/{quiz.pk}/").status_code == 404
    assert logged_in(other_teacher).get(f"/quizzes/{quiz.pk}/").status_code == 404


def test_a_student_takes_an_assigned_test_on_the_pages(teacher: User, student: User, classroom: Classroom) -> None:
    quiz = services.quiz_create(owner=teacher, title="Keys", mode="test", time_limit_seconds=600,
                                items=[{"kind": "note_construct_keyboard", "count": 1},
                                       {"kind": "note_identify", "count": 1}])
    assign = logged_in(teacher).post(f"/quizzes/{quiz.pk}/", {"classroom": classroom.pk, "title": ""})
    assert assign.status_code == 302
    assignment = Assignment.objects.get()
    client = logged_in(student)
    page = client.get(f"/assignments/{assignment.pk}/").content.decode()
    assert "Start or continue" in page
    response = client.post(f"/quizzes/{quiz.pk}/start/", {"assignment": assignment.pk})
    attempt = QuizAttempt.objects.get()
    assert response["Location"] == f"/attempts/{attempt.pk}/"
    html = client.get(response["Location"]).content.decode()
    assert html.count('class="key ') == 37 and 'id="timer"' in html  # a clickable keyboard, C3 to C6
    for n in range(2):
        html = client.get(f"/attempts/{attempt.pk}/").content.decode()
        question_id = int(re.search(r'name="question" value="(\d+)"', html).group(1))  # type: ignore[union-attr]
        served = ServedQuestion.objects.get(pk=question_id)
        answer = generate(served.kind, seed=served.seed, **served.params).answer
        answered = client.post(f"/attempts/{attempt.pk}/answer/", {"question": question_id, "answer": answer})
        if n == 0:
            assert answered["Location"] == f"/attempts/{attempt.pk}/"  # a test gives no feedback on the way
    # The last answer hands the test in: the results, with no box for that one answer above them.
    result = client.get(answered["Location"]).content.decode()
    assert "100%" in result and "2 of 2 right" in result
    assert 'class="card feedback' not in result
    teacher_view = logged_in(teacher).get(f"/assignments/{assignment.pk}/").content.decode()
    assert "sam" in teacher_view and "100%" in teacher_view


def test_practice_pages_give_feedback_after_each_answer(student: User) -> None:
    client = logged_in(student)
    assert client.get("/practice/").status_code == 200
    response = client.post("/practice/", {"unit": "intervals"})
    attempt = QuizAttempt.objects.get()
    assert attempt.mode == "adaptive" and "interval_identify" in attempt.kinds
    html = client.get(response["Location"]).content.decode()
    question_id = int(re.search(r'name="question" value="(\d+)"', html).group(1))  # type: ignore[union-attr]
    served = ServedQuestion.objects.get(pk=question_id)
    answer = generate(served.kind, seed=served.seed, **served.params).answer
    answered = client.post(f"/attempts/{attempt.pk}/answer/", {"question": question_id, "answer": answer})
    assert answered["Location"] == f"/attempts/{attempt.pk}/?answered={question_id}"
    assert "Right." in client.get(answered["Location"]).content.decode()


def test_an_unreadable_answer_on_the_page_is_explained_and_not_counted(student: User) -> None:
    client = logged_in(student)
    client.post("/practice/", {"unit": "reading"})
    attempt = QuizAttempt.objects.get()
    served = services.attempt_next(student=student, attempt=attempt)
    assert served is not None
    response = client.post(f"/attempts/{attempt.pk}/answer/", {"question": served.pk, "answer": "H9"}, follow=True)
    assert response.status_code == 200 and b'class="messages"' in response.content
    served.refresh_from_db()
    assert not served.is_answered


def test_another_student_cannot_see_an_attempt_page(
    teacher: User, student: User, other_student: User, classroom: Classroom
) -> None:
    attempt = services.practice_start(student=student)
    assert logged_in(other_student).get(f"/attempts/{attempt.pk}/").status_code == 404
    assert logged_in(teacher).get(f"/attempts/{attempt.pk}/").status_code == 404  # practice is private


def test_question_audio_is_served_by_question_under_a_name_that_tells_nothing(
    student: User, other_student: User
) -> None:
    from tests.conftest import api_client_for

    attempt = services.practice_start(student=student, kinds=["ear_interval"])
    served = services.attempt_next(student=student, attempt=attempt)
    assert served is not None

    def render(spec, path, **kwargs):  # type: ignore[no-untyped-def]
        path.write_bytes(b"RIFF0000WAVE")
        return path

    with mock.patch("lessons.questions.render.render_audio", side_effect=render):
        response = api_client_for(student).get(f"/api/questions/{served.pk}/audio/")
        page = logged_in(student).get(f"/questions/{served.pk}/audio/")
        seek = logged_in(student).get(f"/questions/{served.pk}/audio/", headers={"Range": "bytes=-4"})
        past_end = api_client_for(student).get(f"/api/questions/{served.pk}/audio/", headers={"Range": "bytes=99-"})
        stranger = logged_in(other_student).get(f"/questions/{served.pk}/audio/", headers={"Range": "bytes=0-1"})
    assert response.status_code == page.status_code == 200
    assert seek.status_code == 206 and seek["Content-Range"] == "bytes 8-11/12"
    assert past_end.status_code == 416 and past_end["Content-Range"] == "bytes */12"
    assert stranger.status_code == 404
    spec = generate(served.kind, seed=served.seed, **served.params).audio
    assert spec is not None and spec.content_hash not in response["Content-Disposition"]
    assert f"question-{served.pk}.wav" in response["Content-Disposition"]
    assert api_client_for(other_student).get(f"/api/questions/{served.pk}/audio/").status_code == 404


def test_a_lessons_practice_asks_that_lessons_questions_not_the_whole_units(student: User) -> None:
    """"The staff" led to a key signature question: its button practised the whole unit ("Reading music").
    Now it practises the lesson's own question types; the unit is the second button."""
    client = logged_in(student)
    page = client.get("/lessons/the-staff/").content.decode()
    assert 'name="lesson" value="the-staff">Practise this lesson</button>' in page
    assert 'name="unit" value="reading" class="secondary">Practise reading music</button>' in page
    response = client.post("/practice/", {"lesson": "the-staff"})
    attempt = QuizAttempt.objects.get()
    assert response["Location"] == f"/attempts/{attempt.pk}/"
    assert attempt.kinds and set(attempt.kinds) == set(services.lesson_get(slug="the-staff")[1].exercises)
    assert set(attempt.kinds) < set(services.unit_kinds("reading"))  # the unit asks more (key signatures)
    assert client.post("/practice/", {"lesson": "no-such-lesson"}).status_code == 404


@pytest.mark.parametrize(("difficulty", "picker", "doubles"), [(1, False, False), (2, True, False), (3, True, True)])
def test_a_note_to_place_offers_only_the_accidentals_its_level_can_ask(
    teacher: User, student: User, difficulty: int, picker: bool, doubles: bool
) -> None:
    quiz = services.quiz_create(owner=teacher, title="Place", mode="practice",
                                items=[{"kind": "note_construct", "count": 1, "params": {"difficulty": difficulty}}])
    attempt, _ = services.attempt_start(student=teacher, quiz=quiz)  # a teacher trying their own
    html = logged_in(teacher).get(f"/attempts/{attempt.pk}/").content.decode()
    assert 'class="staff-click"' in html
    assert ('name="staff-accidental"' in html) is picker
    assert ('value="x"' in html or "double sharp" in html) is doubles
    assert ("with # or b" in html) is picker  # naturals only: the typing help offers no accidental either


def test_the_results_show_each_question_s_notation(teacher: User, student: User) -> None:
    quiz = services.quiz_create(owner=teacher, title="Read", mode="practice",
                                items=[{"kind": "note_identify", "count": 1, "params": {"answer_mode": "note_name"}},
                                       {"kind": "note_construct", "count": 1}])
    attempt, _ = services.attempt_start(student=teacher, quiz=quiz)  # a teacher trying their own
    client = logged_in(teacher)
    for served in attempt.questions.order_by("position"):
        client.post(f"/attempts/{attempt.pk}/answer/", {"question": served.pk, "answer": "C4"})
    client.post(f"/attempts/{attempt.pk}/submit/")
    html = client.get(f"/attempts/{attempt.pk}/").content.decode()
    table = html[html.index('<table class="table stack">'):]
    assert table.count('class="notation review-notation"') == 2
    assert table.count("The right answer is coloured.") == 1  # the staff the note was placed on



@pytest.mark.parametrize(("language", "said"), [("en", "numbered notation (jianpu), 1 = {do}: <kbd>"),
                                                ("zh-hans", "。也可以写简谱数字，1 = {do}：")])
def test_a_dictation_page_says_jianpu_numbers_are_taken_and_what_1_is(
    teacher: User, language: str, said: str
) -> None:
    """Typed 简谱 was read since quiz16, but the page only ever said "Letters A–G": a student reading 简谱 had no
    way to know, nor which note 1 is (a minor key counts from its relative major)."""
    from music.key import key_from_name
    from music.movable_do import do_name

    quiz = services.quiz_create(owner=teacher, title="Dictation", mode="practice", items=[
        {"kind": "ear_melodic_dictation", "count": 1, "params": {"answer_mode": "note_name"}},
        {"kind": "note_identify", "count": 1, "params": {"answer_mode": "note_name"}}])
    attempt, _ = services.attempt_start(student=teacher, quiz=quiz)  # a teacher trying their own
    client = logged_in(teacher)
    for served in attempt.questions.order_by("position"):
        question = generate(served.kind, seed=served.seed, **served.params)
        html = client.get(f"/attempts/{attempt.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        if served.kind == "ear_melodic_dictation":
            assert said.format(do=do_name(key_from_name(question.key))) in html
        else:  # a note's name has no key to count from: numbers are refused there
            assert "1 = " not in html and "jianpu" not in html and "简谱数字" not in html
        client.post(f"/attempts/{attempt.pk}/answer/", {"question": served.pk, "answer": question.answer})


def test_a_dictation_answered_in_jianpu_on_the_page_is_marked_right(teacher: User) -> None:
    """check_answer read 简谱 since quiz16, but the page's own reading (services.answer_refusal) took note names
    only: "1 7 1" came back "'1' is not a note name" and was never marked."""
    from tests.lessons.test_jianpu_answers import _jianpu

    quiz = services.quiz_create(owner=teacher, title="Dictation", mode="practice", items=[
        {"kind": "ear_melodic_dictation", "count": 2, "params": {"answer_mode": "note_name"}}])
    attempt, _ = services.attempt_start(student=teacher, quiz=quiz)  # a teacher trying their own
    client = logged_in(teacher)
    for served, marks in zip(attempt.questions.order_by("position"), (False, True), strict=True):
        question = generate(served.kind, seed=served.seed, **served.params)
        typed = _jianpu(question.answer, question.key, marks=marks)
        client.get(f"/attempts/{attempt.pk}/")  # the page serves the question
        response = client.post(f"/attempts/{attempt.pk}/answer/", {"question": served.pk, "answer": typed}, follow=True)
        served.refresh_from_db()
        assert served.is_answered and served.correct, (typed, question.answer)
        assert "Right." in response.content.decode()


@pytest.mark.parametrize(("typed", "right"), [("{tonic} minor", True), ("{tonic}m", True), ("{zh}小调", True),
                                              ("{tonic} major", False), ("{zh}大调", False)])
def test_the_tonic_asked_may_be_typed_as_the_key_s_name(teacher: User, typed: str, right: bool) -> None:
    """"Type the tonic of the minor key" refused "升c小调" and "C# minor" as "not a note name" (not counted, and
    no reason a student would accept); the key's name holds the tonic asked. The other mode names another key."""
    from lessons.questions.check import check_answer

    seed = next(s for s in range(200) if "minor key" in generate(
        "key_signature_identify", seed=s, difficulty=3, answer_mode="note_name").prompt)
    question = generate("key_signature_identify", seed=seed, difficulty=3, answer_mode="note_name")
    tonic = question.answer
    zh = {"#": "升", "b": "降"}.get(tonic[1:2], "") + tonic[0].lower()
    answer = typed.format(tonic=tonic, zh=zh)
    assert services.answer_refusal(question, answer) is None
    ok, feedback = check_answer(question, answer)
    assert ok is right, feedback
    if not right:
        assert feedback.startswith("This asks for the minor key with this signature, not a major key."), feedback
        from django.utils import translation

        from lessons.question_text import explanation_text
        with translation.override("zh-hans"):
            assert explanation_text(feedback).startswith("这里问的是这个调号的小调，不是大调。"), feedback
